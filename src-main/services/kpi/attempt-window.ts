/**
 * Sliding windows over the decided attempts of one source (docs/KPIS.md, "Live data from polls"),
 * kept by difference: an attempt is added to the figures of its source, trunk and destination when it
 * enters a window and subtracted when it leaves, so a rule reads ASR, NER, ACD, SER, SEER, ISA, SRD
 * or a SIP code rate in O(1) per group instead of a pass over the window. The attempts themselves
 * stay in one time-ordered list (decided in time order), which each window reads with its own head.
 */
import type { AttemptKpis } from '../../domain/kpi';
import { MOS_BINS } from '../../domain/kpi';
import { addSipClass, emptySipClasses, figure, isUserSide, ISA_CODES, mosBin, SEER_CODES, type Attempt } from './definitions';
import type { Destination } from './groups';

/** A decided attempt with what the groups need. */
export interface WindowAttempt extends Attempt {
  key: string;
  trunk: string | null;
  dest: Destination;
  /** Position in the source's attempt list (increasing). */
  seq: number;
}

const MOS_BIN_COUNT = MOS_BINS.length - 1;

/** The attempt figures (definitions.ts `attemptKpis`) of one group over one window, by difference. */
export class AttemptAgg {
  n = 0;
  answered = 0;
  private userSide = 0;
  private acdSum = 0;
  private acdN = 0;
  /** Attempts with a known final code: ISA's denominator. */
  coded = 0;
  /** … of which 3xx (SER and SEER leave them out). */
  private redirected = 0;
  private ok = 0;
  private seerOk = 0;
  private isaBad = 0;
  private srdSum = 0;
  private srdN = 0;
  private readonly classes = emptySipClasses();
  private readonly mosHist = new Array<number>(MOS_BIN_COUNT).fill(0);
  /** Attempts per final code (the SIP code rate rules sum the codes they watch). */
  readonly codes = new Map<number, number>();

  apply(a: Attempt, s: 1 | -1): void {
    this.n += s;
    if (a.answered) this.answered += s;
    if (isUserSide(a)) this.userSide += s;
    if (a.answered && a.talkSec !== null) {
      this.acdSum += s * a.talkSec;
      this.acdN += s;
    }
    const code = a.code;
    if (code !== null) {
      this.coded += s;
      if (code >= 300 && code < 400) this.redirected += s;
      else {
        if (code === 200) this.ok += s;
        if (SEER_CODES.has(code)) this.seerOk += s;
      }
      if (ISA_CODES.has(code)) this.isaBad += s;
      addSipClass(this.classes, code, s);
      const c = (this.codes.get(code) ?? 0) + s;
      if (c) this.codes.set(code, c);
      else this.codes.delete(code);
    }
    if (a.srdMs !== null) {
      this.srdSum += s * a.srdMs;
      this.srdN += s;
    }
    if (a.mos !== null) {
      const b = mosBin(a.mos);
      this.mosHist[b] = (this.mosHist[b] as number) + s;
    }
  }

  /** An answered attempt in this set ended after `talkSec` (it had none). */
  addTalk(talkSec: number): void {
    this.acdSum += talkSec;
    this.acdN++;
  }

  moveMos(from: number | null, to: number | null): void {
    const h = this.mosHist;
    if (from !== null) h[mosBin(from)] = (h[mosBin(from)] as number) - 1;
    if (to !== null) h[mosBin(to)] = (h[mosBin(to)] as number) + 1;
  }

  result(minSample: number): AttemptKpis {
    const pct = (num: number, den: number) => (den > 0 ? (num / den) * 100 : null);
    const serDen = this.coded - this.redirected;
    return {
      attempts: this.n,
      answered: this.answered,
      asr: figure(pct(this.answered, this.n), this.n, minSample),
      ner: figure(pct(this.userSide, this.n), this.n, minSample),
      acd: figure(this.acdN ? this.acdSum / this.acdN : null, this.acdN, minSample),
      ser: figure(pct(this.ok, serDen), serDen, minSample),
      seer: figure(pct(this.seerOk, serDen), serDen, minSample),
      isa: figure(pct(this.isaBad, this.coded), this.coded, minSample),
      srd: figure(this.srdN ? this.srdSum / this.srdN : null, this.srdN, minSample),
      sipClasses: { ...this.classes },
      mosHistogram: this.mosHist.slice(),
    };
  }
}

/**
 * Distinct calls per called number (the fraud-burst rule): the listed calls plus the window's
 * attempts, a call counted once however often it appears. The largest count is kept by buckets of
 * counts (counts move by one), so the worst number costs no scan.
 */
export class BurstIndex {
  private readonly byNumber = new Map<string, Map<string, number>>();
  private readonly bySize = new Map<number, Set<string>>();
  private maxSize = 0;

  private move(num: string, from: number, to: number): void {
    if (from) {
      const s = this.bySize.get(from) as Set<string>;
      s.delete(num);
      if (!s.size) this.bySize.delete(from);
    }
    if (to) {
      let s = this.bySize.get(to);
      if (!s) this.bySize.set(to, (s = new Set()));
      s.add(num);
    }
    if (to > this.maxSize) this.maxSize = to;
    else if (from === this.maxSize && !this.bySize.has(from)) this.maxSize = from - 1 > 0 && this.bySize.has(from - 1) ? from - 1 : this.scanMax();
  }

  private scanMax(): number {
    let m = 0;
    for (const k of this.bySize.keys()) if (k > m) m = k;
    return m;
  }

  add(num: string, key: string): void {
    if (!num) return; // a number that did not parse is nobody's burst
    let keys = this.byNumber.get(num);
    if (!keys) this.byNumber.set(num, (keys = new Map()));
    const c = keys.get(key) ?? 0;
    keys.set(key, c + 1);
    if (!c) this.move(num, keys.size - 1, keys.size);
  }

  remove(num: string, key: string): void {
    if (!num) return;
    const keys = this.byNumber.get(num);
    const c = keys?.get(key);
    if (!keys || !c) return;
    if (c > 1) {
      keys.set(key, c - 1);
      return;
    }
    keys.delete(key);
    this.move(num, keys.size + 1, keys.size);
    if (!keys.size) this.byNumber.delete(num);
  }

  /** The number with the most distinct calls (ties: the smallest number, so the label is stable). */
  worst(): { number: string; keys: string[]; size: number } | null {
    if (!this.maxSize) return null;
    let best: string | null = null;
    for (const n of this.bySize.get(this.maxSize) ?? []) if (best === null || n < best) best = n;
    if (best === null) return null;
    return { number: best, size: this.maxSize, keys: [...(this.byNumber.get(best) as Map<string, number>).keys()] };
  }
}

/** What a window is added to, per attempt (the source, its trunk, its destination). */
export interface WindowGroups {
  source: AttemptAgg;
  trunks: Map<string, AttemptAgg>;
  dests: Map<string, AttemptAgg>;
}

/** Attempts not to internal extensions count for the fraud bursts, under their parsed number. */
export function burstNumberOfAttempt(a: WindowAttempt): string | null {
  return a.dest.cls === 'internal' ? null : (a.dest.normalized ?? '');
}

/** One window length: its head in the attempt list and the figures of every group inside it. */
export class AttemptWindow implements WindowGroups {
  readonly source = new AttemptAgg();
  readonly trunks = new Map<string, AttemptAgg>();
  readonly dests = new Map<string, AttemptAgg>();
  burst: BurstIndex | null = null;
  /** seq of the first attempt inside. */
  head: number;
  constructor(readonly ms: number, head: number) {
    this.head = head;
  }

  private aggOf(m: Map<string, AttemptAgg>, key: string): AttemptAgg {
    let a = m.get(key);
    if (!a) m.set(key, (a = new AttemptAgg()));
    return a;
  }

  apply(a: WindowAttempt, s: 1 | -1): void {
    this.source.apply(a, s);
    if (a.trunk) this.aggOf(this.trunks, a.trunk).apply(a, s);
    this.aggOf(this.dests, a.dest.key).apply(a, s);
    if (this.burst) {
      const num = burstNumberOfAttempt(a);
      if (num !== null) {
        if (s > 0) this.burst.add(num, a.key);
        else this.burst.remove(num, a.key);
      }
    }
  }

  /** An answered attempt inside this window ended after `talkSec`. */
  addTalk(a: WindowAttempt, talkSec: number): void {
    this.source.addTalk(talkSec);
    if (a.trunk) this.aggOf(this.trunks, a.trunk).addTalk(talkSec);
    this.aggOf(this.dests, a.dest.key).addTalk(talkSec);
  }

  /** An attempt inside this window changes its MOS from `from` to `to` (its call's quality moved). */
  moveMos(a: WindowAttempt, from: number | null, to: number | null): void {
    this.source.moveMos(from, to);
    if (a.trunk) this.aggOf(this.trunks, a.trunk).moveMos(from, to);
    this.aggOf(this.dests, a.dest.key).moveMos(from, to);
  }

  group(kind: 'source' | 'trunk' | 'destination', key: string): AttemptAgg | undefined {
    return kind === 'source' ? this.source : kind === 'trunk' ? this.trunks.get(key) : this.dests.get(key);
  }
}
