/**
 * The KPI definitions (docs/KPIS.md), as pure functions over plain records, so each one can be checked
 * against hand-counted data. No I/O, no clock.
 */
import { MOS_BINS, type AttemptKpis, type Figure, type Percentiles, type SipClasses } from '../../domain/kpi';

/** One decided call attempt: answered, or ended with a failure. */
export interface Attempt {
  /** When the attempt started (CDR) or was decided (live), ms since the epoch. */
  atMs: number;
  answered: boolean;
  /** Conversation time of an answered call that ended; null while it is up or when unknown. */
  talkSec: number | null;
  /** Final SIP response code when the source gives it (200 for answered), else null. */
  code: number | null;
  /**
   * The attempt ended for a reason on the called user's side (busy, no answer, rejected, caller
   * cancelled), as E.425 counts for NER, when the source says so without a SIP code (CDR
   * disposition BUSY / NO ANSWER). Null when unknown.
   */
  userCause: boolean | null;
  /** RFC 6076 session request delay, ms, where the source gives it. */
  srdMs: number | null;
  /** Worse direction's MOS when the call's quality is known. */
  mos: number | null;
}

/** A figure below its minimum sample keeps its value for display but is marked `enough: false`. */
export function figure(value: number | null, n: number, minSample: number): Figure {
  return { value: value === null || !Number.isFinite(value) ? null : value, n, enough: n > 0 && n >= minSample };
}

function pct(num: number, den: number): number | null {
  return den > 0 ? (num / den) * 100 : null;
}

/** RFC 6076 §4.7: final responses that count as an effective session establishment. */
export const SEER_CODES: ReadonlySet<number> = new Set([200, 480, 486, 600, 603]);
/** RFC 6076 §4.8: responses that count as an ineffective session attempt. */
export const ISA_CODES: ReadonlySet<number> = new Set([408, 500, 503, 504]);
/**
 * NER (ITU-T E.425): answer, user busy, ring-no-answer, terminal rejection; in SIP terms 486/600 busy,
 * 480 temporarily unavailable and 487 cancelled (ring-no-answer), 603 decline.
 */
export const NER_USER_CODES: ReadonlySet<number> = new Set([480, 486, 487, 600, 603]);

export function isUserSide(a: Attempt): boolean {
  if (a.answered) return true;
  if (a.code !== null) return NER_USER_CODES.has(a.code);
  return a.userCause === true;
}

/** ASR (ITU-T E.411): answered attempts / all attempts, in percent. */
export function asr(attempts: readonly Attempt[], minSample: number): Figure {
  let ans = 0;
  for (const a of attempts) if (a.answered) ans++;
  return figure(pct(ans, attempts.length), attempts.length, minSample);
}

/** NER (ITU-T E.425): (answered + user busy + no answer + terminal rejection) / attempts, in percent. */
export function ner(attempts: readonly Attempt[], minSample: number): Figure {
  let eff = 0;
  for (const a of attempts) if (isUserSide(a)) eff++;
  return figure(pct(eff, attempts.length), attempts.length, minSample);
}

/** ACD: conversation seconds of answered, ended calls / their number. n is the number of such calls. */
export function acd(attempts: readonly Attempt[], minSample: number): Figure {
  let sum = 0;
  let n = 0;
  for (const a of attempts) {
    if (a.answered && a.talkSec !== null) {
      sum += a.talkSec;
      n++;
    }
  }
  return figure(n ? sum / n : null, n, minSample);
}

/** RFC 6076 §4.6 SER: 200 / (INVITEs − 3xx), over attempts whose final code is known. */
export function ser(attempts: readonly Attempt[], minSample: number): Figure {
  let ok = 0;
  let den = 0;
  for (const a of attempts) {
    if (a.code === null || (a.code >= 300 && a.code < 400)) continue;
    den++;
    if (a.code === 200) ok++;
  }
  return figure(pct(ok, den), den, minSample);
}

/** RFC 6076 §4.7 SEER: (200, 480, 486, 600, 603) / (INVITEs − 3xx), over attempts with a known code. */
export function seer(attempts: readonly Attempt[], minSample: number): Figure {
  let ok = 0;
  let den = 0;
  for (const a of attempts) {
    if (a.code === null || (a.code >= 300 && a.code < 400)) continue;
    den++;
    if (SEER_CODES.has(a.code)) ok++;
  }
  return figure(pct(ok, den), den, minSample);
}

/** RFC 6076 §4.8 ISA: (408, 500, 503, 504) / INVITEs, over attempts with a known code. */
export function isa(attempts: readonly Attempt[], minSample: number): Figure {
  let bad = 0;
  let den = 0;
  for (const a of attempts) {
    if (a.code === null) continue;
    den++;
    if (ISA_CODES.has(a.code)) bad++;
  }
  return figure(pct(bad, den), den, minSample);
}

/** RFC 6076 §4.1 SRD, mean in ms, over attempts where the source gave it. */
export function srd(attempts: readonly Attempt[], minSample: number): Figure {
  let sum = 0;
  let n = 0;
  for (const a of attempts) {
    if (a.srdMs !== null) {
      sum += a.srdMs;
      n++;
    }
  }
  return figure(n ? sum / n : null, n, minSample);
}

export function emptySipClasses(): SipClasses {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0 };
}

/** Adds a SIP code to its class (RFC 3261 §7.2); codes outside 100–699 are ignored. */
export function addSipClass(c: SipClasses, code: number | null, by = 1): void {
  if (code === null || code < 100 || code > 699) return;
  // A switch, not a built key: this runs for every changed live call on every poll.
  switch (Math.floor(code / 100)) {
    case 1: c['1xx'] += by; break;
    case 2: c['2xx'] += by; break;
    case 3: c['3xx'] += by; break;
    case 4: c['4xx'] += by; break;
    case 5: c['5xx'] += by; break;
    default: c['6xx'] += by;
  }
}

/** Histogram over MOS_BINS: bin i holds [MOS_BINS[i], MOS_BINS[i+1]); the last bin includes 4.5. */
export function mosBin(mos: number): number {
  if (mos < MOS_BINS[0]) return 0;
  const i = Math.floor((mos - 1) / 0.5);
  return Math.min(MOS_BINS.length - 2, Math.max(0, i));
}

export function mosHistogram(values: Iterable<number>): number[] {
  const h = new Array<number>(MOS_BINS.length - 1).fill(0);
  for (const v of values) h[mosBin(v)] = (h[mosBin(v)] ?? 0) + 1;
  return h;
}

/** Nearest-rank percentile (the smallest value with at least p % of the sample at or below it). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? null;
}

/** Sorts a copy (typed-array sort: numeric, no comparator calls). */
export function percentiles(values: ArrayLike<number>, minSample: number): Percentiles {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return { p50: figure(nearestRank(s, 50), n, minSample), p95: figure(nearestRank(s, 95), n, minSample), max: figure(n ? (s[n - 1] ?? null) : null, n, minSample) };
}

/** The worse of the two directions' MOS, when at least one is measured. */
export function worseMos(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** The same figures judged against another minimum sample (values and n do not depend on it). */
export function withMinSample<T extends Record<string, unknown>>(k: T, minSample: number): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(k)) {
    if (v && typeof v === 'object' && 'enough' in v && 'n' in v) {
      const f = v as Figure;
      out[key] = { ...f, enough: f.n > 0 && f.n >= minSample };
    } else if (v && typeof v === 'object' && !Array.isArray(v) && 'p95' in v) out[key] = withMinSample(v as Record<string, unknown>, minSample);
    else out[key] = v;
  }
  return out as T;
}

/** All attempt figures of one set in one pass per figure. */
export function attemptKpis(attempts: readonly Attempt[], minSample: number): AttemptKpis {
  let answered = 0;
  const classes = emptySipClasses();
  const mos: number[] = [];
  for (const a of attempts) {
    if (a.answered) answered++;
    addSipClass(classes, a.code);
    if (a.mos !== null) mos.push(a.mos);
  }
  return {
    attempts: attempts.length,
    answered,
    asr: asr(attempts, minSample),
    ner: ner(attempts, minSample),
    acd: acd(attempts, minSample),
    ser: ser(attempts, minSample),
    seer: seer(attempts, minSample),
    isa: isa(attempts, minSample),
    srd: srd(attempts, minSample),
    sipClasses: classes,
    mosHistogram: mosHistogram(mos),
  };
}
