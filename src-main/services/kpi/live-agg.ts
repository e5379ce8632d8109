/**
 * Live-set figures (docs/KPIS.md) kept by difference: every listed call leaves a `Contribution` in the
 * accumulator of its source, its trunk and its destination; when the call changes, its old contribution
 * is subtracted and the new one added, so a poll costs one visit per changed call, never one per
 * listed call. Loss and jitter percentiles come from fixed 0.1-wide bins (nearest rank over the binned
 * values; the maximum is exact). The MOS mean is summed in thousandths (sensors report MOS with at most
 * two decimals), so adding and subtracting never drifts and the order of the calls does not matter.
 */
import type { LiveSetKpis, Percentiles } from '../../domain/kpi';
import { MOS_BINS } from '../../domain/kpi';
import type { LiveCall } from '../../domain/live-call';
import { addSipClass, emptySipClasses, figure, mosBin, worseMos } from './definitions';
import type { Destination } from './groups';

/** One-way / missing RTP is judged only on calls answered for at least this long (RTP takes a moment). */
export const RTP_GRACE_MS = 5000;

const BIN = 0.1;

/**
 * The largest values of a multiset, exactly, at the cost of a comparison for the others: a sorted
 * array of at most TOP_KEPT values; every value not kept is ≤ the smallest kept. When removals empty it
 * while values remain (`stale`), the owner refills it from its members (rare).
 */
const TOP_KEPT = 32;
class TopValues {
  private v: number[] = [];
  /** Some values of the multiset are not kept (all ≤ v[0]). */
  private truncated = false;
  get stale(): boolean {
    return this.truncated && this.v.length === 0;
  }
  get max(): number {
    return this.v.length ? (this.v[this.v.length - 1] as number) : -Infinity;
  }
  clear(): void {
    this.v.length = 0;
    this.truncated = false;
  }
  add(x: number): void {
    const v = this.v;
    if (this.truncated && (v.length === 0 || x < (v[0] as number))) return;
    let i = v.length;
    while (i > 0 && (v[i - 1] as number) > x) i--;
    v.splice(i, 0, x);
    if (v.length > TOP_KEPT) {
      v.shift();
      this.truncated = true;
    }
  }
  remove(x: number): void {
    const v = this.v;
    if (!v.length || x < (v[0] as number)) return; // not kept
    for (let i = v.length - 1; i >= 0; i--) {
      if (v[i] === x) {
        v.splice(i, 1);
        return;
      }
    }
  }
  /** Refill from every value of the multiset. */
  refill(values: Iterable<number>): void {
    this.clear();
    for (const x of values) this.add(x);
  }
}

/** Counts in bins of 0.1 from 0 up to `top` (values above land in the last bin; the max stays exact). */
export class BinnedValues {
  private readonly counts: Uint32Array;
  private readonly top = new TopValues();
  n = 0;
  constructor(top: number) {
    this.counts = new Uint32Array(Math.ceil(top / BIN) + 1);
  }

  get max(): number {
    return this.n ? this.top.max : -Infinity;
  }

  /** The largest values were removed: the owner must `refill` before reading the max. */
  get maxStale(): boolean {
    return this.n > 0 && this.top.stale;
  }

  refill(values: Iterable<number>): void {
    this.top.refill(values);
  }

  reset(): void {
    if (this.n) this.counts.fill(0);
    this.n = 0;
    this.top.clear();
  }

  private bin(v: number): number {
    return v <= 0 ? 0 : Math.min(this.counts.length - 1, Math.floor(v / BIN + 1e-9));
  }

  add(v: number): void {
    const i = this.bin(v);
    this.counts[i] = (this.counts[i] as number) + 1;
    this.n++;
    this.top.add(v);
  }

  remove(v: number): void {
    const i = this.bin(v);
    this.counts[i] = (this.counts[i] as number) - 1;
    this.n--;
    if (this.n === 0) this.top.clear();
    else this.top.remove(v);
  }

  /** Nearest rank: the lower edge of the bin holding the ⌈p·n⌉-th value (never above the max). */
  percentile(p: number): number | null {
    if (!this.n) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.min(this.max, Math.round(i * BIN * 10) / 10);
    }
    return this.max;
  }

  figures(minSample: number): Percentiles {
    return { p50: figure(this.percentile(50), this.n, minSample), p95: figure(this.percentile(95), this.n, minSample), max: figure(this.n ? this.max : null, this.n, minSample) };
  }
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

export const RTP_NOT_JUDGED = 0;
export const RTP_BOTH = 1;
export const RTP_ONE_WAY = 2;
export const RTP_NONE = 3;

/** What one listed call adds to the live figures of each group it belongs to. */
export interface Contribution {
  failed: boolean;
  answered: boolean;
  code: number | null;
  /** Worse direction's MOS in thousandths, or -1. */
  mosMilli: number;
  loss: number | null;
  jitter: number | null;
  /** RTP_NOT_JUDGED unless answered for RTP_GRACE_MS on a source that observes media. */
  rtp: number;
  dest: Destination;
}

/**
 * `answered` and `failed` are the tracker's reading of the call's state; `judgeRtp`: answered at least
 * RTP_GRACE_MS ago (by the tracker's clock) on a source that observes media (`observesMedia`).
 */
export function contributionOf(c: LiveCall, dest: Destination, answered: boolean, failed: boolean, judgeRtp: boolean): Contribution {
  const m = worseMos(c.mosCaller, c.mosCalled);
  let rtp = RTP_NOT_JUDGED;
  if (judgeRtp) {
    const a = c.mosCaller !== null;
    const b = c.mosCalled !== null;
    rtp = a !== b ? RTP_ONE_WAY : !a ? RTP_NONE : RTP_BOTH;
  }
  return {
    failed,
    answered,
    code: c.lastSipResponse,
    mosMilli: m === null ? -1 : Math.round(m * 1000),
    loss: answered ? maxOf(c.lossCaller, c.lossCalled) : null,
    jitter: answered ? maxOf(c.jitterCaller, c.jitterCalled) : null,
    rtp,
    dest,
  };
}

/** A member of an accumulator: a listed call and what it contributes now. */
export interface AggMember {
  contrib: Contribution;
}

const MOS_BIN_COUNT = MOS_BINS.length - 1;

export class LiveAgg<M extends AggMember = AggMember> {
  /** The listed calls of this group (insertion order: when each was first listed). */
  readonly members = new Set<M>();
  concurrent = 0;
  private nMos = 0;
  private mosMilli = 0;
  private readonly mosHist = new Array<number>(MOS_BIN_COUNT).fill(0);
  private readonly loss = new BinnedValues(100);
  private readonly jitter = new BinnedValues(1000);
  oneWay = 0;
  noRtp = 0;
  /** Answered calls whose RTP is judged (the sample of the rtp-missing rule). */
  rtpJudged = 0;
  /** … of which one-way or without RTP (the calls behind an rtp-missing alert). */
  readonly rtpBad = new Set<M>();
  private readonly classes = emptySipClasses();
  /** Listed calls per destination key (the toll-fraud rule counts suspicious destinations from these). */
  readonly dests = new Map<string, { dest: Destination; n: number }>();

  constructor(readonly label: string) {}

  get size(): number {
    return this.members.size;
  }

  reset(): void {
    this.members.clear();
    this.concurrent = 0;
    this.nMos = 0;
    this.mosMilli = 0;
    this.mosHist.fill(0);
    this.loss.reset();
    this.jitter.reset();
    this.oneWay = 0;
    this.noRtp = 0;
    this.rtpJudged = 0;
    this.rtpBad.clear();
    for (const k of Object.keys(this.classes) as Array<keyof typeof this.classes>) this.classes[k] = 0;
    this.dests.clear();
  }

  join(m: M): void {
    this.members.add(m);
    const d = this.dests.get(m.contrib.dest.key);
    if (d) d.n++;
    else this.dests.set(m.contrib.dest.key, { dest: m.contrib.dest, n: 1 });
    this.apply(m, 1);
  }

  leave(m: M): void {
    this.members.delete(m);
    const d = this.dests.get(m.contrib.dest.key);
    if (d && --d.n === 0) this.dests.delete(m.contrib.dest.key);
    this.apply(m, -1);
  }

  /** The member's contribution changes from `old` to `m.contrib` (its destination is fixed): only the fields that moved. */
  update(m: M, old: Contribution): void {
    const c = m.contrib;
    if (old.failed !== c.failed) this.concurrent += c.failed ? -1 : 1;
    if (old.code !== c.code) {
      if (old.code !== null) addSipClass(this.classes, old.code, -1);
      if (c.code !== null) addSipClass(this.classes, c.code, 1);
    }
    if (old.mosMilli !== c.mosMilli) {
      if (old.mosMilli >= 0) this.mos(old.mosMilli, -1);
      if (c.mosMilli >= 0) this.mos(c.mosMilli, 1);
    }
    if (old.loss !== c.loss) {
      if (old.loss !== null) this.loss.remove(old.loss);
      if (c.loss !== null) this.loss.add(c.loss);
    }
    if (old.jitter !== c.jitter) {
      if (old.jitter !== null) this.jitter.remove(old.jitter);
      if (c.jitter !== null) this.jitter.add(c.jitter);
    }
    if (old.rtp !== c.rtp) {
      this.rtp(m, old.rtp, -1);
      this.rtp(m, c.rtp, 1);
    }
  }

  private mos(milli: number, s: 1 | -1): void {
    this.nMos += s;
    this.mosMilli += s * milli;
    const b = mosBin(milli / 1000);
    this.mosHist[b] = (this.mosHist[b] as number) + s;
  }

  private rtp(m: M, rtp: number, s: 1 | -1): void {
    if (rtp === RTP_NOT_JUDGED) return;
    this.rtpJudged += s;
    if (rtp === RTP_BOTH) return;
    if (rtp === RTP_ONE_WAY) this.oneWay += s;
    else this.noRtp += s;
    if (s > 0) this.rtpBad.add(m);
    else this.rtpBad.delete(m);
  }

  private apply(m: M, s: 1 | -1): void {
    const c = m.contrib;
    if (!c.failed) this.concurrent += s;
    if (c.code !== null) addSipClass(this.classes, c.code, s);
    if (c.mosMilli >= 0) this.mos(c.mosMilli, s);
    if (c.loss !== null) {
      if (s > 0) this.loss.add(c.loss);
      else this.loss.remove(c.loss);
    }
    if (c.jitter !== null) {
      if (s > 0) this.jitter.add(c.jitter);
      else this.jitter.remove(c.jitter);
    }
    this.rtp(m, c.rtp, s);
  }

  /** The exact maxima after the largest values left (rare): from the members. */
  private freshMax(): void {
    if (this.loss.maxStale) this.loss.refill(valuesOf(this.members, 'loss'));
    if (this.jitter.maxStale) this.jitter.refill(valuesOf(this.members, 'jitter'));
  }

  result(minSample: number, watchedMs: number, newInLastMinute: number): LiveSetKpis {
    this.freshMax();
    return {
      concurrent: this.concurrent,
      caps: { value: newInLastMinute / 60, n: newInLastMinute, enough: watchedMs >= 60_000 },
      mos: figure(this.nMos ? this.mosMilli / this.nMos / 1000 : null, this.nMos, minSample),
      mosHistogram: this.mosHist.slice(),
      loss: this.loss.figures(minSample),
      jitter: this.jitter.figures(minSample),
      oneWayRtp: this.oneWay,
      noRtp: this.noRtp,
      sipClasses: { ...this.classes },
    };
  }
}

function* valuesOf(members: Iterable<AggMember>, k: 'loss' | 'jitter'): Generator<number> {
  for (const m of members) {
    const v = m.contrib[k];
    if (v !== null) yield v;
  }
}
