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
 *
 * Cost: a poll is applied as its diff (added / changed / removed, as the poller computed it), so calls
 * that did not change are never visited. Every figure is kept by difference (live-agg.ts,
 * attempt-window.ts); what depends on time alone (the RTP grace, the end of a missing call, the
 * window's edge) is kept in time-ordered queues. `ingest()` takes a full list instead (a first poll,
 * a reset after an error, another feed): it diffs the list against what is listed and applies that.
 */
import type { LiveCall } from '../../domain/live-call';
import type { AttemptKpis, GroupKind, LiveGroupKpis, LiveSetKpis, LiveSourceKpis } from '../../domain/kpi';
import { mosBin, withMinSample, worseMos } from './definitions';
import { contributionOf, LiveAgg, RTP_GRACE_MS, type AggMember, type Contribution } from './live-agg';
import { AttemptAgg, AttemptWindow, BurstIndex, type WindowAttempt } from './attempt-window';
import { observesMedia } from '../../backends/registry';
import type { Destination, DestinationClassifier, TrunkResolver } from './groups';

export type { WindowAttempt } from './attempt-window';

const ANSWERED_STATES = new Set(['connected', 'answered', 'up', 'talking', 'bridged', 'Up', 'Connected', 'Answered', 'Talking', 'Bridged']);

/** States seen so far → answered (a handful of distinct strings; no lower-casing per call). */
const answeredState = new Map<string, boolean>();

export function isAnswered(c: LiveCall): boolean {
  if (c.lastSipResponse === 200) return true;
  const s = c.state;
  if (s === null) return false;
  let a = answeredState.get(s);
  if (a === undefined) {
    a = ANSWERED_STATES.has(s) || ANSWERED_STATES.has(s.toLowerCase());
    if (answeredState.size > 1000) answeredState.clear();
    answeredState.set(s, a);
  }
  return a;
}

export function isFailed(c: LiveCall): boolean {
  return (c.lastSipResponse !== null && c.lastSipResponse >= 300) || c.state === 'failed';
}

/** One call the tracker knows: listed now, or missing for less than the grace. */
export interface LiveEntry extends AggMember {
  key: string;
  /** The call as last listed with a change (fields outside the diff signature may be older). */
  call: LiveCall;
  trunk: string | null;
  dest: Destination;
  trunkAgg: LiveAgg<LiveEntry> | null;
  destAgg: LiveAgg<LiveEntry>;
  listed: boolean;
  /** An ended call that a lagging feed still lists: part of the live set, never an attempt again. */
  lag: boolean;
  /** The call as last listed, once it went missing (a call gone while ringing is decided from it). */
  lastListed: LiveCall | null;
  /** Its source observes media (RTP is judged). */
  media: boolean;
  /** The state of `call`, read once per change (isFailed / isAnswered). */
  failed: boolean;
  answered: boolean;
  /** The called number it counts under for fraud bursts (null: internal). */
  burstNum: string | null;
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
  /** Poll generation it was last listed in (full-list ingest only). */
  seenGen: number;
}

/** One poll as its changes: what the poller's diff gives (services/live/observers.ts). */
export interface PollChangesIn {
  added: readonly LiveCall[];
  changed: readonly LiveCall[];
  /** The removed calls as they were last listed. */
  removed: readonly LiveCall[];
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

/** A group of one kind with its live accumulator (what the rules and the strip read). */
export interface LiveGroup {
  kind: GroupKind;
  key: string;
  label: string;
  live: LiveAgg<LiveEntry>;
  /** Attempts of this group in the tracker's window (as of the last poll). */
  inWindow: number;
}

const HOUR = 3_600_000;
const EMPTY = new LiveAgg<LiveEntry>('');

/** A queue over an array with a moving head (no shift() per element). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  push(x: T): void {
    this.items.push(x);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  pop(): T | undefined {
    const x = this.items[this.head];
    if (x === undefined) return undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
  get length(): number {
    return this.items.length - this.head;
  }
}

export class LiveKpiTracker {
  private readonly tracked = new Map<string, LiveEntry>();
  /** Listed calls that had ended (a lagging feed). */
  private readonly lags = new Map<string, LiveEntry>();
  private readonly ended = new Map<string, number>();
  /** Lag calls whose tombstone was swept: at the next poll they are new calls, as if first seen. */
  private promote: LiveEntry[] = [];
  /** Attempts of the tracker's window, oldest first; `base` is the seq of attempts[0]. */
  private attempts: WindowAttempt[] = [];
  private base = 0;
  private nextSeq = 0;
  private readonly windows = new Map<number, AttemptWindow>();
  private firstSeen: number[] = [];
  private firstSeenHead = 0;
  private series: Array<[number, number]> = [];
  private lastIngestMs: number | null = null;
  private watchingSinceMs: number | null = null;
  private readonly missing = new Fifo<{ e: LiveEntry; at: number }>();
  private readonly maturing = new Fifo<LiveEntry>();
  private readonly srcAgg = new LiveAgg<LiveEntry>('');
  private readonly trunkGroups = new Map<string, LiveGroup>();
  private readonly destGroups = new Map<string, LiveGroup>();
  /** Poll generation: the memos below hold for one poll. */
  private gen = 0;
  private memo = new Map<string, LiveSetKpis>();
  private parts = new Map<string, LiveGroup[]>();
  private lastSweepMs = 0;
  private readonly graceMs: number;
  private readonly gapMs: number;
  /** The one poller this tracker follows (several may poll the same source). */
  private feed: object | null = null;
  private feedLastMs = 0;
  private feedEveryMs = 0;

  constructor(readonly sensor: string, private readonly o: TrackerOptions) {
    this.graceMs = o.graceMs ?? 3000;
    this.gapMs = o.gapMs ?? 60_000;
  }

  get lastPollMs(): number | null {
    return this.lastIngestMs;
  }

  /**
   * One poll from poller `feed`: applied as its changes when it comes from the feed this tracker
   * follows and continues it; a full list when it starts (or restarts, `reset`) a sequence. Another
   * poller of the same source takes over at once with a fresh start (`reset`: a poller that replaced
   * the followed one after a profile change); otherwise its polls are ignored while the followed one
   * keeps polling (they carry the same calls), and it takes over when the followed one has been silent
   * for 2.5 of its intervals. Returns whether the poll was taken.
   */
  poll(feed: object, calls: readonly LiveCall[], changes: PollChangesIn | null, reset: boolean, nowMs: number): boolean {
    if (feed !== this.feed) {
      const silent = nowMs - this.feedLastMs;
      if (this.feed !== null && !reset && silent <= Math.max(this.graceMs, 2.5 * this.feedEveryMs)) return false;
      this.feed = feed;
      this.feedEveryMs = 0;
      reset = true;
    } else if (this.feedLastMs) this.feedEveryMs = nowMs - this.feedLastMs;
    this.feedLastMs = nowMs;
    if (reset || !changes) this.ingest(calls, nowMs);
    else this.apply(changes, nowMs);
    return true;
  }

  /** One poll's full list. */
  ingest(calls: readonly LiveCall[], nowMs: number): void {
    const gen = this.gen + 1;
    const added: LiveCall[] = [];
    const changed: LiveCall[] = [];
    for (const c of calls) {
      const e = this.tracked.get(c.key) ?? this.lags.get(c.key);
      if (!e || !e.listed) {
        added.push(c);
        continue;
      }
      if (e.seenGen === gen) continue; // listed twice: the first wins (as in the poller's diff)
      e.seenGen = gen;
      if (e.call !== c) changed.push(c);
    }
    const removed: LiveCall[] = [];
    for (const e of this.srcAgg.members) if (e.seenGen !== gen) removed.push(e.call);
    this.apply({ added: dedupe(added), changed, removed }, nowMs);
  }

  private apply(d: PollChangesIn, nowMs: number): void {
    const baseline = this.lastIngestMs === null || nowMs - this.lastIngestMs > this.gapMs;
    if (baseline) this.watchingSinceMs = nowMs;
    const prev = this.lastIngestMs ?? nowMs;
    this.lastIngestMs = nowMs;
    const gen = ++this.gen;
    this.memo.clear();
    this.parts.clear();
    // Calls answered RTP_GRACE_MS ago: their RTP is judged from now on.
    for (let e = this.maturing.peek(); e && nowMs - (e.answeredAtMs as number) >= RTP_GRACE_MS; e = this.maturing.peek()) {
      this.maturing.pop();
      if (e.listed) this.refresh(e, nowMs);
    }
    for (const c of d.removed) {
      const e = this.tracked.get(c.key) ?? this.lags.get(c.key);
      if (!e || !e.listed) continue;
      this.unlist(e);
      if (e.lag) {
        this.lags.delete(e.key);
        continue;
      }
      e.lastSeenMs = prev;
      e.lastDur = c.durationSec;
      e.lastListed = c;
      this.missing.push({ e, at: prev });
    }
    for (const c of d.added) this.upsert(c, nowMs, baseline, gen);
    for (const c of d.changed) this.upsert(c, nowMs, baseline, gen);
    if (this.promote.length) {
      const p = this.promote;
      this.promote = [];
      for (const e of p) {
        if (this.lags.get(e.key) !== e || !e.listed) continue;
        this.lags.delete(e.key);
        this.unlist(e);
        this.upsert(e.call, nowMs, baseline, gen);
      }
    }
    // Calls missing for graceMs have ended.
    for (let m = this.missing.peek(); m && nowMs - m.at >= this.graceMs; m = this.missing.peek()) {
      this.missing.pop();
      const e = m.e;
      if (e.listed || e.lastSeenMs !== m.at || this.tracked.get(e.key) !== e) continue;
      this.end(e, nowMs);
    }
    this.series.push([nowMs, this.srcAgg.concurrent]);
    this.prune(nowMs);
  }

  private group(m: Map<string, LiveGroup>, kind: GroupKind, key: string, label: string): LiveGroup {
    let g = m.get(key);
    if (!g) m.set(key, (g = { kind, key, label, live: new LiveAgg<LiveEntry>(label), inWindow: 0 }));
    return g;
  }

  private upsert(c: LiveCall, nowMs: number, baseline: boolean, gen: number): void {
    const failed = isFailed(c);
    const answered = !failed && isAnswered(c);
    let e = this.tracked.get(c.key);
    if (!e) {
      const lag = this.lags.get(c.key);
      if (lag) {
        // Only listed lag calls are kept: a change of one.
        lag.call = c;
        lag.failed = failed;
        lag.answered = answered;
        this.refresh(lag, nowMs);
        return;
      }
      const isLag = this.ended.has(c.key);
      const trunk = this.o.trunks.ofLive(c);
      const dest = this.o.destinations.of(c.called);
      e = {
        key: c.key, call: c, trunk, dest,
        trunkAgg: trunk ? this.group(this.trunkGroups, 'trunk', trunk, trunk).live : null,
        destAgg: this.group(this.destGroups, 'destination', dest.key, dest.label).live,
        listed: false, lag: isLag, lastListed: null, media: observesMedia(c.source), failed, answered, burstNum: null, contrib: null as unknown as Contribution,
        firstSeenMs: nowMs, lastSeenMs: nowMs, lastDur: c.durationSec, answeredAtMs: null, answeredAtDur: null, ringingSeen: false,
        attempt: null, preexisting: baseline && (answered || failed), mos: null, seenGen: gen,
      };
      if (isLag) {
        // Listed again by a lagging feed: part of that list, never an attempt again.
        this.lags.set(c.key, e);
        this.list(e, nowMs);
        return;
      }
      this.tracked.set(c.key, e);
      if (!baseline) this.firstSeen.push(nowMs);
    }
    e.call = c;
    e.failed = failed;
    e.answered = answered;
    e.lastSeenMs = nowMs;
    e.seenGen = gen;
    const m = worseMos(c.mosCaller, c.mosCalled);
    if (m !== null) e.mos = m;
    if (answered && e.answeredAtMs === null) {
      e.answeredAtMs = nowMs;
      e.answeredAtDur = c.durationSec;
      this.maturing.push(e);
      if (!e.preexisting && !e.attempt) e.attempt = this.decide(e, nowMs, true, c.lastSipResponse !== null || observesMedia(c.source) ? 200 : null, null);
    } else if (failed && !e.attempt && !e.preexisting && e.answeredAtMs === null) {
      e.attempt = this.decide(e, nowMs, false, c.lastSipResponse, null);
    } else if (!answered && !failed) {
      e.ringingSeen = true;
    }
    const a = e.attempt;
    if (a && a.mos !== e.mos) this.setAttemptMos(a, e.mos);
    if (e.listed) this.refresh(e, nowMs);
    else this.list(e, nowMs);
  }

  private contributionNow(e: LiveEntry, nowMs: number): Contribution {
    const judge = e.answered && e.media && !e.lag && e.answeredAtMs !== null && nowMs - e.answeredAtMs >= RTP_GRACE_MS;
    return contributionOf(e.call, e.dest, e.answered, e.failed, judge);
  }

  private burstNumOf(e: LiveEntry): string | null {
    return e.dest.cls === 'internal' ? null : (e.dest.normalized ?? e.call.called);
  }

  private list(e: LiveEntry, nowMs: number): void {
    e.contrib = this.contributionNow(e, nowMs);
    e.listed = true;
    this.srcAgg.join(e);
    e.trunkAgg?.join(e);
    e.destAgg.join(e);
    e.burstNum = this.burstNumOf(e);
    if (e.burstNum !== null) for (const w of this.windows.values()) w.burst?.add(e.burstNum, e.key);
  }

  private unlist(e: LiveEntry): void {
    e.listed = false;
    this.srcAgg.leave(e);
    e.trunkAgg?.leave(e);
    e.destAgg.leave(e);
    if (e.burstNum !== null) for (const w of this.windows.values()) w.burst?.remove(e.burstNum, e.key);
  }

  private refresh(e: LiveEntry, nowMs: number): void {
    const old = e.contrib;
    e.contrib = this.contributionNow(e, nowMs);
    this.srcAgg.update(e, old);
    e.trunkAgg?.update(e, old);
    e.destAgg.update(e, old);
    const num = this.burstNumOf(e);
    if (num !== e.burstNum) {
      for (const w of this.windows.values()) {
        if (e.burstNum !== null) w.burst?.remove(e.burstNum, e.key);
        if (num !== null) w.burst?.add(num, e.key);
      }
      e.burstNum = num;
    }
  }

  private end(e: LiveEntry, nowMs: number): void {
    this.tracked.delete(e.key);
    this.ended.set(e.key, nowMs);
    if (e.preexisting) return;
    const a = e.attempt;
    if (a) {
      if (a.answered && e.answeredAtDur !== null && e.lastDur !== null) {
        const talk = Math.max(0, e.lastDur - e.answeredAtDur);
        a.talkSec = talk;
        // Only ACD moves: an answered attempt gains its talk time in every window that holds it.
        for (const w of this.windows.values()) if (a.seq >= w.head && a.seq >= this.base) w.addTalk(a, talk);
      }
      return;
    }
    // Gone while ringing: the caller gave up or the far end never answered (no code seen). Its group is
    // read from the call as last listed.
    const last = e.lastListed ?? e.call;
    this.decide(e, nowMs, false, null, e.ringingSeen ? true : null, this.o.trunks.ofLive(last), this.o.destinations.of(last.called));
  }

  private decide(e: LiveEntry, nowMs: number, answered: boolean, code: number | null, userCause: boolean | null, trunk = e.trunk, dest = e.dest): WindowAttempt {
    const a: WindowAttempt = {
      key: e.key,
      atMs: nowMs,
      answered,
      talkSec: null,
      code: answered ? code : code !== null && code >= 300 ? code : null,
      userCause,
      srdMs: null,
      mos: null,
      trunk,
      dest,
      seq: this.nextSeq++,
    };
    this.attempts.push(a);
    if (a.trunk) this.group(this.trunkGroups, 'trunk', a.trunk, a.trunk).inWindow++;
    this.group(this.destGroups, 'destination', a.dest.key, a.dest.label).inWindow++;
    for (const w of this.windows.values()) w.apply(a, 1);
    return a;
  }

  /** The attempt's MOS follows its call's; only the MOS histograms move, and only across a bin. */
  private setAttemptMos(a: WindowAttempt, mos: number | null): void {
    const was = a.mos;
    a.mos = mos;
    if (was !== null && mos !== null && mosBin(was) === mosBin(mos)) return;
    for (const w of this.windows.values()) if (a.seq >= w.head && a.seq >= this.base) w.moveMos(a, was, mos);
  }

  private prune(nowMs: number): void {
    const from = nowMs - this.o.windowMs;
    let i = 0;
    while (i < this.attempts.length && (this.attempts[i] as WindowAttempt).atMs < from) i++;
    if (i) {
      const newBase = this.base + i;
      for (const w of this.windows.values()) {
        while (w.head < newBase) {
          w.apply(this.attempts[w.head - this.base] as WindowAttempt, -1);
          w.head++;
        }
      }
      for (let k = 0; k < i; k++) {
        const a = this.attempts[k] as WindowAttempt;
        if (a.trunk) (this.trunkGroups.get(a.trunk) as LiveGroup).inWindow--;
        (this.destGroups.get(a.dest.key) as LiveGroup).inWindow--;
      }
      this.attempts.splice(0, i);
      this.base = newBase;
    }
    while (this.firstSeenHead < this.firstSeen.length && (this.firstSeen[this.firstSeenHead] as number) < nowMs - 60_000) this.firstSeenHead++;
    if (this.firstSeenHead > 4096) {
      this.firstSeen = this.firstSeen.slice(this.firstSeenHead);
      this.firstSeenHead = 0;
    }
    i = 0;
    while (i < this.series.length && (this.series[i] as [number, number])[0] < nowMs - HOUR) i++;
    if (i) this.series.splice(0, i);
    // Tombstones of ended calls: kept 10 min (a lagging feed), swept once a minute.
    if (nowMs - this.lastSweepMs > 60_000 || this.ended.size > 50_000) {
      this.lastSweepMs = nowMs;
      for (const [k, at] of this.ended) {
        if (nowMs - at > 600_000 || this.ended.size > 50_000) {
          this.ended.delete(k);
          const lag = this.lags.get(k);
          if (lag) this.promote.push(lag);
        }
      }
    }
  }

  /** The window of `ms` as of `fromMs` (created on first use from the attempt list). */
  private windowAt(ms: number, fromMs: number): AttemptWindow {
    let w = this.windows.get(ms);
    if (!w) {
      w = new AttemptWindow(ms, this.nextSeq);
      this.windows.set(ms, w);
    }
    const at = (seq: number) => this.attempts[seq - this.base] as WindowAttempt;
    while (w.head < this.nextSeq && at(w.head).atMs < fromMs) {
      w.apply(at(w.head), -1);
      w.head++;
    }
    while (w.head > this.base && at(w.head - 1).atMs >= fromMs) {
      w.head--;
      w.apply(at(w.head), 1);
    }
    return w;
  }

  /** Attempt figures of a group over the last `ms` (never beyond the tracker's window). */
  windowKpis(kind: GroupKind, key: string, ms: number, nowMs: number): AttemptAgg {
    return this.windowAt(ms, nowMs - ms).group(kind, key) ?? EMPTY_ATTEMPTS;
  }

  /** Attempts of a group from `fromMs` on, oldest first (for the calls behind an alert). */
  *attemptsOf(kind: GroupKind, key: string, fromMs: number): Generator<WindowAttempt> {
    let lo = 0;
    let hi = this.attempts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.attempts[mid] as WindowAttempt).atMs < fromMs) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.attempts.length; i++) {
      const a = this.attempts[i] as WindowAttempt;
      if (kind === 'source' || (kind === 'trunk' ? a.trunk === key : a.dest.key === key)) yield a;
    }
  }

  /** Distinct calls per called number over the listed calls and the last `ms` of attempts. */
  burst(ms: number, nowMs: number): ReturnType<BurstIndex['worst']> {
    const w = this.windowAt(ms, nowMs - ms);
    if (!w.burst) {
      const b = new BurstIndex();
      for (const e of this.srcAgg.members) if (e.burstNum !== null) b.add(e.burstNum, e.key);
      for (let s = w.head; s < this.nextSeq; s++) {
        const a = this.attempts[s - this.base] as WindowAttempt;
        if (a.dest.cls !== 'internal') b.add(a.dest.normalized ?? '', a.key);
      }
      w.burst = b;
    }
    return w.burst.worst();
  }

  /** The listed calls of the whole source. */
  get sourceAgg(): LiveAgg<LiveEntry> {
    return this.srcAgg;
  }

  /** The trunks or destinations with listed calls or attempts in the window (once per poll). */
  groups(kind: 'trunk' | 'destination'): readonly LiveGroup[] {
    const hit = this.parts.get(kind);
    if (hit) return hit;
    const out: LiveGroup[] = [];
    for (const g of (kind === 'trunk' ? this.trunkGroups : this.destGroups).values()) if (g.live.size || g.inWindow) out.push(g);
    this.parts.set(kind, out);
    return out;
  }

  /** Live-set figures of the whole source or one group (kept by difference), memoised for this poll. */
  liveKpis(kind: GroupKind, key: string, minSample: number, nowMs: number): LiveSetKpis {
    // A source has one set, whatever key names it ('' from the snapshot, the profile id from rules).
    const id = kind === 'source' ? 'source|' : `${kind}|${key}`;
    let k = this.memo.get(id);
    if (!k) {
      const agg = kind === 'source' ? this.srcAgg : (kind === 'trunk' ? this.trunkGroups : this.destGroups).get(key)?.live ?? EMPTY;
      k = agg.result(1, this.watchedMs(nowMs), kind === 'source' ? this.newSince(nowMs - 60_000) : 0);
      this.memo.set(id, k);
    }
    if (minSample === 1) return k;
    return { ...withMinSample(k, minSample), caps: k.caps };
  }

  private newSince(fromMs: number): number {
    let lo = this.firstSeenHead;
    let hi = this.firstSeen.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.firstSeen[mid] as number) < fromMs) lo = mid + 1;
      else hi = mid;
    }
    return this.firstSeen.length - lo;
  }

  /** The attempts of the tracker's window, oldest first. */
  windowAttempts(): readonly WindowAttempt[] {
    return this.attempts;
  }

  watchedMs(nowMs: number): number {
    return this.watchingSinceMs === null ? 0 : nowMs - this.watchingSinceMs;
  }

  /** The figures pushed to the window; per-destination groups only when asked (`kpi:live`, not every push). */
  snapshot(nowMs: number, o: { destinations?: boolean } = {}): LiveSourceKpis {
    const minSample = this.o.minSample;
    // The tracker's own window: every attempt it still holds.
    const w = this.windowAt(this.o.windowMs, -Infinity);
    const group = (kind: 'trunk' | 'destination'): LiveGroupKpis[] =>
      [...this.groups(kind)]
        .sort((a, b) => b.live.size - a.live.size || (a.key < b.key ? -1 : 1))
        .slice(0, 100)
        .map((g) => ({ kind, key: g.key, label: g.label, live: this.liveKpis(kind, g.key, minSample, nowMs), window: (w.group(kind, g.key) ?? EMPTY_ATTEMPTS).result(minSample) }));
    return {
      sensor: this.sensor,
      at: new Date(nowMs).toISOString(),
      windowSec: Math.round(this.o.windowMs / 1000),
      minSample,
      live: this.liveKpis('source', '', minSample, nowMs),
      window: w.source.result(minSample) satisfies AttemptKpis,
      concurrentSeries: this.series.slice(),
      trunks: group('trunk').sort((a, b) => (a.key < b.key ? -1 : 1)),
      destinations: o.destinations === false ? [] : group('destination'),
    };
  }
}

const EMPTY_ATTEMPTS = new AttemptAgg();

/** The first of each key (a source listing a call twice). */
function dedupe(calls: LiveCall[]): LiveCall[] {
  if (calls.length < 2) return calls;
  const seen = new Set<string>();
  const out: LiveCall[] = [];
  for (const c of calls) if (!seen.has(c.key)) {
    seen.add(c.key);
    out.push(c);
  }
  return out;
}

export { RTP_GRACE_MS } from './live-agg';
