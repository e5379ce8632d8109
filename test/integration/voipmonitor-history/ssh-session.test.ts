/**
 * A search session over the profile's SSH connection (a direct-tcpip channel through a throwaway
 * OpenSSH sshd on 127.0.0.1) to a real MariaDB whose schema the real sniffer created
 * (test/helpers/sensor-db.ts): a search that outlives the sensor pool's idle close is not cut by
 * it, and the progress carries a total counted by the server in the same snapshot as the pages.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createVoipmonitorCdrSource } from '../../../src-main/connectors/voipmonitor/history/cdr-source';
import { voipmonitorProfileSchema, type VoipmonitorProfile } from '../../../src-main/profiles/schema';
import type { CdrPage, CdrQuery } from '../../../src-main/domain/cdr';
import { SensorPool } from '../../../src-main/connectors/voipmonitor/sensor';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';
import { startSensorDb, seedCdrs, sensorDbUnavailableReason, type SensorDb } from '../../helpers/sensor-db';
import { startSshd, sshdUnavailableReason, type TestSshd } from '../../helpers/sshd';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { errorOf } from '../../helpers/error-of';

const why = sensorDbUnavailableReason() ?? sshdUnavailableReason();
if (why && process.env['CI'] === 'true') throw new Error(`CI=true: the SSH sensor database tests must run, but ${why}.`);
if (why) process.stdout.write(`SSH sensor database tests skipped: ${why}.\n`);

const ROWS = 3000;
const IDLE_MS = 300;

describe.runIf(!why)('sensor database over the profile SSH connection', () => {
  let db: SensorDb;
  let sshd: TestSshd;
  let ro: { user: string; password: string };
  const day = new Date();
  day.setHours(0, 0, 0, 0);
  const q = (id: string, over: Partial<CdrQuery> = {}): CdrQuery => ({ profileId: id, from: day.toISOString(), to: new Date(day.getTime() + 86_399_000).toISOString(), limit: 100_000, ...over });
  const profile = (id: string): VoipmonitorProfile =>
    voipmonitorProfileSchema.parse({
      id, name: id, kind: 'voipmonitor', timeoutMs: 8000,
      transport: { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, sshKeyPath: sshd.clientKeyPath, hostKeySha256: sshd.hostKeyFingerprint, mode: 'tcp', remotePort: 5029 },
      database: { via: 'ssh', host: '127.0.0.1', port: db.port, database: db.database, user: ro.user },
    });
  /** A context whose sensor pool closes connections idle for more than IDLE_MS (the app's is 120 s). */
  async function context(...ids: string[]): Promise<FakeContext> {
    const ctx = await fakeContext(ids.map(profile));
    ctx.connections.pool('voipmonitor.sensors', () => new SensorPool({ secrets: ctx.secrets }, IDLE_MS));
    for (const id of ids) await ctx.secrets.set(id, 'dbPassword', ro.password);
    return ctx;
  }
  const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  beforeAll(async () => {
    [db, sshd] = await Promise.all([startSensorDb(), startSshd({ allowTcpForwarding: true })]);
    seedCdrs(db, ROWS);
    ro = db.createReadOnlyUser();
  }, 120_000);
  afterAll(async () => {
    await sshd?.stop();
    await db?.stop();
  });

  it('a search that runs longer than the idle close is not cut when another request sweeps the pool', async () => {
    const ctx = await context('long', 'other');
    try {
      const pool = sensorPoolFor(ctx);
      let pages = 0;
      let swept: Promise<unknown> | null = null;
      const r = await createVoipmonitorCdrSource(ctx, profile('long'), { firstPage: 100, page: 200, deliver: 100 }).search(q('long'), {
        signal: new AbortController().signal,
        onPage: (pg) => {
          if (!pg.records.length) return;
          pages++;
          // A slow consumer: the search's SSH connection sees no request of its own for longer than
          // the idle limit, then another profile's request runs the pool's idle sweep.
          if (pages === 2) sleepSync(IDLE_MS * 2);
          if (pages === 3) swept = pool.get(profile('other'));
        },
      });
      expect(r).toEqual({ fetched: ROWS, truncated: false });
      expect(swept).not.toBeNull();
      await swept;
      // Released when the search ended: the next sweep after the idle limit closes it as before.
      const before = await pool.get(profile('long'));
      await new Promise((res) => setTimeout(res, IDLE_MS * 2));
      await pool.get(profile('other'));
      expect(await pool.get(profile('long'))).not.toBe(before);
    } finally {
      await sensorPoolFor(ctx).closeAll();
      await ctx.cleanup();
    }
  }, 60_000);

  it('without the hold the same sweep cuts the channel (what the hold prevents)', async () => {
    const ctx = await context('cut', 'other');
    try {
      const pool = sensorPoolFor(ctx);
      // The search's own hold is released at once: this is the pool as it behaved before.
      const hold = pool.hold.bind(pool);
      pool.hold = (p) => {
        hold(p)();
        return () => undefined;
      };
      let pages = 0;
      const e = await errorOf(
        createVoipmonitorCdrSource(ctx, profile('cut'), { firstPage: 100, page: 200, deliver: 100 }).search(q('cut'), {
          signal: new AbortController().signal,
          onPage: (pg) => {
            if (!pg.records.length) return;
            if (++pages === 2) sleepSync(IDLE_MS * 2);
            if (pages === 3) void pool.get(profile('other')).catch(() => undefined);
          },
        }),
      );
      expect(e.code).toBe('connection');
    } finally {
      await sensorPoolFor(ctx).closeAll();
      await ctx.cleanup();
    }
  }, 60_000);

  it('after the first page, the progress carries the count of what the search will deliver', async () => {
    const ctx = await context('count');
    try {
      const run = async (over: Partial<CdrQuery>) => {
        const pages: CdrPage[] = [];
        const res = await createVoipmonitorCdrSource(ctx, profile('count'), { firstPage: 100, page: 500 }).search(q('count', over), {
          signal: new AbortController().signal,
          onPage: (pg) => pages.push({ ...pg, records: [...pg.records] }),
        });
        return { res, pages, records: pages.flatMap((p) => p.records) };
      };
      const all = await run({});
      expect(all.res.fetched).toBe(ROWS);
      expect(all.pages[0]!.total).toBeNull();
      expect(all.pages[0]!.records).toHaveLength(100);
      // The total arrives right after the first page and stays on every page after it.
      expect(all.pages[1]).toMatchObject({ records: [], total: ROWS, fetched: 100 });
      expect(all.pages.slice(1).every((p) => p.total === ROWS)).toBe(true);

      // With filters: the same conditions as the pages, checked against a count made from the rows.
      const filtered = await run({ sipCode: '486,487', callee: '10%' });
      const expected = all.records.filter((r) => (r.quality?.lastSipCode === 486 || r.quality?.lastSipCode === 487) && r.callee.startsWith('10')).length;
      expect(expected).toBeGreaterThan(100);
      expect(filtered.res.fetched).toBe(expected);
      expect(filtered.pages.at(-1)!.total).toBe(expected);

      // Beyond the limit the total is the limit: what this search will deliver.
      const capped = await run({ limit: 1234 });
      expect(capped.res).toEqual({ fetched: 1234, truncated: true });
      expect(capped.pages.at(-1)!.total).toBe(1234);

      // A first page that is all there is needs no count.
      const few = await run({ limit: 50 });
      expect(few.pages.every((p) => p.total === null)).toBe(true);
    } finally {
      await sensorPoolFor(ctx).closeAll();
      await ctx.cleanup();
    }
  }, 60_000);
});
