/** CDR search jobs are bounded while they run, not only once they have finished. */
import { afterEach, describe, expect, it } from 'vitest';
import { CdrSearchService, type CdrPageEvent } from '../../../src-main/services/cdr-search';
import type { CdrRecord, CdrSource } from '../../../src-main/domain/cdr';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';

let ctx: FakeContext | null = null;
afterEach(async () => {
  await ctx?.cleanup();
  ctx = null;
});

/** A source that sends one page of `n` rows and then waits until it is cancelled. */
function hangingSource(started: AbortSignal[]): CdrSource {
  return {
    search: (_q, o) => {
      started.push(o.signal);
      o.onPage({ records: Array.from({ length: 5 }, (_, i) => ({ id: String(i) }) as unknown as CdrRecord), fetched: 5, total: null });
      return new Promise((_, reject) => o.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    },
  };
}

describe('CdrSearchService running jobs', () => {
  it('starting more searches than maxRunning cancels the oldest running ones', async () => {
    ctx = await fakeContext([{ id: 'pbx', name: 'PBX', kind: 'ucm', baseUrl: 'https://127.0.0.1:1', user: 'cdrapi' }]);
    const signals: AbortSignal[] = [];
    const svc = new CdrSearchService(ctx, { maxRunning: 2, sourceFor: () => hangingSource(signals) });
    const events: CdrPageEvent[] = [];
    const jobs = [];
    for (let i = 0; i < 5; i++) jobs.push(await svc.start({ profileId: 'pbx', from: '2024-06-01T00:00:00Z', to: '2024-06-02T00:00:00Z' }, (e) => events.push(e)));
    expect(signals.map((s) => s.aborted)).toEqual([true, true, true, false, false]);
    await Promise.all(jobs.slice(0, 3).map((j) => j.finished));
    const ends = events.filter((e) => e.done);
    expect(ends.map((e) => e.jobId)).toEqual(jobs.slice(0, 3).map((j) => j.jobId));
    expect(ends.every((e) => e.cancelled === true)).toBe(true);
    // The two newest keep running and keep their rows.
    expect(svc.records(jobs[4]!.jobId)).toHaveLength(5);
    for (const j of jobs.slice(3)) svc.cancel(j.jobId);
    await Promise.all(jobs.map((j) => j.finished));
    expect(signals.every((s) => s.aborted)).toBe(true);
    // start() stores the last query in the background; let it finish before the folder is removed.
    await svc.settled();
  });
});
