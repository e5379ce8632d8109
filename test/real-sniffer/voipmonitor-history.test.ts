/**
 * VoIPmonitor call history against the real sniffer and the MariaDB it writes (run-in-netns.sh
 * --mariadb): the sniffer creates its own schema and inserts the CDRs of real SIP/RTP calls placed on
 * loopback; Callboard searches them through a read-only account with per-table grants.
 *
 * Every filter is checked against an oracle computed from the full, unfiltered result; paging runs
 * over 12,000 rows cloned (server-side, INSERT … SELECT) from a call the sniffer wrote.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CallboardError } from '../../src-main/core/errors';
import type { CdrQuery, CdrRecord } from '../../src-main/domain/cdr';
import type { ProfileInput, VoipmonitorProfile } from '../../src-main/profiles/schema';
import { voipmonitorProfileSchema } from '../../src-main/profiles/schema';
import { createVoipmonitorCdrSource, openProfileDb } from '../../src-main/connectors/voipmonitor/history/cdr-source';
import { cdrCommand } from '../../src-main/cli/commands/cdr';
import { exitCodeFor } from '../../src-main/core/errors';
import { buildCallView } from '../../src-main/services/call-view';
import { sensorPoolFor } from '../../src-main/connectors/voipmonitor/live-source';
import type { CliIO } from '../../src-main/cli/types';
import { realSnifferFromEnv, REAL_SNIFFER_AES, type RealSnifferInfo } from '../helpers/real-sniffer';
import { SipTraffic, type PlacedCall } from '../helpers/sip-traffic';
import { fakeContext, type FakeContext } from '../helpers/fake-app-context';
import { startSshd, type TestSshd } from '../helpers/sshd';
import { errorOf } from '../helpers/error-of';

const info = realSnifferFromEnv() as RealSnifferInfo & { mysql: NonNullable<RealSnifferInfo['mysql']> };
if (!info?.mysql) throw new Error('These tests run inside the real sniffer\'s namespace with --mariadb: use `node scripts/test-real-sniffer.mjs` (part of `npm test`).');

const RO_USER = 'cb_ro';
const RO_PASSWORD = `ro-${randomBytes(9).toString('hex')}`;
const BULK = 12_000;

function sql(text: string, db = info.mysql.db): string {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${info.mysql.socket}`, '-uroot', '-N', '-B', db], { input: text, encoding: 'utf8' });
}

function profile(over: Partial<NonNullable<VoipmonitorProfile['database']>> = {}, id = 'vmh', transport?: { transport: unknown }): VoipmonitorProfile {
  return voipmonitorProfileSchema.parse({
    id, name: 'History', kind: 'voipmonitor', timeoutMs: 8000, cipher: 'aes-128-cbc',
    transport: { type: 'tcp', host: info.manager_ip, port: info.port },
    ...(transport ?? {}),
    database: { via: 'direct', host: '127.0.0.1', port: info.mysql.port ?? 3306, database: info.mysql.db, user: RO_USER, tls: 'off', ...over },
  });
}

async function contextFor(p: VoipmonitorProfile, password = RO_PASSWORD): Promise<FakeContext> {
  const ctx = await fakeContext([p as ProfileInput]);
  ctx.clock.ms = Date.now();
  await ctx.secrets.set(p.id, 'dbPassword', password);
  await ctx.secrets.set(p.id, 'aesKey', REAL_SNIFFER_AES.keyB64);
  await ctx.secrets.set(p.id, 'aesIv', REAL_SNIFFER_AES.ivB64);
  return ctx;
}

async function search(ctx: FakeContext, p: VoipmonitorProfile, q: Partial<CdrQuery>, opts: { firstPage?: number; page?: number } = {}) {
  const src = createVoipmonitorCdrSource(ctx, p, opts);
  const records: CdrRecord[] = [];
  let pages = 0;
  const res = await src.search({ profileId: p.id, from: window.from, to: window.to, limit: 10_000, ...q } as CdrQuery, {
    signal: new AbortController().signal,
    onPage: (pg) => {
      pages++;
      records.push(...pg.records);
    },
  });
  return { records, pages, ...res };
}

let ctx: FakeContext;
let p: VoipmonitorProfile;
let traffic: SipTraffic;
let traffic2: SipTraffic;
const calls: Record<string, PlacedCall> = {};
const window = { from: '', to: '' };
const tomorrow = { from: '', to: '' };
let all: CdrRecord[] = [];
const ours = (rs: CdrRecord[]) => rs.filter((r) => Object.values(calls).some((c) => c.callId === r.callId));
const mosShown = (r: CdrRecord) => [r.quality?.mosCaller, r.quality?.mosCalled].filter((m): m is number => typeof m === 'number');
const ids = (rs: CdrRecord[]) => ours(rs).map((r) => r.callId).sort();

beforeAll(async () => {
  sql(`CREATE USER IF NOT EXISTS '${RO_USER}'@'127.0.0.1' IDENTIFIED BY '${RO_PASSWORD}';
       ${['cdr', 'cdr_next', 'cdr_sip_response', 'cdr_ua'].map((t) => `GRANT SELECT ON ${info.mysql.db}.${t} TO '${RO_USER}'@'127.0.0.1';`).join('\n')}
       CREATE DATABASE IF NOT EXISTS vm_old;
       CREATE TABLE IF NOT EXISTS vm_old.cdr LIKE ${info.mysql.db}.cdr;
       CREATE TABLE IF NOT EXISTS vm_old.cdr_next LIKE ${info.mysql.db}.cdr_next;
       CREATE TABLE IF NOT EXISTS vm_old.cdr_sip_response LIKE ${info.mysql.db}.cdr_sip_response;
       ALTER TABLE vm_old.cdr_next DROP COLUMN fbasename;
       GRANT SELECT ON vm_old.* TO '${RO_USER}'@'127.0.0.1';`);
  const start = Date.now();
  window.from = new Date(start - 5 * 60_000).toISOString();
  traffic = await new SipTraffic({ callerIp: '127.0.1.2', calledIp: '127.0.1.3', rtpBase: 42_000, seed: 12 }).start();
  traffic2 = await new SipTraffic({ callerIp: '127.0.1.5', calledIp: '127.0.1.6', rtpBase: 44_000, seed: 13 }).start();
  // Eleven seconds of media: the sniffer scores MOS per 10 s interval.
  const placed = await Promise.all([
    traffic.call({ caller: '1001', called: '2002', outcome: 'ended', talkMs: 11_500 }),
    traffic.call({ caller: '1002', called: '2002', outcome: 'ended', talkMs: 11_500, lossPct: 12 }),
    traffic.call({ caller: '1001', called: '3003', outcome: 'busy' }),
    traffic.call({ caller: "o'brien", called: '4004', callerName: 'Pat OBrien', outcome: 'ended', talkMs: 800 }),
    traffic.call({ caller: '5005', called: '2002', outcome: 'ringing' }),
    traffic2.call({ caller: '1001', called: '2002', outcome: 'ended', talkMs: 800, answerPayload: 8 }),
  ]);
  [calls['good'], calls['lossy'], calls['busy'], calls['quote'], calls['ringing'], calls['pcma']] = placed;
  await new Promise((r) => setTimeout(r, 300));
  await calls['ringing']!.hangup();
  const list = Object.values(calls).map((c) => `'${c.callId.replace(/'/g, "''")}'`).join(',');
  // Rows appear once the sniffer closes the calls; its clock runs on captured packets (the traffic
  // generators keep sending idle datagrams).
  for (let i = 0; i < 180; i++) {
    if (Number(sql(`SELECT COUNT(*) FROM cdr_next WHERE fbasename IN (${list})`).trim()) === placed.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  window.to = new Date(Date.now() + 60_000).toISOString();
  const good = sql(`SELECT cdr_ID FROM cdr_next WHERE fbasename = '${calls['good']!.callId}'`).trim();
  // 12,000 more rows in tomorrow's partition (the sniffer creates it), three per second so keyset
  // paging must break ties on ID; every column copied from the sniffer's own row for the good call.
  const t0 = new Date();
  t0.setHours(24, 0, 0, 0);
  tomorrow.from = t0.toISOString();
  tomorrow.to = new Date(t0.getTime() + 23 * 3600_000).toISOString();
  sql(`INSERT INTO cdr (calldate, callend, duration, connect_duration, caller, caller_reverse, called, called_reverse, sipcallerip, sipcalledip,
         lastSIPresponseNum, lastSIPresponse_id, a_payload, b_payload, a_mos_adapt_mult10, b_mos_adapt_mult10, mos_min_mult10)
       SELECT CURDATE() + INTERVAL 1 DAY + INTERVAL (s.seq DIV 3) SECOND, CURDATE() + INTERVAL 1 DAY + INTERVAL (s.seq DIV 3 + 12) SECOND,
         c.duration, c.connect_duration, CONCAT('9', s.seq), REVERSE(CONCAT('9', s.seq)), c.called, c.called_reverse, c.sipcallerip, c.sipcalledip,
         c.lastSIPresponseNum, c.lastSIPresponse_id, c.a_payload, c.b_payload, c.a_mos_adapt_mult10, c.b_mos_adapt_mult10, c.mos_min_mult10
       FROM seq_1_to_${BULK} s JOIN cdr c ON c.ID = ${good};
       INSERT INTO cdr_next (cdr_ID, calldate, fbasename)
       SELECT ID, calldate, CONCAT('bulk-', ID, '@127.0.0.9') FROM cdr WHERE calldate >= CURDATE() + INTERVAL 1 DAY AND caller LIKE '9%';`);
  p = profile();
  ctx = await contextFor(p);
  all = (await search(ctx, p, {})).records;
}, 240_000);

afterAll(async () => {
  await traffic?.close();
  await traffic2?.close();
  if (ctx) await sensorPoolFor(ctx).closeAll();
  await ctx?.cleanup();
});

describe('CDRs the real sniffer wrote', () => {
  it('finds every placed call with its real Call-ID, SIP response, quality, codec and addresses', () => {
    expect(ids(all)).toEqual(Object.values(calls).map((c) => c.callId).sort());
    const by = (k: string) => all.find((r) => r.callId === calls[k]!.callId)!;
    const good = by('good');
    expect(good).toMatchObject({ source: 'voipmonitor', caller: '1001', callee: '2002', disposition: 'ANSWERED' });
    expect(good.quality).toMatchObject({ lastSipCode: 200, lastSipResponse: '200 OK', callerIp: '127.0.1.2', calledIp: '127.0.1.3', codec: 'PCMU', lossCaller: 0, lossCalled: 0 });
    // A real score (MOS x10 in the table, shown /10); its exact value moves with the send timing of the
    // RTP generator on a loaded machine (jitter), so only the lossy call below is compared with it.
    expect(good.quality!.mosCaller).toBeGreaterThanOrEqual(1);
    expect(good.quality!.mosCaller).toBeLessThanOrEqual(4.5);
    expect(good.durationSec).toBeGreaterThanOrEqual(11);
    expect(Date.parse(good.start)).toBeGreaterThanOrEqual(calls['good']!.invitedAt - 1500);
    expect(Date.parse(good.start)).toBeLessThanOrEqual(calls['good']!.invitedAt + 1500);
    expect(good.answer).not.toBeNull();
    const lossy = by('lossy');
    expect(lossy.quality!.lossCaller!).toBeGreaterThan(5);
    expect(lossy.quality!.lossCalled!).toBeGreaterThan(5);
    expect(lossy.quality!.mosCaller!).toBeLessThan(good.quality!.mosCaller!);
    expect(by('busy')).toMatchObject({ disposition: 'BUSY', billsec: 0, quality: { lastSipCode: 486, connectDurationSec: null } });
    expect(by('ringing')).toMatchObject({ disposition: 'NO ANSWER', quality: { lastSipCode: 487 } });
    expect(by('quote')).toMatchObject({ caller: "o'brien", callerName: 'Pat OBrien' });
    expect(by('pcma').quality).toMatchObject({ codec: 'PCMA', callerIp: '127.0.1.5', calledIp: '127.0.1.6' });
  });

  const filters: Array<[string, Partial<CdrQuery>, (r: CdrRecord) => boolean]> = [
    ['caller exact', { caller: '1001' }, (r) => r.caller === '1001'],
    ['caller list', { caller: '1002,5005' }, (r) => ['1002', '5005'].includes(r.caller)],
    ['caller prefix %', { caller: '100%' }, (r) => r.caller.startsWith('100')],
    ['caller suffix % (reverse column)', { caller: '%002' }, (r) => r.caller.endsWith('002')],
    ['caller negation', { caller: '!1001' }, (r) => r.caller !== '1001'],
    ['caller alternatives and negation', { caller: '100%,5005,!1002' }, (r) => (r.caller.startsWith('100') || r.caller === '5005') && r.caller !== '1002'],
    ['callee exact', { callee: '2002' }, (r) => r.callee === '2002'],
    ['callee negation list', { callee: '!2002,!4004' }, (r) => r.callee !== '2002' && r.callee !== '4004'],
    ['caller name wildcard', { callerName: 'Pat%' }, (r) => (r.callerName ?? '').startsWith('Pat')],
    ['caller IP', { callerIp: '127.0.1.5' }, (r) => r.quality?.callerIp === '127.0.1.5'],
    ['caller CIDR', { callerIp: '127.0.1.0/30' }, (r) => ['127.0.1.1', '127.0.1.2', '127.0.1.3'].includes(r.quality?.callerIp ?? '')],
    ['callee IP negated', { calledIp: '!127.0.1.6' }, (r) => r.quality?.calledIp !== '127.0.1.6'],
    ['SIP code', { sipCode: '486' }, (r) => r.quality?.lastSipCode === 486],
    ['SIP class', { sipCode: '4xx' }, (r) => (r.quality?.lastSipCode ?? 0) >= 400 && (r.quality?.lastSipCode ?? 0) < 500],
    ['SIP code negation', { sipCode: '!200' }, (r) => r.quality?.lastSipCode !== 200],
    ['min duration', { minDurationSec: 10 }, (r) => r.durationSec >= 10],
    ['max duration', { maxDurationSec: 5 }, (r) => r.durationSec <= 5],
    ['min connect duration', { minConnectSec: 10 }, (r) => (r.quality?.connectDurationSec ?? -1) >= 10],
    ['max connect duration', { maxConnectSec: 5 }, (r) => r.quality?.connectDurationSec !== null && r.quality!.connectDurationSec! <= 5],
    ['loss above', { lossAbove: 5 }, (r) => (r.quality?.lossCaller ?? 0) > 5 || (r.quality?.lossCalled ?? 0) > 5],
    ['codec name', { codec: 'PCMA' }, (r) => (r.quality?.codec ?? '').includes('PCMA')],
    ['codec payload number, negated', { codec: '!0' }, (r) => !(r.quality?.codec ?? '').includes('PCMU')],
    ['sensor id (unset on this sensor)', { sensorId: '1' }, (r) => r.quality?.sensorId === 1],
    ['disposition BUSY', { disposition: 'BUSY' }, (r) => r.disposition === 'BUSY'],
    ['disposition NO ANSWER', { disposition: 'NO ANSWER' }, (r) => r.disposition === 'NO ANSWER'],
    ['disposition ANSWERED', { disposition: 'ANSWERED' }, (r) => r.disposition === 'ANSWERED'],
  ];
  for (const [name, q, pred] of filters) {
    it(`filter: ${name}`, async () => {
      const expected = ids(all.filter(pred));
      const got = (await search(ctx, p, q)).records;
      expect(ids(got)).toEqual(expected);
      // Filters are applied by the server: nothing outside the predicate comes back.
      expect(got.every(pred)).toBe(true);
    });
  }

  it('filter: MOS below a threshold between the good and the lossy call', async () => {
    const good = all.find((r) => r.callId === calls['good']!.callId)!;
    const lossy = all.find((r) => r.callId === calls['lossy']!.callId)!;
    const t = (Math.min(...mosShown(good)) + Math.min(...mosShown(lossy))) / 2;
    const got = (await search(ctx, p, { mosBelow: Math.round(t * 10) / 10 })).records;
    expect(ids(got)).toEqual(ids(all.filter((r) => mosShown(r).some((m) => m < Math.round(t * 10) / 10))));
    expect(ids(got)).toContain(calls['lossy']!.callId);
    expect(ids(got)).not.toContain(calls['good']!.callId);
  });

  it('filter: exact Call-ID', async () => {
    const got = (await search(ctx, p, { callId: calls['quote']!.callId })).records;
    expect(got.map((r) => r.callId)).toEqual([calls['quote']!.callId]);
  });

  it("SQL-ish input in every text field returns only matching rows, never all of them", async () => {
    const evil = "' OR 1=1 --";
    for (const field of ['caller', 'callee', 'callerName', 'callId'] as const) {
      const got = (await search(ctx, p, { [field]: evil })).records;
      expect(got, field).toEqual([]);
      const more = (await search(ctx, p, { [field]: `%${evil}%` })).records;
      expect(more, field).toEqual([]);
    }
    // A quote that is part of the data matches exactly that row.
    expect(ids((await search(ctx, p, { caller: "o'brien" })).records)).toEqual([calls['quote']!.callId]);
    expect((await search(ctx, p, { caller: "o'brien' OR '1'='1" })).records).toEqual([]);
    // Structured fields refuse such input in words instead of guessing.
    for (const field of ['callerIp', 'calledIp', 'sipCode', 'codec', 'sensorId'] as const) {
      const e = await errorOf(search(ctx, p, { [field]: evil }));
      expect(e.code, field).toBe('usage');
    }
    // And the tables are all still there.
    expect(Number(sql('SELECT COUNT(*) FROM cdr').trim())).toBeGreaterThanOrEqual(BULK + 6);
  });
});

describe('paging, limits and cancel over 12,000 rows', () => {
  it('keyset pages deliver every row once, in (calldate, ID) order, past 10,000', async () => {
    const r = await search(ctx, p, { from: tomorrow.from, to: tomorrow.to, limit: 50_000 });
    expect(r.fetched).toBe(BULK);
    expect(r.truncated).toBe(false);
    expect(r.pages).toBeGreaterThanOrEqual(7);
    expect(new Set(r.records.map((x) => x.id)).size).toBe(BULK);
    for (let i = 1; i < r.records.length; i++) {
      const a = r.records[i - 1]!;
      const b = r.records[i]!;
      const ordered = Date.parse(a.start) < Date.parse(b.start) || (a.start === b.start && BigInt(a.id) < BigInt(b.id));
      if (!ordered) throw new Error(`rows ${i - 1} and ${i} out of order: ${a.start}/${a.id} then ${b.start}/${b.id}`);
    }
    expect(r.records.every((x) => x.callId === `bulk-${x.id}@127.0.0.9`)).toBe(true);
  });

  it('stops at the row cap and says so', async () => {
    const r = await search(ctx, p, { from: tomorrow.from, to: tomorrow.to, limit: 10_001 });
    expect(r.fetched).toBe(10_001);
    expect(r.truncated).toBe(true);
  });

  it('cancel stops the search and leaves no query running on the server', async () => {
    const src = createVoipmonitorCdrSource(ctx, p, { firstPage: 100, page: 100 });
    const ac = new AbortController();
    let seen = 0;
    const e = await errorOf(
      src.search({ profileId: p.id, from: tomorrow.from, to: tomorrow.to, limit: 50_000 } as CdrQuery, {
        signal: ac.signal,
        onPage: (pg) => {
          seen += pg.records.length;
          if (seen >= 300) ac.abort();
        },
      }),
    );
    expect(e.code).toBe('cancelled');
    expect(seen).toBeLessThan(1000);
    let left = '';
    for (let i = 0; i < 40; i++) {
      left = sql(`SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '${RO_USER}'`).trim();
      if (left === '0') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toBe('0');
  });
});

describe('safety and errors in words', () => {
  it('sessions are read-only with a server-side statement limit', async () => {
    const s = await openProfileDb(ctx, profile({ statementTimeoutSec: 1 }));
    try {
      const [[ro, limit]] = (await s.rows('SELECT @@session.tx_read_only, @@session.max_statement_time', [])) as [[number, string]];
      expect(Number(ro)).toBe(1);
      expect(Number(limit)).toBe(1);
      const e = await errorOf(s.rows('SELECT SLEEP(3) FROM cdr LIMIT 1', []));
      expect(e.code).toBe('timeout');
      expect(e.message).toMatch(/statement time limit/);
    } finally {
      s.destroy();
    }
  });

  it('a wrong password is an authentication error that names the setting, never the password', async () => {
    const c = await contextFor(p, 'not-the-password');
    const e = await errorOf(search(c, p, {}));
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/dbPassword/);
    expect(JSON.stringify(e)).not.toContain('not-the-password');
    await c.cleanup();
  });

  it('an unreachable database is a connection error', async () => {
    const q = profile({ port: 1 });
    const c = await contextFor(q);
    const e = await errorOf(search(c, q, {}));
    expect(e.code).toBe('connection');
    expect(e.message).toMatch(/refused/);
    await c.cleanup();
  });

  it('a missing column is named in words at connect', async () => {
    const q = profile({ database: 'vm_old' });
    const c = await contextFor(q);
    const e = await errorOf(search(c, q, {}));
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/no cdr_next\.fbasename column/);
    await c.cleanup();
  });

  it('a table without a grant is named too', async () => {
    sql(`CREATE USER IF NOT EXISTS 'cb_half'@'127.0.0.1' IDENTIFIED BY '${RO_PASSWORD}'; GRANT SELECT ON ${info.mysql.db}.cdr TO 'cb_half'@'127.0.0.1'; GRANT SELECT ON ${info.mysql.db}.cdr_next TO 'cb_half'@'127.0.0.1';`);
    const q = profile({ user: 'cb_half' });
    const c = await contextFor(q);
    const e = await errorOf(search(c, q, {}));
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/no table cdr_sip_response/);
    await c.cleanup();
  });
});

describe('through the profile\'s own SSH connection', () => {
  let sshd: TestSshd | null = null;
  afterAll(async () => {
    await sshd?.stop();
  });
  it('searches over a direct-tcpip channel to the database port on the SSH server', async () => {
    sshd = await startSshd({ allowTcpForwarding: true });
    const q = profile({ via: 'ssh', tls: 'required' }, 'vmssh', {
      transport: { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, sshKeyPath: sshd.clientKeyPath, hostKeySha256: sshd.hostKeyFingerprint, mode: 'tcp', remotePort: info.port },
    });
    const c = await contextFor(q);
    try {
      const r = await search(c, q, { caller: '1001' });
      expect(ids(r.records)).toEqual(ids(all.filter((x) => x.caller === '1001')));
    } finally {
      await sensorPoolFor(c).closeAll();
      await c.cleanup();
    }
  });
});

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t), readStdin: async () => '', confirm: async () => false, isTTY: false };
  return o;
}

async function cli(c: FakeContext, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = io();
  try {
    return { code: await cdrCommand.run(args, o, c), out: o.out, err: o.err };
  } catch (e) {
    if (e instanceof CallboardError) return { code: exitCodeFor(e.code), out: o.out, err: e.message };
    throw e;
  }
}

describe('callboard cdr on a VoIPmonitor profile', () => {
  it('prints the issue\'s JSON fields, filtered by SIP code and MOS', async () => {
    const r = await cli(ctx, ['vmh', '--from', window.from, '--to', window.to, '--caller', '1001', '--sip-code', '486', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(rows.map((x) => x['callId'])).toEqual([calls['busy']!.callId]);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['callId', 'start', 'caller', 'called', 'duration', 'connectDuration', 'lastSipResponse', 'mosCaller', 'mosCalled', 'lossCaller', 'lossCalled', 'codec']));
    expect(rows[0]).toMatchObject({ caller: '1001', called: '3003', connectDuration: null });
    const lossy = all.find((x) => x.callId === calls['lossy']!.callId)!;
    const mos = await cli(ctx, ['vmh', '--from', window.from, '--to', window.to, '--called', '2002', '--mos-below', String(Math.min(...mosShown(lossy)) + 0.1), '--limit', '50', '--json']);
    expect(mos.code).toBe(0);
    expect((JSON.parse(mos.out) as Array<Record<string, unknown>>).map((x) => x['callId'])).toContain(calls['lossy']!.callId);
    const csv = await cli(ctx, ['vmh', '--from', window.from, '--to', window.to, '--sip-code', '486', '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.out).toContain(calls['busy']!.callId);
  });

  it('exit 3 on a wrong password, 4 when unreachable, 2 on a schema it cannot read', async () => {
    const args = ['--from', window.from, '--to', window.to, '--json'];
    const bad = await contextFor(p, 'wrong');
    expect((await cli(bad, ['vmh', ...args])).code).toBe(3);
    await bad.cleanup();
    const down = profile({ port: 1 });
    const dc = await contextFor(down);
    expect((await cli(dc, ['vmh', ...args])).code).toBe(4);
    await dc.cleanup();
    const old = profile({ database: 'vm_old' });
    const oc = await contextFor(old);
    expect((await cli(oc, ['vmh', ...args])).code).toBe(2);
    await oc.cleanup();
  });
});

describe('call view', () => {
  it('joins the sensor\'s historical record by exact Call-ID', async () => {
    const view = await buildCallView(ctx, { callId: calls['good']!.callId, at: window.to, windowSec: 3600 });
    const rec = view.records.find((r) => r.record.source === 'voipmonitor');
    expect(rec).toMatchObject({ match: 'callid', record: { callId: calls['good']!.callId, caller: '1001' } });
    expect(view.records.filter((r) => r.record.source === 'voipmonitor')).toHaveLength(1);
  });
});
