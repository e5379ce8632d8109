/** REFERENCE for test/unit/kpi/incremental.test.ts: the tracker that loops over every listed call on every poll. Not used by the app. */
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
import type { LiveCall } from '../../../../src-main/domain/live-call';
import type { AttemptKpis, LiveGroupKpis, LiveSetKpis, LiveSourceKpis } from '../../../../src-main/domain/kpi';
import { attemptKpis, withMinSample, worseMos, type Attempt } from '../../../../src-main/services/kpi/definitions';
import { LiveAgg, liveSetKpis } from './live-agg';
import { observesMedia } from '../../../../src-main/backends/registry';
import type { Destination, DestinationClassifier, TrunkResolver } from '../../../../src-main/services/kpi/groups';

const ANSWERED_STATES = new Set(['connected', 'answered', 'up', 'talking', 'bridged', 'Up', 'Connected', 'Answered', 'Talking', 'Bridged']);

export function isAnswered(c: LiveCall): boolean {
  if (c.lastSipResponse === 200) return true;
  const s = c.state;
  return s !== null && (ANSWERED_STATES.has(s) || ANSWERED_STATES.has(s.toLowerCase()));
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
  /** Trunk and destination are resolved once per call, not per poll. */
  view: LiveCallView;
}

export interface LiveCallView {
  call: LiveCall;
  trunk: string | null;
  dest: Destination;
  answered: boolean;
  /** ms since the answer was first seen, or null. */
  upMs: number | null;
  /** The tracker's accumulator of this call's trunk (internal). */
  trunkAgg?: LiveAgg;
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
  private views: LiveCallView[] = [];
  /** Poll generation: the memos below hold for one poll. */
  private gen = 0;
  private memo = new Map<string, LiveSetKpis>();
  private parts = new Map<string, Map<string, GroupPart>>();
  /** Live-set accumulators, refilled on every poll: the source, each trunk, each destination. */
  private readonly srcAgg = new LiveAgg('', false);
  private trunkAggs = new Map<string, LiveAgg>();
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
    this.gen++;
    this.memo.clear();
    this.parts.clear();
    this.srcAgg.reset();
    for (const a of this.trunkAggs.values()) a.reset();
    // Source and trunks are accumulated while ingesting (the strip shows them on every push);
    // destinations only when a rule or a request asks for them (partition / liveKpis).
    const src = this.srcAgg;
    const feed = (v: LiveCallView, failed: boolean) => {
      src.add(v, failed);
      if (v.trunk) {
        // The trunk's accumulator is looked up once per call (kept on the view), not once per poll.
        let a = v.trunkAgg;
        if (!a) {
          a = this.trunkAggs.get(v.trunk);
          if (!a) this.trunkAggs.set(v.trunk, (a = new LiveAgg(v.trunk)));
          v.trunkAgg = a;
        }
        a.add(v, failed);
      }
    };
    const views: LiveCallView[] = new Array(calls.length);
    let nv = 0;
    let seen = 0;
    let concurrent = 0;
    for (const c of calls) {
      const failed = isFailed(c);
      if (!failed) concurrent++;
      const answered = !failed && isAnswered(c);
      let t = this.tracked.get(c.key);
      if (!t && this.ended.has(c.key)) {
        // Listed again by a lagging feed: part of that list, never an attempt again.
        const lag: LiveCallView = { call: c, trunk: this.o.trunks.ofLive(c), dest: this.o.destinations.of(c.called), answered, upMs: null };
        views[nv++] = lag;
        feed(lag, failed);
        continue;
      }
      if (!t) {
        const view: LiveCallView = { call: c, trunk: this.o.trunks.ofLive(c), dest: this.o.destinations.of(c.called), answered, upMs: null };
        t = { firstSeenMs: nowMs, lastSeenMs: -Infinity, lastDur: c.durationSec, answeredAtMs: null, answeredAtDur: null, ringingSeen: false, attempt: null, preexisting: baseline && (answered || failed), mos: null, last: c, view };
        this.tracked.set(c.key, t);
        if (!baseline) this.firstSeen.push(nowMs);
      }
      if (t.lastSeenMs !== nowMs) seen++;
      t.lastSeenMs = nowMs;
      t.lastDur = c.durationSec;
      t.last = c;
      const v = t.view;
      v.call = c;
      v.answered = answered;
      views[nv++] = v;
      const m = worseMos(c.mosCaller, c.mosCalled);
      if (m !== null) t.mos = m;
      if (answered && t.answeredAtMs === null) {
        t.answeredAtMs = nowMs;
        t.answeredAtDur = c.durationSec;
        if (!t.preexisting && !t.attempt) t.attempt = this.decide(c, nowMs, true, c.lastSipResponse !== null || observesMedia(c.source) ? 200 : null, null);
      } else if (failed && !t.attempt && !t.preexisting && t.answeredAtMs === null) {
        t.attempt = this.decide(c, nowMs, false, c.lastSipResponse, null);
      } else if (!answered && !failed) {
        t.ringingSeen = true;
      }
      if (t.attempt) t.attempt.mos = t.mos;
      v.upMs = t.answeredAtMs !== null ? nowMs - t.answeredAtMs : null;
      feed(v, failed);
    }
    views.length = nv;
    this.views = views;
    this.external = null;
    // Trunks without calls keep their (empty) accumulator: views hold references to it.
    // Ended calls: missing for graceMs.
    // forEach, not for…of over entries: no [key, value] pair allocated per call on every poll.
    const gone: string[] = [];
    if (seen !== this.tracked.size) {
      this.tracked.forEach((t, k) => {
        if (t.lastSeenMs !== nowMs && nowMs - t.lastSeenMs >= this.graceMs) gone.push(k);
      });
    }
    for (const k of gone) {
      const t = this.tracked.get(k) as Tracked;
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
      trunk: this.tracked.get(c.key)?.view.trunk ?? this.o.trunks.ofLive(c),
      dest: this.tracked.get(c.key)?.view.dest ?? this.o.destinations.of(c.called),
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

  /** The calls of the last poll with their trunk and destination. */
  liveViews(): readonly LiveCallView[] {
    return this.views;
  }

  private external: LiveCallView[] | null = null;
  /** The last poll's calls to numbers that are not internal extensions (the toll-fraud rules read only these). */
  externalViews(): readonly LiveCallView[] {
    if (!this.external) this.external = this.views.filter((v) => v.dest.cls !== 'internal');
    return this.external;
  }

  /** The last poll's calls and the window's attempts per trunk or destination (once per poll). */
  partition(kind: 'trunk' | 'destination'): Map<string, GroupPart> {
    const hit = this.parts.get(kind);
    if (hit) return hit;
    const m = new Map<string, GroupPart>();
    if (kind === 'trunk') this.trunkAggs.forEach((a, key) => a.views.length && m.set(key, { label: a.label, views: a.views, attempts: [] }));
    else {
      for (const v of this.views) {
        let g = m.get(v.dest.key);
        if (!g) m.set(v.dest.key, (g = { label: v.dest.label, views: [], attempts: [] }));
        g.views.push(v);
      }
    }
    for (const a of this.window) {
      const key = kind === 'trunk' ? a.trunk : a.dest.key;
      if (!key) continue;
      let g = m.get(key);
      if (!g) m.set(key, (g = { label: kind === 'trunk' ? key : a.dest.label, views: [], attempts: [] }));
      g.attempts.push(a);
    }
    this.parts.set(kind, m);
    return m;
  }

  /** Live-set figures of the whole source or one group (accumulated while ingesting), memoised for this poll. */
  liveKpis(kind: 'source' | 'trunk' | 'destination', key: string, minSample: number, nowMs: number): LiveSetKpis {
    const id = `${kind}|${key}`;
    let k = this.memo.get(id);
    if (!k) {
      if (kind === 'destination') k = liveSetKpis(this.partition('destination').get(key)?.views ?? [], 1, this.watchedMs(nowMs), 0);
      else {
        const agg = kind === 'source' ? this.srcAgg : this.trunkAggs.get(key);
        k = agg ? agg.result(1, this.watchedMs(nowMs), kind === 'source' ? countSince(this.firstSeen, nowMs - 60_000) : 0) : new LiveAgg('').result(1, 0, 0);
      }
      this.memo.set(id, k);
    }
    if (minSample === 1) return k;
    return { ...withMinSample(k, minSample), caps: k.caps };
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

  /** The figures pushed to the window; per-destination groups only when asked (`kpi:live`, not every push). */
  snapshot(nowMs: number, o: { destinations?: boolean } = {}): LiveSourceKpis {
    const minSample = this.o.minSample;
    const group = (kind: 'trunk' | 'destination'): LiveGroupKpis[] =>
      [...this.partition(kind)]
        .sort((a, b) => b[1].views.length - a[1].views.length || (a[0] < b[0] ? -1 : 1))
        .slice(0, 100)
        .map(([key, g]) => ({ kind, key, label: g.label, live: this.liveKpis(kind, key, minSample, nowMs), window: attemptKpis(g.attempts, minSample) }));
    return {
      sensor: this.sensor,
      at: new Date(nowMs).toISOString(),
      windowSec: Math.round(this.o.windowMs / 1000),
      minSample,
      live: this.liveKpis('source', '', minSample, nowMs),
      window: attemptKpis(this.window, minSample) satisfies AttemptKpis,
      concurrentSeries: this.series.slice(),
      trunks: group('trunk').sort((a, b) => (a.key < b.key ? -1 : 1)),
      destinations: o.destinations === false ? [] : group('destination'),
    };
  }
}

export interface GroupPart {
  label: string;
  views: LiveCallView[];
  attempts: WindowAttempt[];
}

function countSince(sorted: readonly number[], fromMs: number): number {
  let n = 0;
  for (let i = sorted.length - 1; i >= 0 && (sorted[i] as number) >= fromMs; i--) n++;
  return n;
}

export { liveSetKpis, RTP_GRACE_MS } from './live-agg';
