/**
 * Wildix call history (`GET /api/v1/PBX/CallHistory/`) as a CdrSource: the shared CDR query is
 * turned into `filter[...]`/`search` parameters where Wildix can evaluate it exactly, every row is
 * re-checked here (lists, ranges and wildcards have no Wildix filter), and rows are normalised into
 * CdrRecord the way the UCM source does (ISO times with the PBX offset, upper-case disposition).
 */
import { CallboardError } from '../../core/errors';
import { logger } from '../../core/log';
import type { CdrPage, CdrQuery, CdrRecord, CdrSource } from '../../domain/cdr';
import type { WildixProfile } from './profile';
import type { PhpMap } from './php-compat';
import { WildixClient, listResultSchema, type WildixClientOptions, type WildixDeps } from './client';
import { PbxClock, parseQueryTime } from './pbx-time';

const log = logger('wildix-cdr');

export const CALL_HISTORY_PATH = '/api/v1/PBX/CallHistory/';
/** Documented fields (manual, grade A) plus src/dst/dest_type that WMS 5 S2S users read (grade B). */
export const CALL_HISTORY_FIELDS = [
  'id', 'start', 'answer', 'end', 'billsec', 'disposition', 'from_name', 'from_number', 'to_name', 'to_number',
  'lastapp', 'lastdata', 'channel', 'dstchannel', 'type', 'userfield', 'cost', 'src', 'dst', 'dest_type',
].join(',');
/** A runaway PBX (ignoring start, repeating pages) cannot keep us looping. */
const MAX_PAGES = 10_000;
const MAX_EXTRA_CHARS = 500;

/** One UCM-style party filter term list: "1001", "1001,1002", "1001-1010", "10@" (@ = any run of characters). */
export function partyMatcher(spec: string | undefined): ((v: string) => boolean) | null {
  if (!spec || !spec.trim()) return null;
  const tests = spec
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((term): ((v: string) => boolean) => {
      if (term.includes('@')) {
        const re = new RegExp('^' + term.split('@').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
        return (v) => re.test(v);
      }
      const range = /^(\d+)-(\d+)$/.exec(term);
      if (range) {
        const lo = Number(range[1]);
        const hi = Number(range[2]);
        return (v) => /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi;
      }
      return (v) => v === term;
    });
  return tests.length ? (v) => tests.some((t) => t(v)) : null;
}

/** A single plain term that Wildix can filter exactly with `filter[field]=value`. */
function exactTerm(spec: string | undefined): string | null {
  if (!spec) return null;
  const t = spec.trim();
  return /^[0-9A-Za-z*#+.]+$/.test(t) ? t : null;
}

/** One call-history row as delivered: field values are type-checked where they are read. */
type Row = Record<string, unknown>;

function s(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}
function n(v: unknown): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(x) && x >= 0 ? x : 0;
}

const CORE_FIELDS = new Set(['id', 'start', 'answer', 'end', 'billsec', 'duration', 'disposition', 'from_name', 'from_number', 'to_number', 'src', 'dst', 'channel', 'dstchannel']);

/** Field names accepted into `extra`, memoised: the same ~20 names repeat on every row. */
const extraKeyOk = new Map<string, boolean>();
function isExtraKey(k: string): boolean {
  let ok = extraKeyOk.get(k);
  if (ok === undefined) {
    ok = !CORE_FIELDS.has(k) && /^[A-Za-z0-9_]{1,40}$/.test(k);
    if (extraKeyOk.size < 1000) extraKeyOk.set(k, ok);
  }
  return ok;
}

/** One Wildix row → CdrRecord (and its start instant), or null when it lacks an id or a usable start time. */
export function normaliseHistoryRowTimed(row: Row, profileId: string, clock: PbxClock): { record: CdrRecord; startMs: number } | null {
  const id = s(row.id);
  const start = clock.parse(s(row.start) ?? undefined);
  if (!id || !start) return null;
  const answer = clock.parse(s(row.answer) ?? undefined);
  const end = clock.parse(s(row.end) ?? undefined);
  const billsec = n(row.billsec);
  const durationSec = row.duration !== undefined ? n(row.duration) : end ? Math.max(0, Math.round((end.ms - start.ms) / 1000)) : billsec;
  const caller = s(row.from_number) || s(row.src) || '';
  const callee = s(row.to_number) || s(row.dst) || '';
  const disposition = (s(row.disposition) ?? '').toUpperCase();
  const extra: Record<string, string | number | boolean | null> = {};
  for (const k in row) {
    if (!isExtraKey(k)) continue;
    const v = row[k];
    if (typeof v === 'string') extra[k] = v.length > MAX_EXTRA_CHARS ? v.slice(0, MAX_EXTRA_CHARS) + '…' : v;
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) extra[k] = v;
  }
  const record: CdrRecord = {
    id,
    profileId,
    source: 'wildix',
    callId: null,
    start: start.iso,
    answer: answer?.iso ?? null,
    end: end?.iso ?? null,
    durationSec,
    billsec,
    caller,
    callerName: s(row.from_name) || null,
    callee,
    disposition,
    legs: [
      {
        channel: s(row.channel) || null,
        dstchannel: s(row.dstchannel) || null,
        src: s(row.src) || caller || null,
        dst: s(row.dst) || callee || null,
        start: start.iso,
        billsec,
        disposition: disposition || null,
      },
    ],
    recordFiles: [],
    extra,
  };
  return { record, startMs: start.ms };
}

export function normaliseHistoryRow(row: Row, profileId: string, clock: PbxClock): CdrRecord | null {
  return normaliseHistoryRowTimed(row, profileId, clock)?.record ?? null;
}

export interface PlannedQuery {
  params: PhpMap;
  /** Re-check of every condition on the normalised record (also covers what Wildix filtered). */
  accept: (r: CdrRecord, startMs: number) => boolean;
  /** True when some condition is evaluated only here, so the PBX's total is not the match count. */
  clientOnly: boolean;
}

export function planQuery(q: CdrQuery, clock: PbxClock): PlannedQuery {
  const from = parseQueryTime(q.from);
  const to = parseQueryTime(q.to);
  if (from === null || to === null) throw new CallboardError('usage', `The search range "${q.from}" – "${q.to}" is not a valid date/time.`);
  if (to < from) throw new CallboardError('usage', 'The end of the search range is before its start.');
  const filter: PhpMap = { start: { from: clock.toWall(from), to: clock.toWall(to) } };
  let clientOnly = false;
  const callerExact = exactTerm(q.caller);
  const calleeExact = exactTerm(q.callee);
  if (callerExact) filter.from_number = callerExact;
  else if (q.caller) clientOnly = true;
  if (calleeExact) filter.to_number = calleeExact;
  else if (q.callee) clientOnly = true;
  if (q.disposition) filter.disposition = q.disposition;
  if (q.callerName || q.minDurationSec !== undefined || q.maxDurationSec !== undefined) clientOnly = true;
  const params: PhpMap = { fields: CALL_HISTORY_FIELDS, filter, sort: 'start', dir: 'DESC' };
  if (q.text) params.search = q.text;

  const caller = partyMatcher(q.caller);
  const callee = partyMatcher(q.callee);
  const name = q.callerName?.toLowerCase();
  const text = q.text?.toLowerCase();
  return {
    params,
    clientOnly,
    accept: (r, t) => {
      if (t < from || t > to + 999) return false;
      if (caller && !caller(r.caller)) return false;
      if (callee && !callee(r.callee)) return false;
      if (name && !(r.callerName ?? '').toLowerCase().includes(name)) return false;
      if (q.disposition && r.disposition !== q.disposition) return false;
      if (q.minDurationSec !== undefined && r.durationSec < q.minDurationSec) return false;
      if (q.maxDurationSec !== undefined && r.durationSec > q.maxDurationSec) return false;
      if (text) {
        const hay = [r.caller, r.callee, r.callerName ?? '', typeof r.extra.to_name === 'string' ? r.extra.to_name : ''].join('\n').toLowerCase();
        if (!hay.includes(text)) return false;
      }
      return true;
    },
  };
}

/** Pages through CallHistory with `start`/`count` until the PBX's total, an empty page, or the limit. */
export async function searchCallHistory(
  client: WildixClient,
  query: CdrQuery,
  opts: { signal: AbortSignal; onPage: (page: CdrPage) => void },
): Promise<{ fetched: number; truncated: boolean }> {
  const p = client.profile;
  const clock = new PbxClock(p.timeZone || undefined);
  const plan = planQuery(query, clock);
  const pageSize = p.historyPageSize;
  const seen = new Set<string>();
  let offset = 0;
  let matched = 0;
  let dropped = 0;
  for (let pageNo = 0; pageNo < MAX_PAGES; pageNo++) {
    if (opts.signal.aborted) throw new CallboardError('cancelled', 'Search cancelled.');
    const want = plan.clientOnly ? pageSize : Math.min(pageSize, query.limit - matched);
    const reply = await client.call('GET', CALL_HISTORY_PATH, listResultSchema, {
      params: { ...plan.params, start: offset, count: want },
      signal: opts.signal,
    });
    const rows = reply.result.records;
    const total = reply.result.total ?? null;
    const records: CdrRecord[] = [];
    let truncated = false;
    for (const row of rows) {
      const timed = normaliseHistoryRowTimed(row, p.id, clock);
      if (!timed) {
        dropped++;
        continue;
      }
      const r = timed.record;
      // Paging newest-first can repeat a row when calls are added during the search.
      if (seen.has(r.id) || !plan.accept(r, timed.startMs)) continue;
      if (matched >= query.limit) {
        truncated = true;
        break;
      }
      seen.add(r.id);
      records.push(r);
      matched++;
    }
    offset += rows.length;
    opts.onPage({ records, fetched: matched, total: plan.clientOnly ? null : total });
    const exhausted = rows.length === 0 || (total !== null && offset >= total);
    if (truncated || (matched >= query.limit && !exhausted)) {
      if (dropped) log.warn(`${client.what}: ${dropped} call-history rows without id or start time were skipped`);
      return { fetched: matched, truncated: true };
    }
    if (exhausted) {
      if (dropped) log.warn(`${client.what}: ${dropped} call-history rows without id or start time were skipped`);
      return { fetched: matched, truncated: false };
    }
  }
  throw new CallboardError('protocol', `${client.what} kept returning call-history pages beyond ${MAX_PAGES}; the search was stopped.`);
}

/** The CdrSource for the shared CDR search service (services/cdr-search.ts). */
export function createWildixCdrSource(ctx: WildixDeps, profile: WildixProfile, opts: WildixClientOptions = {}): CdrSource {
  return {
    async search(query, o) {
      const client = await WildixClient.open(ctx, profile, opts);
      try {
        return await searchCallHistory(client, query, o);
      } finally {
        client.close();
      }
    },
  };
}
