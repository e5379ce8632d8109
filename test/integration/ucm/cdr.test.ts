import { describe, it, expect, afterEach } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { appContext, rig, type Rig } from './helpers';
import { generateUcmCdrs } from '../../sims/ucm/seed';
import { createUcmCdrSource } from '../../../src-main/connectors/ucm/cdr';
import { cdrQuerySchema, type CdrPage } from '../../../src-main/domain/cdr';
import { CdrSearchService, type CdrPageEvent } from '../../../src-main/services/cdr-search';
import { cdrCommand } from '../../../src-main/cli/commands/cdr';
import { displayZone, formatTime } from '../../../src-shared/time-format';
import { setDisplayZone } from '../../../src-main/services/display-settings';
import type { CliIO } from '../../../src-main/cli/types';

let r: Rig | null = null;
afterEach(async () => {
  await r?.connections.closeAll();
  await r?.sim.stop();
  r = null;
});

const FROM = '2024-05-01T00:00:00+02:00';
const TO = '2024-06-30T00:00:00+02:00';

describe('UCM CDR search against the simulator', () => {
  it('pages 1000 records at a time with offset until the limit, reporting progress', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 2500, seed: 7 }) });
    const src = createUcmCdrSource({ secrets: r.secrets, now: r.clock.now, connections: r.connections }, r.profile);
    const pages: CdrPage[] = [];
    const res = await src.search(cdrQuerySchema.parse({ profileId: 'hq', from: FROM, to: TO, limit: 100_000 }), { signal: new AbortController().signal, onPage: (p) => pages.push(p) });
    expect(res).toEqual({ fetched: 2500, truncated: false });
    expect(pages.map((p) => p.fetched)).toEqual([1000, 2000, 2500]);
    const cdrCalls = r.sim.requests.filter((q) => q.action === 'cdrapi');
    expect(cdrCalls.map((q) => [q.params.numRecords, q.params.offset])).toEqual([['1000', '0'], ['1000', '1000'], ['1000', '2000']]);
    expect(cdrCalls[0]!.params).toMatchObject({ format: 'json', startTime: '2024-05-01T00:00:00', endTime: '2024-06-30T00:00:00' });
    expect(cdrCalls[0]!.params).not.toHaveProperty('caller');
    const ids = new Set(pages.flatMap((p) => p.records.map((x) => x.id)));
    expect(ids.size).toBe(2500);
    expect(pages[0]!.records[0]!.start).toMatch(/\+02:00$/);
  });

  it('stops at the query limit and says it was truncated', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 1800 }) });
    const src = createUcmCdrSource({ secrets: r.secrets, now: r.clock.now, connections: r.connections }, r.profile);
    let n = 0;
    const res = await src.search(cdrQuerySchema.parse({ profileId: 'hq', from: FROM, to: TO, limit: 1200 }), { signal: new AbortController().signal, onPage: (p) => (n += p.records.length) });
    expect(res).toEqual({ fetched: 1200, truncated: true });
    expect(n).toBe(1200);
    expect(r.sim.requests.filter((q) => q.action === 'cdrapi').map((q) => q.params.numRecords)).toEqual(['1000', '200']);
  });

  it('cancel stops paging', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 5000 }) });
    const src = createUcmCdrSource({ secrets: r.secrets, now: r.clock.now, connections: r.connections }, r.profile);
    const ac = new AbortController();
    const p = src.search(cdrQuerySchema.parse({ profileId: 'hq', from: FROM, to: TO, limit: 100_000 }), { signal: ac.signal, onPage: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(r.sim.requests.filter((q) => q.action === 'cdrapi')).toHaveLength(1);
  });

  it('guards against a UCM that repeats the same page', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 3000 }) });
    r.sim.repeatPages = true;
    const src = createUcmCdrSource({ secrets: r.secrets, now: r.clock.now, connections: r.connections }, r.profile);
    const res = await src.search(cdrQuerySchema.parse({ profileId: 'hq', from: FROM, to: TO, limit: 100_000 }), { signal: new AbortController().signal, onPage: () => undefined });
    expect(res.fetched).toBe(1000);
    expect(r.sim.requests.filter((q) => q.action === 'cdrapi')).toHaveLength(2);
  });

  it('applies caller/duration filters on the UCM side (src or dst match, billsec bounds)', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 1500, seed: 3 }) });
    const src = createUcmCdrSource({ secrets: r.secrets, now: r.clock.now, connections: r.connections }, r.profile);
    const got: CdrPage['records'] = [];
    await src.search(cdrQuerySchema.parse({ profileId: 'hq', from: FROM, to: TO, caller: '1001-1002', minDurationSec: 60, maxDurationSec: 120 }), { signal: new AbortController().signal, onPage: (p) => got.push(...p.records) });
    expect(got.length).toBeGreaterThan(5);
    for (const x of got) {
      const parties = [x.caller, x.callee, ...x.legs.flatMap((l) => [l.src, l.dst])];
      expect(parties.some((v) => v === '1001' || v === '1002')).toBe(true);
    }
    const params = r.sim.requests.find((q) => q.action === 'cdrapi')!.params;
    expect(params).toMatchObject({ caller: '1001-1002', minDur: '60', maxDur: '120' });
  });

  it('a malformed cdrapi reply is a protocol error', async () => {
    r = await rig();
    const src = createUcmCdrSource({ secrets: r.secrets, now: r.clock.now, connections: r.connections }, r.profile);
    await src.search(cdrQuerySchema.parse({ profileId: 'hq', from: FROM, to: TO, limit: 1 }), { signal: new AbortController().signal, onPage: () => undefined });
    r.sim.rawNext('cdrapi', '{"cdr_root": "nope"}');
    await expect(src.search(cdrQuerySchema.parse({ profileId: 'hq', from: FROM, to: TO }), { signal: new AbortController().signal, onPage: () => undefined })).rejects.toMatchObject({ code: 'protocol' });
  });
});

describe('CDR search service', () => {
  it('streams pages as events, keeps the result set and exports the CSV', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 1300, seed: 11 }) });
    const ctx = await appContext(r, 'out.csv');
    const svc = new CdrSearchService(ctx);
    const events: CdrPageEvent[] = [];
    const { jobId, finished } = await svc.start({ profileId: 'hq', from: FROM, to: TO }, (e) => events.push(e));
    await finished;
    expect(events.map((e) => [e.fetched, e.done])).toEqual([[1000, false], [1300, false], [1300, true]]);
    expect(events.every((e) => e.jobId === jobId)).toBe(true);
    const out = await svc.exportCsv(jobId);
    expect(out).toEqual({ cancelled: false, path: path.join(ctx.dir, 'out.csv'), rows: 1300 });
    expect(ctx.saveRequests[0]).toMatch(/^cdr-hq-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile(out.path!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1301);
    // Times are in the display zone (the operator's by default), named in the header, as the table shows them.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(lines[0]!.startsWith(`id,profileId,start (${zone}),answer (${zone}),end (${zone}),durationSec,billsec,caller,callerName,callee,disposition,direction,legs,recordFiles`)).toBe(true);
    const first = svc.records(jobId)[0]!;
    expect(lines[1]!.startsWith(`${first.id},hq,${formatTime(first.start, displayZone('operator', zone))},`)).toBe(true);
    // Saved as the last used query.
    expect((await svc.readSearches()).last?.from).toBe(FROM);
  });

  it('cancelled export writes nothing; cancel ends the job with cancelled=true; saved searches persist', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 4000 }), latencyMs: 30 });
    const ctx = await appContext(r, null);
    const svc = new CdrSearchService(ctx);
    const events: CdrPageEvent[] = [];
    const { jobId, finished } = await svc.start({ profileId: 'hq', from: FROM, to: TO }, (e) => {
      events.push(e);
      if (!e.done) svc.cancel(jobId);
    });
    await finished;
    expect(events.at(-1)).toMatchObject({ done: true, cancelled: true });
    expect(events.filter((e) => !e.done)).toHaveLength(1);
    expect(await svc.exportCsv(jobId)).toEqual({ cancelled: true, rows: 0 });
    await svc.saveSearch('night', { profileId: 'hq', from: FROM, to: TO, caller: '1001' });
    const again = new CdrSearchService(ctx);
    expect((await again.readSearches()).saved.map((s) => s.name)).toEqual(['night']);
    await again.deleteSearch('night');
    expect((await again.readSearches()).saved).toEqual([]);
  });

  it('reports a failed search as a final event with a plain error', async () => {
    r = await rig({ password: 'nope' });
    const ctx = await appContext(r);
    const svc = new CdrSearchService(ctx);
    const events: CdrPageEvent[] = [];
    const { finished } = await svc.start({ profileId: 'hq', from: FROM, to: TO }, (e) => events.push(e));
    await finished;
    expect(events).toHaveLength(1);
    expect(events[0]!.error).toMatchObject({ code: 'auth', status: -37 });
  });
});

function fakeIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: async () => '',
    confirm: async () => false,
    isTTY: false,
  };
  return io;
}

describe('callboard cdr', () => {
  it('--json prints normalised records, progress goes to stderr', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 1100, seed: 5, groupedShare: 0.5 }) });
    const ctx = await appContext(r);
    const io = fakeIO();
    const code = await cdrCommand.run(['hq', '--from', FROM, '--to', TO, '--limit', '1050', '--json'], io, ctx);
    expect(code).toBe(0);
    const recs = JSON.parse(io.out) as Array<Record<string, unknown>>;
    expect(recs).toHaveLength(1050);
    const g = recs.find((x) => (x.legs as unknown[]).length > 1)!;
    for (const k of ['id', 'start', 'answer', 'end', 'durationSec', 'billsec', 'caller', 'callerName', 'callee', 'disposition', 'legs', 'recordFiles']) expect(g).toHaveProperty(k);
    expect(g.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+02:00$/);
    expect(Object.keys((g.legs as Array<Record<string, unknown>>)[0]!).sort()).toEqual(['billsec', 'channel', 'disposition', 'dst', 'dstchannel', 'src', 'start']);
    expect(io.err).toContain('fetched 1000 rows');
    expect(io.err).toMatch(/1,050 records \(stopped at the limit/);
  });

  it('--csv and usage errors', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 20 }) });
    const ctx = await appContext(r);
    const io = fakeIO();
    expect(await cdrCommand.run(['hq', '--from', FROM, '--to', TO, '--csv', '--caller', '1000-1015'], io, ctx)).toBe(0);
    expect(io.out.split('\n')[0]).toMatch(/^id,profileId,start/);
    await expect(cdrCommand.run(['hq', '--to', TO], fakeIO(), ctx)).rejects.toMatchObject({ code: 'usage' });
    await expect(cdrCommand.run(['hq', '--from', FROM, '--to', TO, '--caller', '1000,,1'], fakeIO(), ctx)).rejects.toMatchObject({ code: 'usage' });
  });

  it('bare dates mean whole days, and the text table follows the display zone chosen in Settings', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 600, seed: 9 }) });
    const ctx = await appContext(r);
    await setDisplayZone(ctx.configDir, 'utc');
    const all = fakeIO();
    await cdrCommand.run(['hq', '--from', FROM, '--to', TO, '--json'], all, ctx);
    const recs = JSON.parse(all.out) as Array<{ start: string }>;
    // The UTC day of the first record: --from D --to D must return exactly that day's records.
    const day = new Date(Date.parse(recs[0]!.start)).toISOString().slice(0, 10);
    const sameDay = recs.filter((x) => new Date(Date.parse(x.start)).toISOString().slice(0, 10) === day);
    expect(sameDay.length).toBeGreaterThan(0);
    const io = fakeIO();
    expect(await cdrCommand.run(['hq', '--from', day, '--to', day], io, ctx)).toBe(0);
    const lines = io.out.trim().split('\n');
    expect(lines[0]).toMatch(/^start \(UTC\)\s+caller/);
    expect(lines.slice(2)).toHaveLength(sameDay.length);
    // Each row's start is the record's instant on the UTC clock, as the window shows it with "UTC" chosen.
    expect(lines.slice(2).every((l) => l.startsWith(day + ' '))).toBe(true);
    expect(io.err).toContain(`${sameDay.length === 1 ? '1 record' : `${sameDay.length.toLocaleString('en')} records`}`);
    await expect(cdrCommand.run(['hq', '--from', day, '--to', '2024-02-31'], fakeIO(), ctx)).rejects.toThrow(/not a date/);
  });
});
