/**
 * REFERENCE for test/unit/kpi/incremental.test.ts: the from-scratch live figures as they were before
 * the tracker applied diffs (one deliberate deviation, marked). Not used by the app.
 *
 * Live-set figures (docs/KPIS.md) accumulated in one pass: the tracker feeds every call of a poll to
 * the accumulator of its source, its trunk and its destination while it ingests the poll, so the
 * figures of every group cost one visit per call and no sort. Loss and jitter percentiles come from
 * fixed 0.1-wide bins (nearest rank over the binned values; the maximum is exact).
 */
import type { LiveSetKpis, Percentiles } from '../../../../src-main/domain/kpi';
import { observesMedia } from '../../../../src-main/backends/registry';
import { addSipClass, emptySipClasses, figure, mosBin, worseMos } from '../../../../src-main/services/kpi/definitions';
import type { LiveCallView } from './live-tracker';

/** One-way / missing RTP is judged only on calls answered for at least this long (RTP takes a moment). */
export const RTP_GRACE_MS = 5000;

const BIN = 0.1;

/** Counts in bins of 0.1 from 0 up to `top` (values above land in the last bin; the max stays exact). */
export class BinnedValues {
  private readonly counts: Uint32Array;
  n = 0;
  max = -Infinity;
  constructor(top: number) {
    this.counts = new Uint32Array(Math.ceil(top / BIN) + 1);
  }

  reset(): void {
    if (this.n) this.counts.fill(0);
    this.n = 0;
    this.max = -Infinity;
  }

  add(v: number): void {
    const i = v <= 0 ? 0 : Math.min(this.counts.length - 1, Math.floor(v / BIN + 1e-9));
    this.counts[i] = (this.counts[i] as number) + 1;
    this.n++;
    if (v > this.max) this.max = v;
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

export class LiveAgg {
  readonly views: LiveCallView[] = [];
  concurrent = 0;
  private nMos = 0;
  private mosSum = 0;
  private readonly mosHist = [0, 0, 0, 0, 0, 0, 0];
  private readonly loss = new BinnedValues(100);
  private readonly jitter = new BinnedValues(1000);
  private oneWay = 0;
  private noRtp = 0;
  private classes = emptySipClasses();

  /** `keepViews: false` for the source's accumulator: the tracker already holds the poll's list. */
  constructor(readonly label: string, private readonly keepViews = true) {}

  reset(): void {
    this.views.length = 0;
    this.concurrent = 0;
    this.nMos = 0;
    this.mosSum = 0;
    this.mosHist.fill(0);
    this.loss.reset();
    this.jitter.reset();
    this.oneWay = 0;
    this.noRtp = 0;
    this.classes = emptySipClasses();
  }

  add(v: LiveCallView, failed: boolean): void {
    if (this.keepViews) this.views.push(v);
    const c = v.call;
    if (!failed) this.concurrent++;
    addSipClass(this.classes, c.lastSipResponse);
    const m = worseMos(c.mosCaller, c.mosCalled);
    if (m !== null) {
      this.nMos++;
      this.mosSum += Math.round(m * 1000); // deliberate deviation: thousandths (as the incremental tracker)
      const b = mosBin(m);
      this.mosHist[b] = (this.mosHist[b] as number) + 1;
    }
    if (!v.answered) return;
    const l = maxOf(c.lossCaller, c.lossCalled);
    if (l !== null) this.loss.add(l);
    const j = maxOf(c.jitterCaller, c.jitterCalled);
    if (j !== null) this.jitter.add(j);
    if (observesMedia(c.source) && v.upMs !== null && v.upMs >= RTP_GRACE_MS) {
      const a = c.mosCaller !== null;
      const b = c.mosCalled !== null;
      if (a !== b) this.oneWay++;
      else if (!a && !b) this.noRtp++;
    }
  }

  result(minSample: number, watchedMs: number, newInLastMinute: number): LiveSetKpis {
    return {
      concurrent: this.concurrent,
      caps: { value: newInLastMinute / 60, n: newInLastMinute, enough: watchedMs >= 60_000 },
      mos: figure(this.nMos ? this.mosSum / this.nMos / 1000 : null, this.nMos, minSample),
      mosHistogram: this.mosHist.slice(),
      loss: this.loss.figures(minSample),
      jitter: this.jitter.figures(minSample),
      oneWayRtp: this.oneWay,
      noRtp: this.noRtp,
      sipClasses: { ...this.classes },
    };
  }
}

function isFailedCall(v: LiveCallView): boolean {
  const c = v.call;
  return (c.lastSipResponse !== null && c.lastSipResponse >= 300) || c.state === 'failed';
}

/** Figures of any set of live calls (one definition with the tracker's accumulators). */
export function liveSetKpis(views: readonly LiveCallView[], minSample: number, watchedMs: number, newInLastMinute: number): LiveSetKpis {
  const agg = new LiveAgg('');
  for (const v of views) agg.add(v, isFailedCall(v));
  return agg.result(minSample, watchedMs, newInLastMinute);
}
