/**
 * A filtered view (services/live/filtered-view.ts), fed the poller's list and diff, must push exactly
 * what a poller of its own gave (filter the whole list with matchesText, then diff it), while matching
 * again only the rows the source rebuilt when the source recorded a ListDelta (core/list-delta.ts).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FilteredView } from '../../../src-main/services/live/filtered-view';
import { diffCalls, emptyDiffState, matchesText, normaliseFilter, type CallDiff, type DiffState } from '../../../src-main/services/live/diff';
import { normaliseCalls, parseListcallsBody, RowCache } from '../../../src-main/connectors/voipmonitor/listcalls';
import { IsoFormatter } from '../../../src-main/connectors/voipmonitor/values';
import { listDelta, recordListDelta } from '../../../src-main/core/list-delta';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { LISTCALLS_COLUMNS } from '../../sims/voipmonitor/columns';

const col = (name: string): number => (LISTCALLS_COLUMNS as readonly string[]).indexOf(name);

function row(ref: number, caller: string, called: string, name: string | null, sip: number): unknown[] {
  const r: unknown[] = LISTCALLS_COLUMNS.map(() => null);
  r[col('callreference')] = `0x7fa35${String(ref).padStart(5, '0')}`;
  r[col('callid')] = `call-${ref}@sim.invalid`;
  r[col('calldate_num')] = 1795363962 + ref;
  r[col('caller')] = caller;
  r[col('called')] = called;
  r[col('callername')] = name;
  r[col('lastSIPresponseNum')] = sip;
  return r;
}

const render = (rows: unknown[][]) => JSON.stringify([[...LISTCALLS_COLUMNS], [{ total: rows.length }], ...rows]);

/** The poller's step: its own diff of the whole list, handed to the view as the poller does. */
function poll(view: FilteredView, src: DiffState, calls: LiveCall[], reset: boolean): CallDiff {
  const d = diffCalls(src, calls);
  return view.update(calls, { reset, added: d.added, changed: d.changed });
}

/** Removals are a set (the window deletes keys); the rest in list order. */
const asSets = (d: CallDiff) => ({ ...d, removed: [...d.removed].sort() });

const FILTERS = ['alice', 'ALICE ', '20', '2001', 'call-3@', 'ringing', 'connected', 'sim.invalid', 'nobody'];

describe('FilteredView', () => {
  it('pushes what filtering the whole list and diffing it gives, poll after poll, with and without source deltas', () => {
    let followed = 0;
    let updates = 0;
    const callRow = fc.record({
      caller: fc.constantFrom('2001', '2002', '3001', 'alice'),
      called: fc.constantFrom('2000', '3003'),
      name: fc.constantFrom(null, 'Alice', 'Bob'),
      sip: fc.constantFrom(100, 180, 200, 486),
    });
    // Each poll: which of 8 calls are listed (in start order) and their fields; `copy`: a source
    // without a row cache (new objects, no delta); `reset`: the poller starts over.
    const rarely = fc.constantFrom(false, false, false, true);
    const step = fc.record({ listed: fc.array(fc.option(callRow, { nil: undefined }), { minLength: 8, maxLength: 8 }), copy: rarely, reset: rarely });
    fc.assert(
      fc.property(fc.constantFrom(...FILTERS), fc.array(step, { minLength: 1, maxLength: 12 }), (filter, polls) => {
        const cache = new RowCache();
        const fmt = new IsoFormatter('UTC');
        const view = new FilteredView(normaliseFilter(filter));
        let ref = emptyDiffState();
        let src = emptyDiffState();
        let first = true;
        for (const p of polls) {
          const rows = p.listed.flatMap((c, i) => (c ? [row(i, c.caller, c.called, c.name, c.sip)] : []));
          const body = render(rows);
          const calls = normaliseCalls(parseListcallsBody('s', body), { sensor: 's', formatter: fmt, ...(p.copy ? {} : { cache }) });
          const reset = first || p.reset;
          first = false;
          if (reset) {
            ref = emptyDiffState();
            src = emptyDiffState();
          }
          if (!reset && listDelta(calls)) followed++;
          updates++;
          const want = diffCalls(ref, calls.filter((c) => matchesText(c, filter)));
          expect(asSets(poll(view, src, calls, reset))).toEqual(asSets(want));
          expect(view.count).toBe(ref.entries.size);
          expect(view.rowsAsReset('s', 1, 'x').added).toEqual([...ref.entries.values()].map((e) => e.obj));
        }
      }),
      { numRuns: 300 },
    );
    // The short path was taken, not only the full one.
    expect(followed).toBeGreaterThan(updates / 3);
  });

  it('on a source delta matches only the rebuilt rows (10,000 calls, 10 rebuilt: 10 matches, not 10,000)', () => {
    let reads = 0;
    const make = (i: number, state: string): LiveCall => {
      const c = { key: `s:${i}`, sensor: 's', callId: `c${i}@x`, caller: String(1000 + i), called: '2000', callerName: null, codec: 'PCMA', state, callerIp: '' } as unknown as LiveCall;
      // matchesText reads callerIp; the diff does not: its reads count the rows matched.
      Object.defineProperty(c, 'callerIp', { get: () => (reads++, '10.0.0.1'), enumerable: true });
      return c;
    };
    const first = Array.from({ length: 10_000 }, (_, i) => make(i, 'connected'));
    const view = new FilteredView('ringing');
    const src = emptyDiffState();
    poll(view, src, first, true);
    expect(view.count).toBe(0);
    expect(reads).toBe(10_000);
    // The next poll: calls 0..9 rebuilt (now ringing), call 10,000 new, call 9,999 ended, the rest the same objects.
    const next = first.slice();
    const fresh: number[] = [];
    for (let i = 0; i < 10; i++) {
      next[i] = make(i, 'ringing');
      fresh.push(i);
    }
    const gone = next.splice(9_999, 1);
    next.push(make(10_000, 'ringing'));
    fresh.push(next.length - 1);
    recordListDelta(next, { previous: first, fresh, gone });
    // The poller's diff reads no callerIp: the reads are the view's matches.
    reads = 0;
    const d = poll(view, src, next, false);
    expect(reads).toBeLessThanOrEqual(fresh.length);
    // The same answer as filtering the whole list again.
    const ref = emptyDiffState();
    diffCalls(ref, first.filter((c) => matchesText(c, 'ringing')));
    expect(d).toEqual(diffCalls(ref, next.filter((c) => matchesText(c, 'ringing'))));
    expect(d.added).toHaveLength(11);
    expect(view.count).toBe(11);
    // Without a delta (another source), the whole list is matched, as a poller of its own would.
    reads = 0;
    poll(view, src, next.slice(), false);
    expect(reads).toBeGreaterThan(5_000);
  });
});
