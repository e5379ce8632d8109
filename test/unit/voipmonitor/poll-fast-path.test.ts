/**
 * The live poll's fast path (RowCache: reuse the previous LiveCall of an unchanged row, found by
 * walking the previous poll's order; diffCalls: the same walk over its entries) must give exactly
 * what a straightforward implementation gives: every row normalised afresh, and a diff computed
 * from plain maps. Random poll sequences: calls that start, end, change a field, change type
 * ("45" for 45, 4.5 for 45, null, a boolean), reorder, are listed twice, and header changes.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { normaliseCalls, parseListcallsBody, RowCache } from '../../../src-main/connectors/voipmonitor/listcalls';
import { IsoFormatter } from '../../../src-main/connectors/voipmonitor/values';
import { diffCalls, emptyDiffState, type CallDiff } from '../../../src-main/services/live/diff';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { listDelta } from '../../../src-main/core/list-delta';
import { LISTCALLS_COLUMNS } from '../../sims/voipmonitor/columns';

/** What diffCalls compares (everything an operator watches; durations tick locally, extra is detail-only). */
function watchedFields(c: LiveCall): unknown[] {
  return [c.state, c.lastSipResponse, c.codec, c.mosCaller, c.mosCalled, c.lossCaller, c.lossCalled, c.loss10sCaller, c.loss10sCalled,
    c.jitterCaller, c.jitterCalled, c.rtpCallerIp, c.rtpCalledIp, c.caller, c.called, c.callerName, c.start, c.callId].map((v) => String(v));
}

/** The plain diff: keys in first-seen order (a key listed twice counts once), removals in insertion order. */
class ReferenceDiff {
  private rows = new Map<string, LiveCall>();
  /** The removed calls as last listed (what diffCalls hands the NOC watch). */
  removedCalls: LiveCall[] = [];
  diff(calls: LiveCall[]): CallDiff {
    const seen = new Map<string, LiveCall>();
    for (const c of calls) if (!seen.has(c.key)) seen.set(c.key, c);
    const added: LiveCall[] = [];
    const changed: LiveCall[] = [];
    for (const c of seen.values()) {
      const before = this.rows.get(c.key);
      if (!before) added.push(c);
      else if (JSON.stringify(watchedFields(before)) !== JSON.stringify(watchedFields(c))) changed.push(c);
    }
    const removed = [...this.rows.keys()].filter((k) => !seen.has(k));
    this.removedCalls = removed.map((k) => this.rows.get(k) as LiveCall);
    for (const k of removed) this.rows.delete(k);
    // The last object seen wins, but an unchanged call keeps its place (Map.set on an existing key).
    for (const c of seen.values()) this.rows.set(c.key, c);
    return { added, changed, removed };
  }
  get snapshot(): LiveCall[] {
    return [...this.rows.values()];
  }
}

const col = (name: string): number => (LISTCALLS_COLUMNS as readonly string[]).indexOf(name);
/** Columns that feed a LiveCall, plus the per-second counters and a few the client never reads. */
const MUTABLE = ['callid', 'calldate', 'calldate_num', 'duration', 'connect_duration', 'caller', 'called', 'callername', 'callerdomain',
  'calleragent', 'callerip', 'calledip', 'sipproxies', 'lastSIPresponseNum', 'rtp_src', 'rtp_dst', 'callercodec', 'calledcodec', 'src_mosAD',
  'src_mosAD_avg', 'dst_mosAD', 'dst_mosAD_avg', 'src_mosf1', 'dst_mosAD_min', 'src_jitter', 'dst_jitter', 'src_received', 'dst_received',
  'src_loss', 'dst_loss', 'src_loss_last10sec', 'dst_loss_last10sec', 'id_sensor', 'vlan', 'lastpackettime', 'caller_country'].map(col);

/** Values in the types sensors send and the quirks the client must survive. */
const cell = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -2, max: 50 }),
  fc.constantFrom(0, 1, 45, 200, 486, 1795363962, 2130706434, 167772265, 4.5, 0.390178, 2.097902, -1, 32660),
  fc.constantFrom('45', ' 12 ', '', '0', 'x', '2026-11-22 16:12:42', '2026-03-29 02:30:00', 'sip.example.invalid', '::1', 'a'.repeat(600)),
  fc.boolean(),
);

const REFS: unknown[] = ['0x7fa3500001', '0x7fa3500002', '0x7fa3500003', '0x7fa3500004', '0x7fa3500005', '0x7fa3500006', 7, '', null, 'r'.repeat(520)];

const poll = fc.record({
  /** Which calls are listed, in which order (indexes into REFS). */
  listed: fc.uniqueArray(fc.nat({ max: REFS.length - 1 }), { maxLength: REFS.length }),
  /** Sometimes a call is listed twice. */
  twice: fc.nat({ max: 7 }),
  /** Keep the previous order for calls still listed (what the sniffer's sort by start time gives). */
  stableOrder: fc.boolean(),
  changes: fc.array(fc.record({ ref: fc.nat({ max: REFS.length - 1 }), column: fc.constantFrom(...MUTABLE), value: cell }), { maxLength: 8 }),
  /** 0: the 68 built-ins; 1: plus two custom CDR columns; 2: without connect_duration and the MOS averages. */
  header: fc.constantFrom(0, 0, 0, 0, 1, 2),
});

function baseRow(refIdx: number): unknown[] {
  const r: unknown[] = LISTCALLS_COLUMNS.map(() => null);
  r[col('callreference')] = REFS[refIdx];
  r[col('callid')] = `call-${refIdx}@sim.invalid`;
  r[col('calldate_num')] = 1795363962 + refIdx;
  r[col('caller')] = String(2000 + refIdx);
  r[col('called')] = '3003';
  r[col('lastSIPresponseNum')] = 180;
  return r;
}

function headerOf(variant: number): string[] {
  const h: string[] = [...LISTCALLS_COLUMNS];
  if (variant === 1) h.push('custom_header_1', 'vlan');
  if (variant === 2) for (const n of ['connect_duration', 'src_mosAD_avg', 'dst_mosAD_avg']) h[col(n)] = `unknown_${n}`;
  return h;
}

/** Renders the reply body the way the sniffer does (JSON, so -0, NaN and undefined cannot occur). */
function render(header: string[], rows: unknown[][]): string {
  return JSON.stringify([header, [{ total: rows.length }], ...rows.map((r) => (header.length > r.length ? [...r, 'custom', 65534] : r))]);
}

describe('live poll fast path', () => {
  it('gives the same rows and the same diffs as normalising every row afresh and diffing plain maps', () => {
    let byDelta = 0;
    let polled = 0;
    let compactions = 0;
    fc.assert(
      fc.property(fc.array(poll, { minLength: 1, maxLength: 14 }), (polls) => {
        const state = new Map<number, unknown[]>();
        let order: number[] = [];
        const cache = new RowCache();
        // The same with its slots renumbered whenever holes are half of them (at 1,024 slots in the app).
        const compacting = new RowCache(2);
        const fmt = new IsoFormatter('Europe/Prague');
        const fast = emptyDiffState();
        const ref = new ReferenceDiff();
        for (const p of polls) {
          for (const ch of p.changes) {
            const row = state.get(ch.ref) ?? baseRow(ch.ref);
            row[ch.column] = ch.value;
            state.set(ch.ref, row);
          }
          // Stable: calls still listed keep their previous relative order, new ones go first (newest start).
          let listed = p.listed;
          if (p.stableOrder) {
            const still = order.filter((i) => listed.includes(i));
            listed = [...listed.filter((i) => !still.includes(i)), ...still];
          }
          if (p.twice === 0 && listed.length > 0) listed = [...listed, listed[0] as number];
          order = listed;
          const rows = listed.map((i) => [...(state.get(i) ?? baseRow(i))]);
          const body = render(headerOf(p.header), rows);
          // The cached side parses in small batches (a few rows each), so rows cross batch boundaries too.
          const withCache = normaliseCalls(parseListcallsBody('s', body, 400), { sensor: 's', formatter: fmt, cache });
          const fresh = normaliseCalls(parseListcallsBody('s', body), { sensor: 's', formatter: fmt });
          expect(withCache).toEqual(fresh);
          expect(normaliseCalls(parseListcallsBody('s', body), { sensor: 's', formatter: fmt, cache: compacting })).toEqual(fresh);
          if (listDelta(withCache)) byDelta++;
          polled++;
          expect(compacting.listedRefs()).toEqual(cache.listedRefs());
          const removedCalls: LiveCall[] = [];
          expect(diffCalls(fast, withCache, removedCalls)).toEqual(ref.diff(fresh));
          expect(removedCalls).toEqual(ref.removedCalls);
          // What the poller serves from its diff state (detail lookups, snapshots) is the same too.
          expect([...fast.entries.values()].map((e) => e.obj)).toEqual(ref.snapshot);
        }
        compactions += compacting.compactions;
      }),
      { numRuns: 400 },
    );
    // The row cache's delta path was taken (not only the full walk), and the renumbering was exercised.
    expect(byDelta).toBeGreaterThan(polled / 5);
    expect(compactions).toBeGreaterThan(100);
  });

  it('diffs arbitrary lists like plain maps, whether objects are reused, copied or reordered', () => {
    const keys = ['a:1', 'a:2', 'a:3', 'b:1', 'b:2', 'c:9'];
    // Texts that agree although the fields differ: "null" for null, and "|" moving between fields.
    const step = fc.array(fc.record({
      key: fc.constantFrom(...keys), copy: fc.boolean(), mos: fc.constantFrom(null, 3.1, 4.2), dur: fc.nat(9),
      caller: fc.constantFrom('1', '1|2', 'null'), callerName: fc.constantFrom(null, '2', '|2', 'null'), called: fc.constantFrom('2', '2|2'),
    }), { maxLength: 10 });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const fast = emptyDiffState();
        const ref = new ReferenceDiff();
        const objects = new Map<string, LiveCall>();
        for (const s of steps) {
          const calls = s.map(({ key, copy, mos, dur, caller, callerName, called }) => {
            const prev = objects.get(key);
            // The same object (a source's row cache) only when nothing the diff watches moved.
            const same = prev && prev.mosCaller === mos && prev.caller === caller && prev.callerName === callerName && prev.called === called;
            const o: LiveCall = same && !copy ? prev : { ...minimalCall(key), mosCaller: mos, caller, callerName, called };
            o.durationSec = dur;
            objects.set(key, o);
            return o;
          });
          const removedCalls: LiveCall[] = [];
          expect(diffCalls(fast, calls, removedCalls)).toEqual(ref.diff(calls));
          expect(removedCalls).toEqual(ref.removedCalls);
          expect([...fast.entries.values()].map((e) => e.obj)).toEqual(ref.snapshot);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads the per-second counters by meaning, not truthiness (-1, "0" and 0.5 are not "answered" or "has RTP")', () => {
    const cache = new RowCache();
    const fmt = new IsoFormatter('UTC');
    const row = (connect: unknown, recv: unknown) => {
      const r = baseRow(0);
      r[col('connect_duration')] = connect;
      r[col('src_received')] = recv;
      r[col('callercodec')] = 8;
      return render(headerOf(0), [r]);
    };
    const poll = (body: string) => normaliseCalls(parseListcallsBody('s', body), { sensor: 's', formatter: fmt, cache })[0]!;
    expect(poll(row(5, 40))).toMatchObject({ state: 'connected', codec: 'PCMA' });
    expect(poll(row(-1, '0'))).toMatchObject({ state: 'ringing', codec: null });
    expect(poll(row(7, 0.5))).toMatchObject({ state: 'connected', codec: null });
    expect(poll(row('0', 12))).toMatchObject({ state: 'ringing', codec: 'PCMA' });
  });

  it('reuses a row only when a fresh normalisation gives the same call: every pair of counter, start and short-row values', () => {
    const fmt = new IsoFormatter('Europe/Prague');
    // The values a sensor may put in a counter: numbers either side of 0 and 1, their texts, and the quirks.
    const counter: unknown[] = [0, -0, 0.5, -0.5, 1, -1, 2, 1795363962, '0', '1', ' 2 ', '', 'x', null, true, false];
    const cases: Array<{ column: string; values: unknown[]; with?: Record<string, unknown> }> = [
      ...['connect_duration', 'src_received', 'dst_received', 'src_mosAD_avg', 'dst_mosAD_avg'].map((column) => ({ column, values: counter, with: { src_received: 50, dst_received: 50, connect_duration: 3, callercodec: 8, calledcodec: 0, src_mosAD: 38, dst_mosAD: 41 } })),
      // The start: from calldate_num when it is a usable time, from calldate otherwise.
      ...[1795363962, -5, 1e13, '1795363962', null, 'x'].map((num) => ({ column: 'calldate', values: ['2026-11-22 16:12:42', '2026-03-29 02:30:00', null, ''], with: { calldate_num: num } })),
    ];
    let pairs = 0;
    for (const { column, values, with: extra = {} } of cases) {
      for (const a of values) {
        for (const b of values) {
          const row = (v: unknown) => {
            const r = baseRow(0);
            for (const [k, x] of Object.entries(extra)) r[col(k)] = x;
            r[col(column)] = v;
            return render(headerOf(0), [r]);
          };
          const cache = new RowCache();
          normaliseCalls(parseListcallsBody('s', row(a)), { sensor: 's', formatter: fmt, cache });
          const cached = normaliseCalls(parseListcallsBody('s', row(b)), { sensor: 's', formatter: fmt, cache });
          expect(cached, `${column}: ${String(a)} then ${String(b)}`).toEqual(normaliseCalls(parseListcallsBody('s', row(b)), { sensor: 's', formatter: fmt }));
          pairs++;
        }
      }
    }
    // A row that loses its tail (a sensor cut short): a value that was a number is now missing.
    const cache = new RowCache();
    const full = baseRow(0);
    // Numbers (0: no counter bit either way) from the cut on, so only the lost numbers differ.
    for (let i = col('src_jitter'); i < full.length; i++) full[i] = 0;
    full[col('src_jitter')] = 12;
    const short = full.slice(0, col('src_jitter'));
    const body = (r: unknown[]) => JSON.stringify([[...LISTCALLS_COLUMNS], r]);
    normaliseCalls(parseListcallsBody('s', body(full)), { sensor: 's', formatter: fmt, cache });
    expect(normaliseCalls(parseListcallsBody('s', body(short)), { sensor: 's', formatter: fmt, cache })).toEqual(normaliseCalls(parseListcallsBody('s', body(short)), { sensor: 's', formatter: fmt }));
    expect(pairs).toBe(5 * counter.length ** 2 + 6 * 16);
  });

  it('keeps the order hint exact: a cache entry per listed call and none for calls that ended', () => {
    const cache = new RowCache();
    const body = (refs: number[]) => render(headerOf(0), refs.map(baseRow));
    const fmt = new IsoFormatter('UTC');
    normaliseCalls(parseListcallsBody('s', body([0, 1, 2, 3])), { sensor: 's', formatter: fmt, cache });
    normaliseCalls(parseListcallsBody('s', body([4, 0, 2, 2, 3])), { sensor: 's', formatter: fmt, cache });
    expect([...cache.slots.keys()].sort()).toEqual(['0x7fa3500001', '0x7fa3500003', '0x7fa3500004', '0x7fa3500005']);
    expect(cache.listedRefs()).toEqual(['0x7fa3500005', '0x7fa3500001', '0x7fa3500003', '0x7fa3500004']);
  });
});

function minimalCall(key: string): LiveCall {
  return {
    key, sensor: key.split(':')[0] as string, source: 'voipmonitor', callId: null, caller: '1', called: '2', callerName: null, start: null, durationSec: 0,
    state: 'connected', lastSipResponse: 200, codec: null, mosCaller: null, mosCalled: null, jitterCaller: null, jitterCalled: null, lossCaller: null,
    lossCalled: null, loss10sCaller: null, loss10sCalled: null, callerIp: null, calledIp: null, rtpCallerIp: null, rtpCalledIp: null, channel: null, extra: {},
  };
}
