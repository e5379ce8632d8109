/**
 * `listcalls` (voipmonitor-manager.md §4): request parameters, reply parsing by header NAME (extra
 * columns and trailing padding tolerated), and normalisation into the product's LiveCall.
 */
import type { LiveCallFilter } from '../../core/backend';
import { CallboardError } from '../../core/errors';
import type { LiveCall } from '../../domain/live-call';
import { recordListDelta } from '../../core/list-delta';
import { BATCH_BYTES, jsonArrayBatches } from '../../core/json-batches';
import type { JsonArg } from './commands';
import { codecName, int, ip, IsoFormatter, mos, num, str } from './values';
import { RowCache } from './row-cache';

export { RowCache };

export const MAX_ROWS = 200_000;

/** The live-call filter (core/backend.ts) as listcalls applies it on the sensor ("number": callerd_type 0, either side). */
export type ListcallsFilter = LiveCallFilter;

export interface ListcallsParams {
  limit?: number;
  sortField?: string;
  sortDir?: 'asc' | 'desc';
  filter?: ListcallsFilter;
  zip?: boolean;
}

/** Number patterns: digits, +, *, #, and the sniffer's wildcards % and _ ; nothing else reaches the sensor. */
const NUMBER_RE = /^[0-9A-Za-z+*#%_.@-]{1,64}$/;
const IP_RE = /^[0-9A-Fa-f:./]{1,64}$/;

function checked(value: string, re: RegExp, what: string): string {
  if (!re.test(value)) throw new CallboardError('usage', `The ${what} filter "${value.slice(0, 40)}" contains characters that cannot be searched for.`);
  return value;
}

export function listcallsArgs(p: ListcallsParams): { [k: string]: JsonArg } {
  const args: { [k: string]: JsonArg } = {};
  if (p.zip) args['zip'] = 'yes';
  if (p.limit !== undefined) {
    if (!Number.isInteger(p.limit) || p.limit < 0 || p.limit > MAX_ROWS) throw new CallboardError('usage', `The limit must be a whole number from 0 to ${MAX_ROWS}.`);
    args['limit'] = p.limit;
  }
  if (p.sortField) args['sort_field'] = checked(p.sortField, /^[A-Za-z0-9_]{1,64}$/, 'sort');
  if (p.sortDir) args['sort_dir'] = p.sortDir;
  const f = p.filter;
  if (f) {
    const o: { [k: string]: JsonArg } = {};
    if (f.caller) o['caller'] = checked(f.caller, NUMBER_RE, 'caller');
    if (f.called) o['called'] = checked(f.called, NUMBER_RE, 'called');
    if (f.number) {
      o['caller'] = checked(f.number, NUMBER_RE, 'number');
      o['callerd_type'] = '0';
    }
    if (f.callId) o['callid'] = checked(f.callId, /^[\x21-\x7e]{1,200}$/, 'Call-ID');
    if (f.callerIp) o['sipcallerip'] = checked(f.callerIp, IP_RE, 'caller IP');
    if (f.calledIp) o['sipcalledip'] = checked(f.calledIp, IP_RE, 'called IP');
    if (f.codec) o['codec'] = checked(f.codec, /^[0-9]{1,4}$/, 'codec (payload type number)');
    if (f.connectedOnly) o['connected'] = '1';
    if (Object.keys(o).length) args['filter'] = [o];
  }
  return args;
}

export interface ListcallsSummary {
  total: number | null;
  idSensor: number | null;
}

export interface ParsedListcalls {
  header: string[];
  summary: ListcallsSummary | null;
  /**
   * The call rows, a batch at a time, each parsed when the normaliser reaches it (core/json-batches.ts);
   * iterate once. A reply that turns out to be invalid further on throws from the iteration.
   */
  batches: Iterable<unknown[][]>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function notJson(sensor: string, what: string): CallboardError {
  return new CallboardError('protocol', `Sensor ${sensor} sent a ${what} reply that is not valid JSON (truncated or not a VoIPmonitor sniffer).`);
}

function summaryOf(o: Record<string, unknown>): ListcallsSummary {
  return { total: int(o['total']), idSensor: int(o['id_sensor']) };
}

/** The rows among some elements of the reply (anything else is skipped), counted against MAX_ROWS. */
function callRows(sensor: string, elements: unknown[], from: number, seen: { rows: number }): unknown[][] {
  let clean = true;
  for (let i = from; i < elements.length && clean; i++) clean = Array.isArray(elements[i]);
  const rows = clean ? ((from === 0 ? elements : elements.slice(from)) as unknown[][]) : elements.slice(from).filter((r): r is unknown[] => Array.isArray(r));
  seen.rows += rows.length;
  if (seen.rows > MAX_ROWS) throw new CallboardError('protocol', `Sensor ${sensor} listed more than ${MAX_ROWS} calls; use a filter or a limit.`);
  return rows;
}

function* laterBatches(sensor: string, first: unknown[][], rest: Iterator<unknown[], void, undefined>, seen: { rows: number }): Generator<unknown[][], void, undefined> {
  if (first.length) yield first;
  for (;;) {
    let next: IteratorResult<unknown[], void>;
    try {
      next = rest.next();
    } catch {
      throw notJson(sensor, 'listcalls');
    }
    if (next.done) return;
    yield callRows(sensor, next.value, 0, seen);
  }
}

/**
 * Handles the three shapes: `[header, [summary]?, rows...]`, `[[header]]`, and the bare `limit:0` object.
 * `batchBytes` is for tests (small batches on small replies); see core/json-batches.ts.
 */
export function parseListcallsBody(sensor: string, body: Buffer | string, batchBytes = BATCH_BYTES): ParsedListcalls {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  let parts: Iterator<unknown[], void, undefined>;
  let first: unknown[];
  try {
    if (buf[0] !== 0x5b) {
      // Not an array: the summary object (limit 0), or an error the checks below name.
      const data: unknown = JSON.parse(buf.toString('utf8'));
      if (isPlainObject(data)) return { header: [], summary: summaryOf(data), batches: [] };
      throw new CallboardError('protocol', `Sensor ${sensor} sent a listcalls reply without a header row.`);
    }
    parts = jsonArrayBatches(buf, batchBytes);
    const r = parts.next();
    first = r.done ? [] : r.value;
  } catch (e) {
    if (e instanceof CallboardError) throw e;
    throw notJson(sensor, 'listcalls');
  }
  if (first.length === 0 || !Array.isArray(first[0])) {
    throw new CallboardError('protocol', `Sensor ${sensor} sent a listcalls reply without a header row.`);
  }
  const header = (first[0] as unknown[]).map((h) => (typeof h === 'string' ? h : ''));
  if (!header.includes('callreference')) throw new CallboardError('protocol', `Sensor ${sensor} sent a listcalls header without the callreference column.`);
  let i = 1;
  let summary: ListcallsSummary | null = null;
  const second = first[1];
  if (Array.isArray(second) && isPlainObject(second[0])) {
    summary = summaryOf(second[0]);
    i = 2;
  }
  const seen = { rows: 0 };
  return { header, summary, batches: laterBatches(sensor, callRows(sensor, first, i, seen), parts, seen) };
}

/**
 * Extra columns shown in the detail panel. Counters that move every second (connect_duration, packet
 * counts) are left to active_call_info, so an unchanged call costs nothing on the next poll.
 */
const EXTRA_COLUMNS = ['calleragent', 'calledagent', 'callerdomain', 'calleddomain', 'sipproxies', 'id_sensor', 'vlan',
  'src_mosf1', 'src_mosf2', 'src_mosAD_min', 'dst_mosf1', 'dst_mosf2', 'dst_mosAD_min'];
const BUILTIN_COUNT = 68;

export interface NormaliseOptions {
  sensor: string;
  timeZone?: string;
  formatter?: IsoFormatter;
  /** Reuses the previous poll's LiveCall when none of the columns it is built from moved. */
  cache?: RowCache;
}

/**
 * What the per-second counters mean to a LiveCall, read exactly as the row builder reads them:
 * answered (connect_duration > 0), RTP seen in each direction, a MOS sample in each. Their raw values
 * move every second, so they are compared by meaning; comparing their truthiness instead was wrong
 * for the quirks a sensor can send (-1, "0", 0.5).
 */
function counterBits(r: unknown[], c: { connect: number; srcRecv: number; dstRecv: number; srcMosAvg: number; dstMosAvg: number }): number {
  const cd = r[c.connect];
  const sr = r[c.srcRecv];
  const dr = r[c.dstRecv];
  const sm = r[c.srcMosAvg];
  const dm = r[c.dstMosAvg];
  // Numbers (what sensors send) directly, with int()'s truncation; anything else through int()/num().
  const answered = typeof cd === 'number' ? cd >= 1 : (int(cd) ?? 0) > 0;
  const srcRtp = typeof sr === 'number' ? sr >= 1 || sr <= -1 : !!int(sr);
  const dstRtp = typeof dr === 'number' ? dr >= 1 || dr <= -1 : !!int(dr);
  const srcMos = typeof sm === 'number' ? sm !== 0 : !!num(sm);
  const dstMos = typeof dm === 'number' ? dm !== 0 : !!num(dm);
  return (answered ? 1 : 0) | (srcRtp ? 2 : 0) | (dstRtp ? 4 : 0) | (srcMos ? 8 : 0) | (dstMos ? 16 : 0);
}

/** A detail column's value as the panel shows it. */
function detailValue(v: unknown): string | number | boolean | null {
  return typeof v === 'string' ? str(v) : typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

/** Two detail objects built from the same header (so with the same names) hold the same values. */
function sameDetail(a: Record<string, unknown>, b: Record<string, unknown>, names: string[]): boolean {
  for (const n of names) if (a[n] !== b[n]) return false;
  return true;
}

function callState(lastSip: number | null, connectDuration: number | null): string | null {
  if (connectDuration !== null && connectDuration > 0) return 'connected';
  if (lastSip === null) return null;
  if (lastSip < 200) return 'ringing';
  if (lastSip >= 300) return 'failed';
  return 'answered';
}

/** Maps parsed rows to LiveCalls; rows without a call reference are skipped. */
export function normaliseCalls(parsed: ParsedListcalls, o: NormaliseOptions): LiveCall[] {
  const h = new Map<string, number>();
  parsed.header.forEach((name, idx) => {
    if (name && !h.has(name)) h.set(name, idx);
  });
  const col = (name: string): number => h.get(name) ?? -1;
  const c = {
    ref: col('callreference'), callid: col('callid'), calldate: col('calldate'), calldateNum: col('calldate_num'), duration: col('duration'),
    connect: col('connect_duration'), caller: col('caller'), called: col('called'), callername: col('callername'),
    callerip: col('callerip'), calledip: col('calledip'), lastSip: col('lastSIPresponseNum'), rtpSrc: col('rtp_src'), rtpDst: col('rtp_dst'),
    callercodec: col('callercodec'), calledcodec: col('calledcodec'), srcMos: col('src_mosAD'), dstMos: col('dst_mosAD'),
    srcMosAvg: col('src_mosAD_avg'), dstMosAvg: col('dst_mosAD_avg'),
    srcJit: col('src_jitter'), dstJit: col('dst_jitter'), srcLoss: col('src_loss'), dstLoss: col('dst_loss'),
    srcLoss10: col('src_loss_last10sec'), dstLoss10: col('dst_loss_last10sec'), srcRecv: col('src_received'), dstRecv: col('dst_received'),
  };
  // Names and indexes in two arrays: destructuring a [name, index] pair per column per rebuilt row was a
  // measurable share of the poll.
  const extraNames: string[] = [];
  const extraIdx: number[] = [];
  for (const n of EXTRA_COLUMNS) {
    const i = col(n);
    if (i >= 0) {
      extraNames.push(n);
      extraIdx.push(i);
    }
  }
  // Custom CDR header columns follow the 68 built-ins (§4.2).
  parsed.header.forEach((name, idx) => {
    if (idx >= BUILTIN_COUNT && name && extraNames.length < 64) {
      extraNames.push(name);
      extraIdx.push(idx);
    }
  });
  const fmt = o.formatter ?? new IsoFormatter(o.timeZone);
  const out: LiveCall[] = [];
  // Columns a LiveCall is built from, except duration (patched in place on reuse; the diff ignores it)
  // and calldate (see RowCache.dates).
  const watched = [c.callid, c.calldateNum, c.caller, c.called, c.callername, c.callerip, c.calledip, c.lastSip, c.rtpSrc, c.rtpDst,
    c.callercodec, c.calledcodec, c.srcMos, c.dstMos, c.srcJit, c.dstJit, c.srcLoss, c.dstLoss, c.srcLoss10, c.dstLoss10,
    ...extraIdx].filter((i, k, all) => i >= 0 && all.indexOf(i) === k).sort((a, b) => a - b);
  // (In column order: the comparison then reads each fresh row front to back.)
  const cache = o.cache;
  const reuse = cache ? cache.begin(parsed.header, watched.length) : false;
  /** Indexes of the rows built afresh, for the ListDelta; and whether a reference was listed twice. */
  const fresh: number[] = [];
  let twice = false;
  try {
    for (const rows of parsed.batches) for (let ri = 0; ri < rows.length; ri++) {
      const r = rows[ri] as unknown[];
      // Indexes are -1 for missing columns, and r[-1] is undefined: no per-row closure needed.
      // Typed fast paths first: this loop runs for every row of every poll (20,000 on a big sensor).
      const refv = r[c.ref];
      const ref = typeof refv === 'string' ? (refv.length > 512 ? refv.slice(0, 512) : refv) : str(refv);
      if (!ref) continue;
      /** The call's slot in the cache (-1: a call not listed before, or no cache). */
      let slot = -1;
      /** The LiveCall this reference had, whose detail object a rebuilt call may keep. */
      let before: LiveCall | undefined;
      // Only read when there is a cache to compare with or to fill.
      const bits = cache ? counterBits(r, c) : 0;
      if (cache) {
        slot = cache.find(ref);
        if (slot >= 0) {
          before = cache.calls[slot];
          if (cache.twice) twice = true;
          else if (cache.same(slot, r, watched, bits, r[c.calldate])) {
            const call = before as LiveCall;
            call.durationSec = int(r[c.duration]);
            out.push(call);
            continue;
          }
        }
      }
      const connectDuration = int(r[c.connect]);
      const lastSip = int(r[c.lastSip]);
      const calldateNum = num(r[c.calldateNum]);
      let start: string | null = calldateNum !== null ? fmt.fromUnix(calldateNum) : null;
      const startFromNum = start !== null;
      if (start === null) {
        const d = str(r[c.calldate]);
        if (d) start = fmt.fromLocal(d);
      }
      // Quality exists only where media does. The sniffer reports MOS 45 (4.5) for a direction until
      // its first 10 s interval has been scored (rtp.cpp initialises last_interval_mos* to 45 and the
      // *_avg columns to 0), and an uninitialised calledcodec (0 = PCMU, or garbage) on calls that never had
      // RTP (verified on the real sniffer 2026.04.0): a MOS needs packets AND a non-zero average, a codec needs packets.
      const srcRecv = int(r[c.srcRecv]);
      const dstRecv = int(r[c.dstRecv]);
      const srcScored = !!srcRecv && (c.srcMosAvg < 0 || !!num(r[c.srcMosAvg]));
      const dstScored = !!dstRecv && (c.dstMosAvg < 0 || !!num(r[c.dstMosAvg]));
      const cc = srcRecv ? codecName(r[c.callercodec]) : null;
      const dc = dstRecv ? codecName(r[c.calledcodec]) : null;
      let extra: Record<string, string | number | boolean | null> = {};
      for (let e = 0; e < extraIdx.length; e++) extra[extraNames[e] as string] = detailValue(r[extraIdx[e] as number]);
      // A changed row whose detail values did not move keeps its detail object (built from equal values).
      const kept = before?.extra;
      if (kept && sameDetail(kept, extra, extraNames)) extra = kept;
      const call: LiveCall = {
        key: `${o.sensor}:${ref}`,
        sensor: o.sensor,
        source: 'voipmonitor',
        callId: str(r[c.callid]),
        caller: str(r[c.caller]) ?? '',
        called: str(r[c.called]) ?? '',
        callerName: str(r[c.callername]),
        start,
        durationSec: int(r[c.duration]),
        state: callState(lastSip, connectDuration),
        lastSipResponse: lastSip,
        codec: cc && dc && cc !== dc ? `${cc}/${dc}` : (cc ?? dc),
        mosCaller: srcScored ? mos(r[c.srcMos]) : null,
        mosCalled: dstScored ? mos(r[c.dstMos]) : null,
        jitterCaller: num(r[c.srcJit]),
        jitterCalled: num(r[c.dstJit]),
        lossCaller: num(r[c.srcLoss]),
        lossCalled: num(r[c.dstLoss]),
        loss10sCaller: num(r[c.srcLoss10]),
        loss10sCalled: num(r[c.dstLoss10]),
        callerIp: ip(r[c.callerip]),
        calledIp: ip(r[c.calledip]),
        rtpCallerIp: ip(r[c.rtpSrc]),
        rtpCalledIp: ip(r[c.rtpDst]),
        channel: ref,
        extra,
      };
      fresh.push(out.length);
      out.push(call);
      // A changed row, a new call, or the same reference listed twice (the later row is remembered).
      if (cache) cache.store(slot >= 0 ? slot : cache.add(ref), r, watched, bits, startFromNum, r[c.calldate], call);
    }
  } catch (e) {
    // A reply found invalid further on (its batches are parsed as they are reached) throws here, as would
    // anything unexpected: forget everything rather than keep a half-updated cache.
    cache?.clear();
    throw e;
  }
  if (cache) {
    // Calls the sensor no longer lists.
    const gone = cache.end();
    // Every row was compared here already: tell the live diff which ones it needs to look at (core/list-delta.ts).
    if (reuse && cache.lastOut && !twice) recordListDelta(out, { previous: cache.lastOut, fresh, gone });
    cache.lastOut = twice ? null : out;
  }
  return out;
}
