/**
 * A CDR result set summarised (the CDR search strip and `callboard stats`): the attempt figures of
 * docs/KPIS.md over every record, and per hour, trunk or destination buckets.
 */
import type { CdrRecord } from '../../domain/cdr';
import type { CdrSummary, StatsBucket } from '../../domain/kpi';
import { attemptKpis, type Attempt } from './definitions';
import type { DestinationClassifier, TrunkResolver } from './groups';

export type StatsBy = 'hour' | 'trunk' | 'destination';

/** `extra` fields a CDR source may fill to feed the RFC 6076 and quality figures (VoIPmonitor history). */
const CODE_KEYS = ['sipCode', 'lastSIPresponseNum'];
const SRD_KEYS = ['srdMs'];
const MOS_KEYS = ['mos'];

function numberFrom(extra: CdrRecord['extra'], keys: readonly string[]): number | null {
  for (const k of keys) {
    const v = extra[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** One CDR as an attempt: ANSWERED is an answer; BUSY and NO ANSWER are user-side outcomes (E.425). */
export function cdrAttempt(r: CdrRecord): Attempt {
  const answered = r.disposition === 'ANSWERED';
  const code = numberFrom(r.extra, CODE_KEYS);
  const startMs = Date.parse(r.start);
  return {
    atMs: Number.isNaN(startMs) ? 0 : startMs,
    answered,
    talkSec: answered ? r.billsec : null,
    code: code !== null && code >= 100 && code <= 699 ? code : null,
    userCause: r.disposition === 'BUSY' || r.disposition === 'NO ANSWER' ? true : r.disposition === 'FAILED' ? false : null,
    srdMs: numberFrom(r.extra, SRD_KEYS),
    mos: numberFrom(r.extra, MOS_KEYS),
  };
}

export interface SummaryOptions {
  by: StatsBy;
  minSample: number;
  trunks: TrunkResolver;
  destinations: DestinationClassifier;
  /** Hour buckets cover this range (empty hours included) when given. */
  fromMs?: number;
  toMs?: number;
}

const HOUR = 3_600_000;
/** Empty hours are listed only for ranges up to this long (62 days). */
const MAX_FILLED_HOURS = 24 * 62;

function bucket(start: string, label: string, attempts: Attempt[]): StatsBucket {
  let answered = 0;
  let talk = 0;
  for (const a of attempts) {
    if (a.answered) {
      answered++;
      talk += a.talkSec ?? 0;
    }
  }
  return {
    start,
    label,
    calls: attempts.length,
    answered,
    asr: attempts.length ? round((answered / attempts.length) * 100, 2) : null,
    acd: answered ? round(talk / answered, 1) : null,
  };
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function summarizeCdrs(records: readonly CdrRecord[], o: SummaryOptions): CdrSummary {
  const attempts: Attempt[] = new Array(records.length);
  // Keyed by hour start (a number) or label; a group's label is built once, not per record.
  const groups = new Map<string | number, { start: number; label: string; list: Attempt[] }>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as CdrRecord;
    const a = cdrAttempt(r);
    attempts[i] = a;
    let key: string | number;
    let label: string | null = null;
    if (o.by === 'hour') key = Math.floor(a.atMs / HOUR) * HOUR;
    else if (o.by === 'trunk') key = label = o.trunks.ofCdr(r) ?? '(no trunk)';
    else {
      const d = o.destinations.of(r.callee);
      key = d.key;
      label = d.label;
    }
    const g = groups.get(key);
    if (g) {
      g.list.push(a);
      if (a.atMs < g.start) g.start = a.atMs;
    } else {
      const start = typeof key === 'number' ? key : a.atMs;
      groups.set(key, { start, label: label ?? new Date(start).toISOString(), list: [a] });
    }
  }
  if (o.by === 'hour' && o.fromMs !== undefined && o.toMs !== undefined && o.toMs > o.fromMs && (o.toMs - o.fromMs) / HOUR <= MAX_FILLED_HOURS) {
    for (let h = Math.floor(o.fromMs / HOUR) * HOUR; h < o.toMs; h += HOUR) {
      if (!groups.has(h)) groups.set(h, { start: h, label: new Date(h).toISOString(), list: [] });
    }
  }
  const list = [...groups.values()];
  if (o.by === 'hour') list.sort((x, y) => x.start - y.start);
  else list.sort((x, y) => y.list.length - x.list.length || x.label.localeCompare(y.label));
  const kpis = attemptKpis(attempts, o.minSample);
  const r2 = (v: number | null, d: number) => (v === null ? null : round(v, d));
  return {
    calls: kpis.attempts,
    answered: kpis.answered,
    asr: r2(kpis.asr.value, 2),
    ner: r2(kpis.ner.value, 2),
    acd: r2(kpis.acd.value, 1),
    kpis,
    by: o.by,
    buckets: list.map((g) => bucket(new Date(g.start).toISOString(), g.label, g.list)),
  };
}
