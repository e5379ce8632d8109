/**
 * CDR search over `cdrapi` (docs/UCM.md §4): validated filters, 1000-record pages walked with `offset`,
 * `main_cdr` + `sub_cdr_N` groups flattened into one CdrRecord with its legs, UCM-local times turned
 * into ISO 8601 with the UCM's offset.
 *
 * The UCM answers a malformed or empty parameter with silently zero rows, so every filter is checked
 * here first and unused keys are left out.
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import { logger } from '../../core/log';
import type { CdrLeg, CdrPage, CdrQuery, CdrRecord, CdrSource } from '../../domain/cdr';
import type { UcmProfile } from './profile';
import { getUcmSession, parseWith, type UcmDeps, type UcmParams, type UcmSession } from './session';
import { getUcmClock } from './system';
import { isoToUcmLocal, ucmLocalToIso } from './time';

const log = logger('ucm-cdr');

export const UCM_PAGE_SIZE = 1000;
const MAX_FIELD_CHARS = 2048;
const MAX_LEGS = 200;

const cdrRootSchema = z.object({ cdr_root: z.array(z.unknown()).max(UCM_PAGE_SIZE * 2) });

type Raw = Record<string, unknown>;

function isObj(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every CDR value is a string on the wire; numbers are tolerated, anything else reads as empty. */
function s(o: Raw, k: string): string {
  const v = o[k];
  if (typeof v === 'string') return v.length > MAX_FIELD_CHARS ? v.slice(0, MAX_FIELD_CHARS) : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

function int(o: Raw, k: string): number {
  const n = Number.parseInt(s(o, k), 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

// ---- filters ---------------------------------------------------------------------------------

const ITEM_PLAIN = /^[0-9A-Za-z+*#]+$/;
const ITEM_RANGE = /^[0-9]+-[0-9]+$/;
const ITEM_WILDCARD = /^[0-9A-Za-z+*#_-]*[@_][0-9A-Za-z+*#@_-]*$/;

/** Checks a caller/callee filter against the UCM syntax: "1001", "1001,1002", "1001-1010", "10@". */
export function normalisePartyFilter(value: string, label: string): string {
  const items = value.split(',').map((x) => x.trim());
  for (const it of items) {
    const ok = it !== '' && (ITEM_PLAIN.test(it) || ITEM_RANGE.test(it) || (ITEM_WILDCARD.test(it) && (it.match(/-/g) ?? []).length <= 1));
    if (!ok) {
      throw new CallboardError(
        'usage',
        `The ${label} filter "${value.slice(0, 60)}" is not valid for a UCM: use numbers separated by commas, ranges like 1001-1010, or "@" as a wildcard (10@), without empty items.`,
      );
    }
  }
  return items.join(',');
}

/** Builds the cdrapi parameters of a query (without paging). Unused filters are omitted. */
export function buildCdrParams(q: CdrQuery, offsetMinutes: number): UcmParams {
  const p: UcmParams = { format: 'json' };
  const from = q.from ? isoToUcmLocal(q.from, offsetMinutes) : null;
  const to = q.to ? isoToUcmLocal(q.to, offsetMinutes) : null;
  if (q.from && !from) throw new CallboardError('usage', `The start time "${q.from.slice(0, 40)}" is not an ISO 8601 date/time.`);
  if (q.to && !to) throw new CallboardError('usage', `The end time "${q.to.slice(0, 40)}" is not an ISO 8601 date/time.`);
  if (from && to && from > to) throw new CallboardError('usage', 'The start time is after the end time.');
  if (from) p.startTime = from;
  if (to) p.endTime = to;
  if (q.caller) p.caller = normalisePartyFilter(q.caller, 'caller');
  if (q.callee) p.callee = normalisePartyFilter(q.callee, 'callee');
  if (q.callerName) {
    if (!/^[\p{L}\p{N} ._'-]{1,100}$/u.test(q.callerName)) {
      throw new CallboardError('usage', 'The caller name filter may contain letters, digits, spaces, ".", "_", "\'" and "-" only.');
    }
    p.callerName = q.callerName;
  }
  if (q.minDurationSec !== undefined) p.minDur = q.minDurationSec;
  if (q.maxDurationSec !== undefined) p.maxDur = q.maxDurationSec;
  return p;
}

// ---- normalisation ---------------------------------------------------------------------------

function splitFiles(v: string, into: Set<string>): void {
  if (!v) return;
  for (const f of v.split(/[@,]/)) {
    const t = f.trim();
    if (t) into.add(t);
  }
}

function clidName(clid: string): string {
  const m = /^"([^"]*)"/.exec(clid);
  return m ? (m[1] ?? '') : '';
}

function legsOf(entry: Raw): Raw[] {
  const keys: Array<[number, unknown]> = [];
  for (const k in entry) {
    if (k.startsWith('sub_cdr_')) {
      const n = Number(k.slice(8));
      if (Number.isInteger(n)) keys.push([n, entry[k]]);
    }
  }
  keys.sort((a, b) => a[0] - b[0]);
  const out: Raw[] = [];
  for (const [, v] of keys) {
    if (Array.isArray(v)) {
      for (const x of v) if (isObj(x)) out.push(x);
    } else if (isObj(v)) out.push(v);
    if (out.length >= MAX_LEGS) break;
  }
  return out;
}

function toLeg(l: Raw, offset: string): CdrLeg {
  return {
    channel: s(l, 'channel') || null,
    dstchannel: s(l, 'dstchannel') || null,
    src: s(l, 'src') || null,
    dst: s(l, 'dst') || null,
    start: ucmLocalToIso(s(l, 'start'), offset),
    billsec: int(l, 'billsec'),
    disposition: s(l, 'disposition').toUpperCase() || null,
  };
}

/**
 * One cdr_root entry (flat or grouped) as a CdrRecord. Returns null for entries without any usable
 * time (null/empty entries that some firmware emits).
 */
export function normaliseCdrEntry(entry: unknown, profileId: string, offset: string): CdrRecord | null {
  if (!isObj(entry)) return null;
  const grouped = isObj(entry.main_cdr);
  const main: Raw = grouped ? (entry.main_cdr as Raw) : entry;
  const rawLegs = grouped ? legsOf(entry) : [entry];
  const legs = rawLegs.map((l) => toLeg(l, offset));

  let start = ucmLocalToIso(s(main, 'start'), offset);
  let end: string | null = ucmLocalToIso(s(main, 'end'), offset);
  let answer: string | null = null;
  let billsecSum = 0;
  let anyAnswered = false;
  let minAcct = Number.POSITIVE_INFINITY;
  let answeredBy = '';
  const files = new Set<string>();
  splitFiles(s(main, 'recordfiles'), files);
  for (let i = 0; i < rawLegs.length; i++) {
    const l = rawLegs[i]!;
    const leg = legs[i]!;
    const acct = Number.parseInt(s(l, 'AcctId'), 10);
    if (Number.isFinite(acct) && acct < minAcct) minAcct = acct;
    if (leg.start && (!start || leg.start < start)) start = leg.start;
    const legEnd = ucmLocalToIso(s(l, 'end'), offset);
    if (legEnd && (!end || legEnd > end)) end = legEnd;
    if (leg.disposition === 'ANSWERED') {
      billsecSum += leg.billsec ?? 0;
      if (!anyAnswered) {
        anyAnswered = true;
        answer = ucmLocalToIso(s(l, 'answer'), offset);
        answeredBy = s(l, 'dstanswer');
      }
    }
    if (grouped) splitFiles(s(l, 'recordfiles'), files);
  }
  if (!start) return null;

  const disposition = grouped
    ? anyAnswered
      ? 'ANSWERED'
      : (legs[legs.length - 1]?.disposition ?? (s(main, 'disposition').toUpperCase() || 'UNKNOWN'))
    : s(main, 'disposition').toUpperCase() || 'UNKNOWN';
  const groupKey = s(entry, 'cdr') || s(main, 'session') || `${s(main, 'start')}|${s(main, 'src')}`;
  const id = Number.isFinite(minAcct) ? String(minAcct) : `g:${groupKey}`;
  const callerName = s(main, 'caller_name') || clidName(s(main, 'clid')) || (rawLegs[0] ? s(rawLegs[0], 'caller_name') : '');

  return {
    id,
    profileId,
    source: 'ucm',
    callId: null,
    start,
    answer,
    end,
    durationSec: int(main, 'duration'),
    billsec: grouped ? billsecSum || int(main, 'billsec') : int(main, 'billsec'),
    caller: s(main, 'src'),
    callerName: callerName || null,
    callee: s(main, 'dst'),
    disposition,
    legs,
    recordFiles: [...files],
    extra: {
      direction: s(main, 'userfield') || (rawLegs[0] ? s(rawLegs[0], 'userfield') : '') || null,
      answeredBy: s(main, 'dstanswer') || answeredBy || null,
      actionType: s(main, 'action_type') || null,
      group: groupKey,
      session: s(main, 'session') || null,
      dcontext: s(main, 'dcontext') || (rawLegs[0] ? s(rawLegs[0], 'dcontext') : '') || null,
      srcTrunk: s(main, 'src_trunk_name') || (rawLegs[0] ? s(rawLegs[0], 'src_trunk_name') : '') || null,
      dstTrunk: s(main, 'dst_trunk_name') || (rawLegs[0] ? s(rawLegs[0], 'dst_trunk_name') : '') || null,
      legCount: legs.length,
    },
  };
}

// ---- paging ----------------------------------------------------------------------------------

export interface UcmCdrSearchOptions {
  signal: AbortSignal;
  onPage: (page: CdrPage) => void;
}

function pageKey(entries: unknown[]): string {
  const k = (e: unknown) => (isObj(e) ? `${s(e, 'AcctId')}|${s(e, 'cdr')}|${isObj(e.main_cdr) ? s(e.main_cdr as Raw, 'start') : s(e, 'start')}` : '');
  return `${entries.length}:${k(entries[0])}:${k(entries[entries.length - 1])}`;
}

/**
 * Pages through cdrapi. The next page is requested as soon as a full page arrived, so the UCM (and the
 * network) work on page n+1 while this process normalises page n; still one request at a time on the
 * session, and at most one page in flight beyond what the caller has been given.
 */
export async function searchUcmCdr(session: UcmSession, profileId: string, query: CdrQuery, opts: UcmCdrSearchOptions): Promise<{ fetched: number; truncated: boolean }> {
  const clock = await getUcmClock(session, opts.signal);
  const base = buildCdrParams(query, clock.offsetMinutes);
  const limit = query.limit;
  const maxPages = Math.ceil(limit / UCM_PAGE_SIZE) + 1;
  const fetchPage = (offset: number, want: number): Promise<unknown> => {
    const p = session.call('cdrapi', { ...base, numRecords: want, offset }, { signal: opts.signal, large: true });
    p.catch(() => undefined); // a prefetched page may be dropped unread (search ended or failed first)
    return p;
  };
  let fetched = 0;
  let offset = 0;
  let lastKey = '';
  let want = Math.min(UCM_PAGE_SIZE, limit);
  let next = fetchPage(0, want);
  for (let pageNo = 0; pageNo < maxPages; pageNo++) {
    if (opts.signal.aborted) throw new CallboardError('cancelled', 'The CDR search was cancelled.');
    const body = await next;
    const page = parseWith(cdrRootSchema, body, session.who, 'cdrapi');
    const entries = page.cdr_root;
    const key = pageKey(entries);
    if (entries.length > 0 && key === lastKey) {
      log.warn(`${session.who}: cdrapi returned the same page again at offset ${offset}; stopping`);
      return { fetched, truncated: true };
    }
    lastKey = key;
    const taken = Math.min(entries.length, want);
    const nextWant = Math.min(UCM_PAGE_SIZE, limit - fetched - taken);
    const more = entries.length >= want && nextWant > 0 && pageNo + 1 < maxPages;
    if (more) next = fetchPage(offset + taken, nextWant);
    const records: CdrRecord[] = [];
    for (const e of entries.length > want ? entries.slice(0, want) : entries) {
      const r = normaliseCdrEntry(e, profileId, clock.offset);
      if (r && (!query.disposition || r.disposition === query.disposition)) records.push(r);
    }
    fetched += taken;
    offset += taken;
    opts.onPage({ records, fetched, total: null });
    if (entries.length < want) return { fetched, truncated: false };
    if (fetched >= limit) return { fetched, truncated: true };
    if (!more) break;
    want = nextWant;
  }
  return { fetched, truncated: true };
}

/** The CdrSource of a UCM profile. */
export function createUcmCdrSource(ctx: UcmDeps, profile: UcmProfile): CdrSource {
  return {
    search: (query, opts) => searchUcmCdr(getUcmSession(ctx, profile), profile.id, query, opts),
  };
}
