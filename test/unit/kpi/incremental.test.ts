/**
 * The incremental tracker (applies each poll's diff, keeps every figure by difference) against the
 * from-scratch reference in ./reference (the tracker, rule passes and alert book as they were before:
 * a loop over every listed call on every poll). Over random poll sequences both must give the same
 * KPI snapshot, the same observation for every rule and group, and the same alert transitions.
 *
 * The sequences play what a sensor does to a live list: calls ring, answer, fail with a code or vanish,
 * MOS / loss / jitter move, durations tick in place (as VoIPmonitor's row cache does), an ended call
 * is listed again by a lagging feed, the poller starts over after an error (a reset: the whole list),
 * and polls come 0.5–4 s apart with the odd gap longer than a minute.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { mulberry32 } from '../../sims/prng';
import { LiveKpiTracker } from '../../../src-main/services/kpi/live-tracker';
import { DestinationClassifier, trunkResolver } from '../../../src-main/services/kpi/groups';
import { observe, type Observation, type SourceFacts } from '../../../src-main/services/watch/observations';
import { AlertBook, type AlertChange } from '../../../src-main/services/watch/alert-book';
import { diffCalls, emptyDiffState } from '../../../src-main/services/live/diff';
import { alertRuleSchema, type AlertRule } from '../../../src-main/domain/alerts';
import { noMediaFields, type LiveCall } from '../../../src-main/domain/live-call';
import { LiveKpiTracker as RefTracker } from './reference/live-tracker';
import { observe as refObserve, type SourceFacts as RefFacts } from './reference/observations';
import { AlertBook as RefBook } from './reference/alert-book';

const TRUNKS = [{ label: 'Carrier A', ips: ['192.0.2.0/25'], names: [] }, { label: 'Carrier B', ips: ['192.0.2.128/25'], names: ['carrier-b'] }];
const IPS = ['192.0.2.7', '192.0.2.200', '198.51.100.1', null];
// Home (CZ), allowed (SK), foreign (DE), premium rate (GB 909), internal extensions.
const NUMBERS = ['+420224123456', '+420602123456', '+421212345678', '+4930123456', '+449098790000', '2001', '2002', '+4930123456'];
const FAIL_CODES = [486, 487, 503, 404, 302, 600, 603, 408];
const MOS = [null, 2.4, 3.1, 3.55, 3.6, 4.05, 4.4];
const LOSS = [null, 0, 0.04, 0.5, 1.25, 3, 7.51];
const JITTER = [null, 0, 2, 19.99, 31, 45.3];

const rules: AlertRule[] = [
  { id: 'mos', kind: 'mos-below', threshold: 3.6, minSample: 2, forSec: 2, clearForSec: 2 },
  { id: 'mos-t', kind: 'mos-below', groupBy: 'trunk', threshold: 3.8, clearThreshold: 4, minSample: 1, forSec: 0, clearForSec: 3 },
  { id: 'loss-t', kind: 'loss-above', groupBy: 'trunk', threshold: 1, minSample: 1, forSec: 0, clearForSec: 0 },
  { id: 'jit-d', kind: 'jitter-above', groupBy: 'destination', threshold: 20, minSample: 1, forSec: 1, clearForSec: 1 },
  { id: 'rtp', kind: 'rtp-missing', threshold: 0, minSample: 1, forSec: 0, clearForSec: 2 },
  { id: 'rtp-t', kind: 'rtp-missing', groupBy: 'trunk', threshold: 1, minSample: 1, forSec: 0, clearForSec: 0 },
  { id: 'asr', kind: 'asr-below', threshold: 60, minSample: 3, windowSec: 30, forSec: 0, clearForSec: 2 },
  { id: 'asr-d', kind: 'asr-below', groupBy: 'destination', threshold: 50, minSample: 1, windowSec: 60, forSec: 2, clearForSec: 0 },
  { id: 'ner-t', kind: 'ner-below', groupBy: 'trunk', threshold: 90, minSample: 2, windowSec: 45, forSec: 0, clearForSec: 0 },
  { id: 'codes', kind: 'sip-code-rate', codes: ['5xx', 486], threshold: 20, minSample: 2, windowSec: 40, forSec: 0, clearForSec: 1 },
  { id: 'codes-t', kind: 'sip-code-rate', groupBy: 'trunk', codes: ['6xx', 404], threshold: 10, minSample: 1, windowSec: 120, forSec: 0, clearForSec: 0 },
  { id: 'cap', kind: 'concurrent-above', threshold: 6, forSec: 0, clearForSec: 0 },
  { id: 'down', kind: 'source-down', threshold: 20, forSec: 0, clearForSec: 0 },
  { id: 'fraud', kind: 'fraud-destination', threshold: 0, countries: ['SK'], forSec: 0, clearForSec: 1 },
  { id: 'fraud-t', kind: 'fraud-destination', groupBy: 'trunk', threshold: 1, forSec: 0, clearForSec: 0 },
  { id: 'burst', kind: 'fraud-burst', threshold: 2, windowSec: 60, forSec: 0, clearForSec: 0 },
  { id: 'burst-long', kind: 'fraud-burst', threshold: 3, windowSec: 600, forSec: 0, clearForSec: 0 },
].map((r) => alertRuleSchema.parse({ name: r.id, ...r }));

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T;
}

interface Poll {
  calls: LiveCall[];
  dtMs: number;
  /** The poller starts over (error, resubscribe): it hands the whole list. */
  reset: boolean;
  /** Evaluate the rules once more this long after the poll (the watch's one-second tick). */
  tickMs: number;
}

/** A live list evolving as a sensor's does (generated as consumed: durations tick in place between polls). */
function* polls(seed: number, n: number, pNew: number, pEnd: number): Generator<Poll> {
  const rnd = mulberry32(seed);
  let live: LiveCall[] = [];
  const ended: LiveCall[] = [];
  let next = 0;
  for (let i = 0; i < n; i++) {
    const dtMs = rnd() < 0.04 ? 61_000 + Math.floor(rnd() * 30_000) : pick(rnd, [500, 1000, 2000, 2000, 2000, 3000, 4000]);
    const dt = Math.round(dtMs / 1000);
    const kept: LiveCall[] = [];
    for (const c of live) {
      const r = rnd();
      if (r < pEnd) {
        ended.push(c);
        continue;
      }
      if (c.durationSec !== null) c.durationSec += dt; // ticks in place, outside the diff's signature
      if (r > 0.55) {
        kept.push(c); // untouched: the same object
        continue;
      }
      let moved: LiveCall = { ...c };
      const ringing = c.state === 'ringing';
      if (ringing && rnd() < 0.5) {
        const s = rnd();
        moved = s < 0.55 ? { ...moved, state: 'connected', lastSipResponse: rnd() < 0.8 ? 200 : null } : { ...moved, state: rnd() < 0.7 ? 'failed' : 'ringing', lastSipResponse: pick(rnd, FAIL_CODES) };
      } else if (ringing) moved.lastSipResponse = pick(rnd, [100, 180, 183, null]);
      if (moved.state === 'connected' || rnd() < 0.2) {
        moved.mosCaller = pick(rnd, MOS);
        moved.mosCalled = rnd() < 0.8 ? pick(rnd, MOS) : null;
        moved.lossCaller = pick(rnd, LOSS);
        moved.lossCalled = pick(rnd, LOSS);
        moved.jitterCaller = pick(rnd, JITTER);
        moved.jitterCalled = pick(rnd, JITTER);
      }
      kept.push(moved);
    }
    live = kept;
    const fresh = Math.floor(rnd() * (pNew + 1));
    for (let k = 0; k < fresh; k++) {
      const ref = `c${next++}`;
      const s = rnd();
      live.push({
        ...noMediaFields(), key: `s1:${ref}`, sensor: 's1', source: rnd() < 0.8 ? 'voipmonitor' : 'ucm', callId: ref, caller: '1001', called: pick(rnd, NUMBERS), callerName: null,
        start: null, durationSec: s < 0.6 ? 0 : Math.floor(rnd() * 100), state: s < 0.6 ? 'ringing' : s < 0.9 ? 'connected' : 'failed', channel: rnd() < 0.2 ? 'SIP/carrier-b-0001' : null,
        extra: {}, calledIp: pick(rnd, IPS), lastSipResponse: s < 0.6 ? 180 : s < 0.9 ? 200 : pick(rnd, FAIL_CODES),
        mosCaller: s >= 0.6 ? pick(rnd, MOS) : null, mosCalled: s >= 0.6 ? pick(rnd, MOS) : null, lossCaller: pick(rnd, LOSS), jitterCalled: pick(rnd, JITTER),
      });
    }
    // A lagging feed lists a call that had ended.
    if (ended.length && rnd() < 0.15) live.push(ended.splice(Math.floor(rnd() * ended.length), 1)[0] as LiveCall);
    yield { calls: [...live], dtMs, reset: rnd() < 0.05, tickMs: rnd() < 0.3 ? 700 : 0 };
  }
}

/** What an observation says, with its calls as a set (their order is the list order in one, first-listed order in the other). */
function said(o: Observation): unknown {
  return { kind: o.kind, key: o.key, label: o.label, value: o.value, n: o.n, enough: o.enough, callKeys: [...o.callKeys].sort() };
}
function sortedBy<T>(xs: T[], key: (x: T) => string): T[] {
  return [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
function transitions(ch: AlertChange[]): unknown {
  return sortedBy(ch, (c) => c.alert.id + c.change).map((c) => ({ change: c.change, ...c.alert, callKeys: [...c.alert.callKeys].sort() }));
}

function run(seed: number, n: number, pNew: number, pEnd: number, fullLists: boolean): void {
  const opts = () => ({ windowMs: 120_000, minSample: 2, graceMs: 2500, trunks: trunkResolver(TRUNKS), destinations: new DestinationClassifier('CZ') });
  const inc = new LiveKpiTracker('s1', opts());
  const ref = new RefTracker('s1', opts());
  const incBook = new AlertBook();
  const refBook = new RefBook();
  const feed = {};
  let diffState = emptyDiffState();
  let now = 1_700_000_000_000;
  const evaluate = (at: number, step: string) => {
    const facts: SourceFacts = { profileId: 's1', label: 'S1', tracker: inc, lastOkMs: now, sinceMs: 0, state: 'connected', drops: [], registrations: null, homeCountry: 'CZ' };
    const rfacts: RefFacts = { ...facts, tracker: ref };
    for (const rule of rules) {
      const a = observe(rule, facts, at);
      const b = refObserve(rule, rfacts, at);
      expect(sortedBy(a, (o) => o.key).map(said), `${step}: ${rule.id} observations`).toEqual(sortedBy(b as Observation[], (o) => o.key).map(said));
      expect(transitions(incBook.observe(rule, 's1', a, at)), `${step}: ${rule.id} transitions`).toEqual(transitions(refBook.observe(rule, 's1', b, at)));
    }
  };
  let i = 0;
  for (const p of polls(seed, n, pNew, pEnd)) {
    i++;
    now += p.dtMs;
    const step = `seed ${seed} poll ${i}`;
    ref.ingest(p.calls, now);
    if (fullLists) inc.ingest(p.calls, now);
    else {
      if (p.reset) diffState = emptyDiffState();
      const removed: LiveCall[] = [];
      const d = diffCalls(diffState, p.calls, removed);
      inc.poll(feed, p.calls, { added: d.added, changed: d.changed, removed }, p.reset, now);
    }
    expect(inc.snapshot(now), `${step}: snapshot`).toEqual(ref.snapshot(now));
    evaluate(now, step);
    if (p.tickMs) {
      evaluate(now + p.tickMs, `${step} tick`);
      expect(inc.snapshot(now + p.tickMs), `${step} tick: snapshot`).toEqual(ref.snapshot(now + p.tickMs));
    }
  }
  expect(incBook.all().map((a) => a.id).sort()).toEqual(refBook.all().map((a) => a.id).sort());
}

describe('incremental live KPIs and rules = the from-scratch reference', () => {
  it('over random poll sequences applied as the poller\'s diffs: same snapshot, observations and alert transitions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 5, max: 60 }), fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, n, pNew, pEnd) => run(seed, n, pNew, pEnd, false)),
      { numRuns: 50 },
    );
  }, 180_000);

  it('over the same sequences as full lists (a first poll, another feed): the same again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 5, max: 60 }), fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, n, pNew, pEnd) => run(seed, n, pNew, pEnd, true)),
      { numRuns: 25 },
    );
  }, 180_000);

  it('a long run with many calls, tombstones swept and the window sliding', () => {
    run(7, 400, 6, 0.08, false);
  }, 60_000);

  it('a reset rebuilds: a tracker given only the latest full list after a reset agrees with one that followed every diff', () => {
    const seqs = polls(99, 40, 3, 0.1);
    const feed = {};
    const a = new LiveKpiTracker('s1', { windowMs: 120_000, minSample: 2, trunks: trunkResolver(TRUNKS), destinations: new DestinationClassifier('CZ') });
    const b = new LiveKpiTracker('s1', { windowMs: 120_000, minSample: 2, trunks: trunkResolver(TRUNKS), destinations: new DestinationClassifier('CZ') });
    const st = emptyDiffState();
    let now = 0;
    for (const p of seqs) {
      now += Math.min(p.dtMs, 4000);
      const removed: LiveCall[] = [];
      const d = diffCalls(st, p.calls, removed);
      a.ingest(p.calls, now); // the full list every time
      b.poll(feed, p.calls, { added: d.added, changed: d.changed, removed }, false, now);
      expect(a.snapshot(now)).toEqual(b.snapshot(now));
    }
  });
});
