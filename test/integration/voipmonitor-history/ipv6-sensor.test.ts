/**
 * A sensor whose sniffer runs with `ipv6 = yes`: the real sniffer creates its address columns as
 * VARBINARY(16) and writes INET6_ATON(address) into them (4 bytes for an IPv4 peer, 16 for IPv6).
 * IP filters (addresses, CIDR blocks, lists, "!") of both families find exactly the rows whose shown
 * address is in the block, checked against a result computed from the unfiltered rows; an IPv6
 * filter on an IPv4-only sensor is refused in words.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { createVoipmonitorCdrSource } from '../../../src-main/connectors/voipmonitor/history/cdr-source';
import { voipmonitorProfileSchema, type VoipmonitorProfile } from '../../../src-main/profiles/schema';
import type { CdrQuery, CdrRecord } from '../../../src-main/domain/cdr';
import { startSensorDbs, seedCdrs, sensorDbUnavailableReason, type SensorDb } from '../../helpers/sensor-db';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { errorOf } from '../../helpers/error-of';

const why = sensorDbUnavailableReason();
if (why && process.env['CI'] === 'true') throw new Error(`CI=true: the ipv6 sensor database tests must run, but ${why}.`);
if (why) process.stdout.write(`IPv6 sensor database tests skipped: ${why}.\n`);

const ROWS = 600;

describe.runIf(!why)('IP filters on a sensor that stores addresses as IPv6 (ipv6 = yes)', () => {
  let v6: SensorDb;
  let v4: SensorDb;
  let ctx: FakeContext;
  let all: CdrRecord[];
  const day = new Date();
  day.setHours(0, 0, 0, 0);
  const profile = (id: string, db: SensorDb, user: string): VoipmonitorProfile =>
    voipmonitorProfileSchema.parse({ id, name: id, kind: 'voipmonitor', timeoutMs: 8000, transport: { type: 'tcp', host: '127.0.0.1', port: 1 }, database: { via: 'direct', host: '127.0.0.1', port: db.port, database: db.database, user, tls: 'off' } });
  let p6: VoipmonitorProfile;
  let p4: VoipmonitorProfile;
  const search = async (p: VoipmonitorProfile, over: Partial<CdrQuery> = {}) => {
    const records: CdrRecord[] = [];
    await createVoipmonitorCdrSource(ctx, p).search({ profileId: p.id, from: day.toISOString(), to: new Date(day.getTime() + 86_399_000).toISOString(), limit: 10_000, ...over }, { signal: new AbortController().signal, onPage: (pg) => records.push(...pg.records) });
    return records;
  };
  /**
   * What a filter term must match, computed from the shown address text with Node's BlockList
   * (independent of the SQL). Families are kept apart, as the sensor stores them: an IPv6 block never
   * matches an IPv4 peer (BlockList alone would match it through ::ffff:0:0/96).
   */
  const inBlock = (ip: string | null | undefined, block: string): boolean => {
    if (!ip) return false;
    const [addr, bits] = block.split('/');
    const list = new net.BlockList();
    const type = net.isIPv6(addr!) ? 'ipv6' : 'ipv4';
    if ((type === 'ipv6') !== net.isIPv6(ip)) return false;
    if (bits === undefined) list.addAddress(addr!, type);
    else list.addSubnet(addr!, Number(bits), type);
    return list.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4');
  };
  const ids = (rs: CdrRecord[]) => rs.map((r) => r.id).sort();

  beforeAll(async () => {
    [v6, v4] = (await startSensorDbs({ ipv6: true }, {})) as [SensorDb, SensorDb];
    seedCdrs(v6, ROWS, 'seed', { ipv6: true });
    seedCdrs(v4, 20);
    const ro6 = v6.createReadOnlyUser();
    const ro4 = v4.createReadOnlyUser();
    ctx = await fakeContext();
    p6 = profile('v6', v6, ro6.user);
    p4 = profile('v4', v4, ro4.user);
    await ctx.secrets.set('v6', 'dbPassword', ro6.password);
    await ctx.secrets.set('v4', 'dbPassword', ro4.password);
    all = await search(p6);
  }, 150_000);
  afterAll(async () => {
    await ctx?.cleanup();
    await v6?.stop();
    await v4?.stop();
  });

  it('the real sniffer made VARBINARY(16) address columns, and rows show both families', () => {
    expect(v6.sql("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'voipmonitor' AND TABLE_NAME = 'cdr' AND COLUMN_NAME = 'sipcallerip'").trim()).toBe('varbinary');
    expect(all).toHaveLength(ROWS);
    expect(all.some((r) => r.quality?.callerIp?.startsWith('2001:db8:'))).toBe(true);
    expect(all.some((r) => r.quality?.callerIp?.startsWith('10.0.'))).toBe(true);
  });

  it('addresses are shown as the database itself prints them (INET6_NTOA): IPv6 in RFC 5952 short form', () => {
    const printed = new Map(
      v6
        .sql('SELECT ID, INET6_NTOA(sipcallerip), INET6_NTOA(sipcalledip) FROM voipmonitor.cdr')
        .trim()
        .split('\n')
        .map((line) => {
          const [id, caller, called] = line.split('\t');
          return [id, `${caller} ${called}`] as const;
        }),
    );
    expect(printed.size).toBe(ROWS);
    for (const r of all) expect(`${r.quality?.callerIp} ${r.quality?.calledIp}`, `row ${r.id}`).toBe(printed.get(r.id));
    // Seeded as INET6_ATON('2001:db8::2A') (test/helpers/sensor-db.ts): never the long form.
    const shown = all.map((r) => r.quality?.callerIp);
    expect(shown).toContain('2001:db8::2a');
    expect(shown.filter((ip) => ip?.includes(':'))).toHaveLength(ROWS / 3);
    expect(shown.some((ip) => ip?.includes(':0:') || /(^|:)0[0-9a-f]/.test(ip ?? ''))).toBe(false);
  });

  it.each([
    ['10.0.0.0/24'],
    ['10.0.0.7'],
    ['2001:db8::/120'],
    ['2001:db8::2a'],
    ['10.0.1.0/24,2001:db8::100/121'],
    ['::/0'],
    ['0.0.0.0/0'],
  ])('caller IP %s finds exactly the rows whose address is in it', async (spec) => {
    const want = all.filter((r) => spec.split(',').some((b) => inBlock(r.quality?.callerIp, b)));
    expect(want.length).toBeGreaterThan(0);
    expect(ids(await search(p6, { callerIp: spec }))).toEqual(ids(want));
  });

  it('"!" excludes a block, and IPv4 callee blocks work on the same sensor', async () => {
    const want = all.filter((r) => !inBlock(r.quality?.callerIp, '2001:db8::/32') && inBlock(r.quality?.calledIp, '192.168.0.0/28'));
    expect(want.length).toBeGreaterThan(0);
    expect(ids(await search(p6, { callerIp: '!2001:db8::/32', calledIp: '192.168.0.0/28' }))).toEqual(ids(want));
  });

  it('an IPv6 filter on an IPv4-only sensor is refused in words; text that is no address at all too', async () => {
    const e = await errorOf(search(p4, { callerIp: '2001:db8::1' }));
    expect(e.code).toBe('usage');
    expect(e.message).toMatch(/IPv6 address, but this sensor stores IPv4 addresses only/);
    expect((await search(p4, { callerIp: '10.0.0.0/8' })).length).toBe(20);
    const bad = await errorOf(search(p6, { callerIp: '2001:db8::1/129' }));
    expect(bad.message).toMatch(/not an IP address or CIDR block/);
  });
});
