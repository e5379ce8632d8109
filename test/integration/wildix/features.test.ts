import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startWildixSim, type WildixSim } from '../../sims/wildix/server';
import { generateWildixSeed, type WildixRecord } from '../../sims/wildix/seed';
import { createWildixCdrSource } from '../../../src-main/connectors/wildix/call-history';
import { listColleagues, listQueues } from '../../../src-main/connectors/wildix/directory';
import { wildixOriginate } from '../../../src-main/connectors/wildix/originate';
import { testWildix } from '../../../src-main/connectors/wildix/tester';
import { listUserCalls } from '../../../src-main/connectors/wildix/live';
import { liveCallSchema } from '../../../src-main/domain/live-call';
import { cdrQuerySchema, cdrRecordSchema, type CdrPage, type CdrQuery, type CdrRecord } from '../../../src-main/domain/cdr';
import type { AppContext } from '../../../src-main/core/context';
import type { WildixProfile } from '../../../src-main/profiles/schema';
import { contextFor, profileFor } from './helpers';
import { callsHandlers } from '../../../src-main/ipc/handlers/calls';
import { directoryHandlers } from '../../../src-main/ipc/handlers/directory';
import { contract } from '../../../src-main/ipc/contract';
import type { HandlerContext } from '../../../src-main/ipc/router';

let sim: WildixSim;
let profile: WildixProfile;
let ctx: AppContext;
const seed = generateWildixSeed({ historyCount: 2500, newest: '2026-03-02 18:00:00' });

beforeAll(async () => {
  // A PBX that hands out at most 100 rows per page, whatever is asked for.
  sim = await startWildixSim({ seed, maxCount: 100 });
  profile = profileFor(sim);
  ctx = (await contextFor(profile)) as unknown as AppContext;
});
afterAll(async () => {
  await sim.stop();
});

async function search(q: Partial<CdrQuery>, signal = new AbortController().signal) {
  const pages: CdrPage[] = [];
  const query = cdrQuerySchema.parse({ profileId: profile.id, from: '2026-02-01T00:00:00Z', to: '2026-03-03T00:00:00Z', ...q });
  const res = await createWildixCdrSource(ctx, profile).search(query, { signal, onPage: (p) => pages.push(p) });
  return { res, pages, records: pages.flatMap((p) => p.records) };
}

const byStartDesc = (a: WildixRecord, b: WildixRecord) => (a.start === b.start ? 0 : (a.start as string) < (b.start as string) ? 1 : -1);

describe('Wildix call history as a CdrSource', () => {
  it('pages through all records, following what the PBX hands out, with progress', async () => {
    const before = sim.requests.length;
    const { res, pages, records } = await search({ limit: 100_000 });
    expect(res).toEqual({ fetched: 2500, truncated: false });
    expect(records.length).toBe(2500);
    expect(new Set(records.map((r) => r.id)).size).toBe(2500);
    expect(pages.length).toBe(25);
    expect(pages.map((p) => p.fetched)).toEqual(Array.from({ length: 25 }, (_, i) => (i + 1) * 100));
    expect(pages[0]?.total).toBe(2500);
    const targets = sim.requests.slice(before).map((r) => r.target);
    expect(targets[1]).toContain('start=100');
    // Newest first, exactly the seed's order.
    expect(records.slice(0, 3).map((r) => r.id)).toEqual([...seed.history].sort(byStartDesc).slice(0, 3).map((r) => r.id));
  });

  it('normalises rows into valid CdrRecords with the PBX offset', async () => {
    const { records } = await search({ limit: 5 });
    for (const r of records) expect(cdrRecordSchema.safeParse(r).success).toBe(true);
    const first = records[0] as CdrRecord;
    const row = seed.history.find((h) => h.id === first.id) as WildixRecord;
    expect(first.start).toBe((row.start as string).replace(' ', 'T') + '+00:00');
    expect(first.caller).toBe(row.from_number);
    expect(first.callee).toBe(row.to_number);
    expect(first.billsec).toBe(Number(row.billsec));
    expect(first.source).toBe('wildix');
    expect(first.extra.lastapp).toBe('Dial');
    expect(first.legs[0]?.channel).toBe(row.channel);
  });

  it('stops at the limit and says the result is truncated', async () => {
    const { res, records } = await search({ limit: 250 });
    expect(res).toEqual({ fetched: 250, truncated: true });
    expect(records.length).toBe(250);
  });

  it('applies time range, disposition, caller and free-text filters like a brute-force scan', async () => {
    const inWindow = (h: WildixRecord) => (h.start as string) >= '2026-03-02 00:00:00' && (h.start as string) <= '2026-03-02 11:59:59';
    const ext = seed.history.find((h) => inWindow(h) && h.disposition === 'NO ANSWER' && /^\d+$/.test(h.from_number as string))?.from_number as string;
    const { records } = await search({ from: '2026-03-02T00:00:00Z', to: '2026-03-02T11:59:59Z', disposition: 'NO ANSWER', caller: ext });
    const expected = seed.history.filter((h) => inWindow(h) && h.disposition === 'NO ANSWER' && h.from_number === ext);
    expect(expected.length).toBeGreaterThan(0);
    expect(records.map((r) => r.id).sort()).toEqual(expected.map((h) => h.id).sort());
    const last = sim.requests.at(-1)?.target ?? '';
    expect(last).toContain('filter%5Bdisposition%5D=NO+ANSWER');
    expect(last).toContain('filter%5Bfrom_number%5D=' + ext);
    expect(last).toContain('filter%5Bstart%5D%5Bfrom%5D=2026-03-02+00%3A00%3A00');
  });

  it('evaluates ranges, lists and wildcards that Wildix cannot filter on the client side', async () => {
    const { records, pages } = await search({ callee: '100-104,+42060@' });
    const match = (v: string) => (/^\d+$/.test(v) && Number(v) >= 100 && Number(v) <= 104) || v.startsWith('+42060');
    const expected = seed.history.filter((h) => match(h.to_number as string));
    expect(records.length).toBe(expected.length);
    expect(records.every((r) => match(r.callee))).toBe(true);
    expect(pages[0]?.total).toBeNull();
  });

  it('sends free text as search and re-checks it', async () => {
    const name = 'Karla';
    const { records } = await search({ text: name });
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => `${r.callerName ?? ''} ${String(r.extra.to_name)}`.includes(name))).toBe(true);
    expect(sim.requests.at(-1)?.target).toContain('search=Karla');
  });

  it('can be cancelled between pages', async () => {
    const ac = new AbortController();
    const query = cdrQuerySchema.parse({ profileId: profile.id, from: '2026-02-01T00:00:00Z', to: '2026-03-03T00:00:00Z', limit: 100_000 });
    let pages = 0;
    const p = createWildixCdrSource(ctx, profile).search(query, {
      signal: ac.signal,
      onPage: () => {
        if (++pages === 3) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(pages).toBe(3);
  });

  it('rejects an inverted range before calling the PBX', async () => {
    const before = sim.requests.length;
    await expect(search({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).rejects.toMatchObject({ code: 'usage' });
    expect(sim.requests.length).toBe(before);
  });
});

describe('Wildix queues, colleagues and Originate', () => {
  it('lists queues with member extensions', async () => {
    const queues = await listQueues(ctx, profile.id);
    expect(queues.map((q) => q.name)).toEqual(['Support', 'Sales', 'Night service']);
    expect(queues[0]?.members).toEqual(seed.queues[0]?.members.map((m) => m.stateInterface.replace('SIP/', '')));
    expect(queues[2]?.members).toEqual([]);
  });

  it('lists colleagues with presence', async () => {
    const list = await listColleagues(ctx, profile.id);
    expect(list.length).toBe(42);
    const c = list.find((x) => x.extension === '101');
    expect(c?.name).toBe(seed.colleagues[1]?.name);
    expect(c?.presence).toEqual({ online: true, show: 'away', message: null });
    expect(list.find((x) => x.extension === '104')?.presence?.online).toBe(false);
  });

  it('answers the directory and calls IPC channels for a Wildix profile with replies that fit the contract', async () => {
    const dir = directoryHandlers(ctx);
    const calls = callsHandlers(ctx);
    const hc = {} as HandlerContext;
    const q = await dir['directory:queues']({ profileId: profile.id }, hc);
    expect(contract['directory:queues'].response.parse(q).queues.length).toBe(3);
    const c = await dir['directory:list']({ profileId: profile.id }, hc);
    expect(contract['directory:list'].response.parse(c).entries.length).toBe(42);
    expect(c.entries.find((e) => e.extension === '101')?.presence).toBe('online (away)');
    const u = await calls['calls:ofUser']({ profileId: profile.id, extension: '101' }, hc);
    expect(contract['calls:ofUser'].response.parse(u).calls[0]?.called).toBe('101');
  });

  it('refuses a non-Wildix profile id', async () => {
    await expect(listQueues(ctx, 'nope')).rejects.toBeTruthy();
  });

  it("lists one user's current calls as LiveCalls", async () => {
    const calls = await listUserCalls(ctx, profile.id, '100');
    expect(calls.length).toBe(1);
    expect(liveCallSchema.safeParse(calls[0]).success).toBe(true);
    expect(calls[0]).toMatchObject({ key: 'acme:100-a84b4c76e66710@10.0.0.5', source: 'wildix', caller: '+420601234567', called: '100', state: 'connected', durationSec: 142 });
    expect(sim.requests.at(-1)?.target).toBe('/api/v2/call-control/list-calls?user=100');
    expect(await listUserCalls(ctx, profile.id, '110')).toEqual([]);
    await expect(listUserCalls(ctx, profile.id, '999')).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('originates exactly as the KB example does', async () => {
    const before = sim.originates.length;
    const r = await wildixOriginate(ctx, profile, { operatorExtension: '108', destination: '+16144841500' });
    expect(r).toEqual({ type: 'result', status: 200, reason: null });
    expect(sim.originates.length).toBe(before + 1);
    const got = sim.originates.at(-1);
    expect(got?.body).toEqual({ callerid: '"Callboard" <+16144841500>', channel: 'Local/108@users', context: 'users', exten: '+16144841500', priority: '1' });
    expect(got?.contentType).toBe('application/x-www-form-urlencoded');
    expect(got?.by).toBe('app:a1b2c3d4e5f6');
  });

  it('signs JSON bodies too (nested values, signed Content-Type)', async () => {
    const { withWildixClient } = await import('../../../src-main/connectors/wildix/client');
    const { z } = await import('zod');
    const body = { channel: 'Local/108@users', context: 'users', exten: '108', priority: '1', variable: { Opérateur: 'Zoë', list: ['a', 'b'] } };
    const r = await withWildixClient(ctx, profile, {}, (c) => c.call('POST', '/api/v1/Originate/', z.unknown(), { body, bodyType: 'json' }));
    expect(r.type).toBe('result');
    expect(sim.originates.at(-1)?.contentType).toBe('application/json');
    expect(sim.originates.at(-1)?.body).toEqual(body);
  });

  it('refuses a destination that is not digits without calling the PBX', async () => {
    const before = sim.requests.length;
    await expect(wildixOriginate(ctx, profile, { operatorExtension: '108', destination: '1234&exten=999' })).rejects.toMatchObject({ code: 'usage' });
    expect(sim.requests.length).toBe(before);
  });
});

describe('Wildix error replies become clear errors', () => {
  const cases: [Parameters<WildixSim['setFault']>[0], string, RegExp][] = [
    ['error-envelope', 'protocol', /Wildix refused GET \/api\/v1\/PBX\/Colleagues\/ .*: Number should not be empty/],
    ['not-found', 'not_found', /has no \/api\/v1\/PBX\/Colleagues\//],
    ['forbidden', 'auth', /lacks the permission/],
    ['empty-500', 'connection', /HTTP 500 and no details/],
    ['non-json', 'protocol', /not a Wildix API reply/],
    ['bad-shape', 'protocol', /data Callboard does not understand/],
  ];
  for (const [fault, code, message] of cases) {
    it(`maps ${fault}`, async () => {
      sim.setFault(fault);
      try {
        const err = await testWildix(ctx, profile).catch((e: unknown) => e);
        expect(err).toMatchObject({ code });
        expect((err as Error).message).toMatch(message);
      } finally {
        sim.setFault(null);
      }
    });
  }

  it('stops reading an oversized reply', async () => {
    sim.setFault('huge');
    try {
      const c = await import('../../../src-main/connectors/wildix/client');
      const err = await c.withWildixClient(ctx, profile, { maxReplyBytes: 1024 * 1024 }, (cl) => cl.call('GET', '/api/v1/PBX/Colleagues/', c.listResultSchema)).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'protocol' });
      expect((err as Error).message).toMatch(/larger than 1 MiB/);
    } finally {
      sim.setFault(null);
    }
  });

  it('times out a PBX that never answers', async () => {
    sim.setFault('stall');
    try {
      const slow = { ...profile, timeoutMs: 1000 };
      const t0 = Date.now();
      await expect(testWildix(ctx, slow)).rejects.toMatchObject({ code: 'timeout' });
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      sim.setFault(null);
    }
  });
});
