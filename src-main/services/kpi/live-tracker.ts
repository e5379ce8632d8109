/**
 * The stateful half of the live KPIs: one tracker per source turns successive polls of the live list
 * into decided call attempts over a sliding window (docs/KPIS.md, "Live data from polls").
 *
 * Polling caveats, handled here:
 * - A call is an attempt once its outcome is seen: answered, or a final failure code, or gone from
 *   the list while ringing. Calls already decided at the first poll (or the first after a gap) were
 *   decided before we watched: they count for the live set, never for the window.
 * - A failed call stays listed only seconds, and a call can appear and vanish between two polls:
 *   such calls are never seen, so live ASR/NER are upper bounds; the poll interval is the precision.
 * - Several pollers may feed the same source (the window and the watch): a call ends only after it has
 *   been missing for `graceMs`, and an ended call that shows up again from a slower feed is ignored.
 */
import type { LiveCall } from '../../domain/live-call';
import type { AttemptKpis, LiveGroupKpis, LiveSetKpis, LiveSourceKpis } from '../../domain/kpi';
import { addSipClass, attemptKpis, emptySipClasses, figure, mosHistogram, percentiles, worseMos, type Attempt } from './definitions';
import type { Destination, DestinationClassifier, TrunkResolver } from './groups';

const ANSWERED_STATES = new Set(['connected', 'answered', 'up', 'talking', 'bridged']);

export function isAnswered(c: LiveCall): boolean {
  if (c.lastSipResponse === 200) return true;
  return c.state !== null && ANSWERED_STATES.has(c.state.toLowerCase());
}

export function isFailed(c: LiveCall): boolean {
  return (c.lastSipResponse !== null && c.lastSipResponse >= 300) || c.state === 'failed';
}

/** A decided attempt with what the groups need. */
export interface WindowAttempt extends Attempt {
  key: string;
  trunk: string | null;
  dest: Destination;
}

interface Tracked {
  firstSeenMs: number;
  lastSeenMs: number;
  lastDur: number | null;
  answeredAtMs: number | null;
  answeredAtDur: number | null;
  ringingSeen: boolean;
  attempt: WindowAttempt | null;
  /** Decided before we watched: not an attempt of the window. */
  preexisting: boolean;
  mos: number | null;
  last: LiveCall;
}

export interface LiveCallView {
  call: LiveCall;
  trunk: string | null;
  dest: Destination;
  answered: boolean;
  /** ms since the answer was first seen, or null. */
  upMs: number | null;
}

export interface TrackerOptions {
  windowMs: number;
  minSample: number;
  /** A call missing from the list this long has ended. */
  graceMs?: number;
  /** A poll gap longer than this starts a new baseline. */
  gapMs?: number;
  trunks: TrunkResolver;
  destinations: DestinationClassifier;
}

const HOUR = 3_600_000;

export class LiveKpiTracker {
  private tracked = new Map<string, Tracked>();
  private ended = new Map<string, number>();
  private window: WindowAttempt[] = [];
  private firstSeen: number[] = [];
  private series: Array<[number, number]> = [];
  private lastIngestMs: number | null = null;
  private watchingSinceMs: number | null = null;
  private calls: LiveCall[] = [];
  private views: LiveCallView[] | null = null;
  private lastSweepMs = 0;
  private readonly graceMs: number;
  private readonly gapMs: number;

  constructor(readonly sensor: string, private readonly o: TrackerOptions) {
    this.graceMs = o.graceMs ?? 3000;
    this.gapMs = o.gapMs ?? 60_000;
  }

  get lastPollMs(): number | null {
    return this.lastIngestMs;
  }

  /** One poll's full list. */
  ingest(calls: readonly LiveCall[], nowMs: number): void {
    const baseline = this.lastIngestMs === null || nowMs - this.lastIngestMs > this.gapMs;
    if (baseline) this.watchingSinceMs = nowMs;
    this.lastIngestMs = nowMs;
    this.calls = calls as LiveCall[];
    this.views = null;
    let concurrent = 0;
    for (const c of calls) {
      const failed = isFailed(c);
      if (!failed) concurrent++;
      if (this.ended.has(c.key)) continue;
      let t = this.tracked.get(c.key);
      const answered = !failed && isAnswered(c);
      if (!t) {
        t = { firstSeenMs: nowMs, lastSeenMs: nowMs, lastDur: c.durationSec, answeredAtMs: null, answeredAtDur: null, ringingSeen: false, attempt: null, preexisting: baseline && (answered || failed), mos: null, last: c };
        this.tracked.set(c.key, t);
        if (!baseline) this.firstSeen.push(nowMs);
      }
      t.lastSeenMs = nowMs;
      t.lastDur = c.durationSec;
      t.last = c;
      const m = worseMos(c.mosCaller, c.mosCalled);
      if (m !== null) t.mos = m;
      if (answered && t.answeredAtMs === null) {
        t.answeredAtMs = nowMs;
        t.answeredAtDur = c.durationSec;
        if (!t.preexisting && !t.attempt) t.attempt = this.decide(c, nowMs, true, c.lastSipResponse !== null || c.source === 'voipmonitor' ? 200 : null, null);
      } else if (failed && !t.attempt && !t.preexisting && t.answeredAtMs === null) {
        t.attempt = this.decide(c, nowMs, false, c.lastSipResponse, null);
      } else if (!answered && !failed) {
        t.ringingSeen = true;
      }
      if (t.attempt) t.attempt.mos = t.mos;
    }
    // Ended calls: missing for graceMs.
    for (const [k, t] of this.tracked) {
      if (nowMs - t.lastSeenMs < this.graceMs || t.lastSeenMs === nowMs) continue;
      this.tracked.delete(k);
      this.ended.set(k, nowMs);
      if (t.preexisting) continue;
      if (t.attempt) {
        if (t.attempt.answered && t.answeredAtDur !== null && t.lastDur !== null) t.attempt.talkSec = Math.max(0, t.lastDur - t.answeredAtDur);
        continue;
      }
      // Gone while ringing: the caller gave up or the far end never answered (no code seen).
      this.decide(t.last, nowMs, false, null, t.ringingSeen ? true : null);
    }
    this.series.push([nowMs, concurrent]);
    this.prune(nowMs);
  }

  private decide(c: LiveCall, nowMs: number, answered: boolean, code: number | null, userCause: boolean | null): WindowAttempt {
    const a: WindowAttempt = {
      key: c.key,
      atMs: nowMs,
      answered,
      talkSec: null,
      code: answered ? code : code !== null && code >= 300 ? code : null,
      userCause,
      srdMs: null,
      mos: null,
      trunk: this.o.trunks.ofLive(c),
      dest: this.o.destinations.of(c.called),
    };
    this.window.push(a);
    return a;
  }

  private prune(nowMs: number): void {
    const from = nowMs - this.o.windowMs;
    let i = 0;
    while (i < this.window.length && (this.window[i] as WindowAttempt).atMs < from) i++;
    if (i) this.window.splice(0, i);
    i = 0;
    while (i < this.firstSeen.length && (this.firstSeen[i] as number) < nowMs - 60_000) i++;
    if (i) this.firstSeen.splice(0, i);
    i = 0;
    while (i < this.series.length && (this.series[i] as [number, number])[0] < nowMs - HOUR) i++;
    if (i) this.series.splice(0, i);
    // Tombstones of ended calls: kept 10 min (a lagging feed), swept once a minute.
    if (nowMs - this.lastSweepMs > 60_000 || this.ended.size > 50_000) {
      this.lastSweepMs = nowMs;
      for (const [k, at] of this.ended) if (nowMs - at > 600_000 || this.ended.size > 50_000) this.ended.delete(k);
    }
  }

  /** The calls of the last poll with their trunk and destination (computed once per poll). */
  liveViews(): LiveCallView[] {
    if (this.views) return this.views;
    const now = this.lastIngestMs ?? 0;
    this.views = this.calls.map((call) => {
      const t = this.tracked.get(call.key);
      const answered = !isFailed(call) && isAnswered(call);
      return { call, trunk: this.o.trunks.ofLive(call), dest: this.o.destinations.of(call.called), answered, upMs: t?.answeredAtMs != null ? now - t.answeredAtMs : null };
    });
    return this.views;
  }

  windowAttempts(): readonly WindowAttempt[] {
    return this.window;
  }

  /** Attempts of the last `ms` (rules with a shorter window than the tracker's). */
  attemptsSince(fromMs: number): WindowAttempt[] {
    let lo = 0;
    let hi = this.window.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.window[mid] as WindowAttempt).atMs < fromMs) lo = mid + 1;
      else hi = mid;
    }
    return this.window.slice(lo);
  }

  watchedMs(nowMs: number): number {
    return this.watchingSinceMs === null ? 0 : nowMs - this.watchingSinceMs;
  }

  snapshot(nowMs: number): LiveSourceKpis {
    const views = this.liveViews();
    const minSample = this.o.minSample;
    const byTrunk = new Map<string, LiveCallView[]>();
    const byDest = new Map<string, LiveCallView[]>();
    const destLabel = new Map<string, string>();
    for (const v of views) {
      if (v.trunk) push(byTrunk, v.trunk, v);
      push(byDest, v.dest.key, v);
      destLabel.set(v.dest.key, v.dest.label);
    }
    const wTrunk = new Map<string, WindowAttempt[]>();
    const wDest = new Map<string, WindowAttempt[]>();
    for (const a of this.window) {
      if (a.trunk) push(wTrunk, a.trunk, a);
      push(wDest, a.dest.key, a);
      destLabel.set(a.dest.key, a.dest.label);
    }
    const group = (kind: 'trunk' | 'destination', live: Map<string, LiveCallView[]>, win: Map<string, WindowAttempt[]>): LiveGroupKpis[] => {
      const keys = new Set([...live.keys(), ...win.keys()]);
      return [...keys].sort().map((k) => ({
        kind,
        key: k,
        label: kind === 'trunk' ? k : (destLabel.get(k) ?? k),
        live: liveSetKpis(live.get(k) ?? [], minSample, this.watchedMs(nowMs), countSince(this.firstSeen, nowMs - 60_000)),
        window: attemptKpis(win.get(k) ?? [], minSample),
      }));
    };
    return {
      sensor: this.sensor,
      at: new Date(nowMs).toISOString(),
      windowSec: Math.round(this.o.windowMs / 1000),
      minSample,
      live: liveSetKpis(views, minSample, this.watchedMs(nowMs), countSince(this.firstSeen, nowMs - 60_000)),
      window: attemptKpis(this.window, minSample) satisfies AttemptKpis,
      concurrentSeries: this.series.slice(),
      trunks: group('trunk', byTrunk, wTrunk),
      destinations: group('destination', byDest, wDest).slice(0, 100),
    };
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function countSince(sorted: readonly number[], fromMs: number): number {
  let n = 0;
  for (let i = sorted.length - 1; i >= 0 && (sorted[i] as number) >= fromMs; i--) n++;
  return n;
}

/** One-way / missing RTP is judged only on calls answered for at least this long (RTP takes a moment). */
export const RTP_GRACE_MS = 5000;

/** Figures of a set of live calls (a source, or one trunk or destination of it). */
export function liveSetKpis(views: readonly LiveCallView[], minSample: number, watchedMs: number, newInLastMinute: number): LiveSetKpis {
  const mos: number[] = [];
  const loss: number[] = [];
  const jitter: number[] = [];
  const classes = emptySipClasses();
  let concurrent = 0;
  let oneWay = 0;
  let noRtp = 0;
  for (const v of views) {
    const c = v.call;
    if (!isFailed(c)) concurrent++;
    addSipClass(classes, c.lastSipResponse);
    const m = worseMos(c.mosCaller, c.mosCalled);
    if (m !== null) mos.push(m);
    if (!v.answered) continue;
    const l = maxOf(c.lossCaller, c.lossCalled);
    if (l !== null) loss.push(l);
    const j = maxOf(c.jitterCaller, c.jitterCalled);
    if (j !== null) jitter.push(j);
    if (c.source === 'voipmonitor' && v.upMs !== null && v.upMs >= RTP_GRACE_MS) {
      const a = c.mosCaller !== null;
      const b = c.mosCalled !== null;
      if (a !== b) oneWay++;
      else if (!a && !b) noRtp++;
    }
  }
  let mosSum = 0;
  for (const m of mos) mosSum += m;
  return {
    concurrent,
    caps: { value: newInLastMinute / 60, n: newInLastMinute, enough: watchedMs >= 60_000 },
    mos: figure(mos.length ? mosSum / mos.length : null, mos.length, minSample),
    mosHistogram: mosHistogram(mos),
    loss: percentiles(loss, minSample),
    jitter: percentiles(jitter, minSample),
    oneWayRtp: oneWay,
    noRtp,
    sipClasses: classes,
  };
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
