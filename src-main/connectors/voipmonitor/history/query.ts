/**
 * The one SELECT of the call-history search, with keyset paging: every page continues after the
 * (calldate, ID) of the last row of the previous one, so page 100 costs what page 1 costs (an OFFSET
 * would make the server read and throw away every earlier row). `calldate` is always bounded, which
 * lets MariaDB prune the daily partitions the sniffer creates.
 *
 * Statement text comes only from the fixed strings in this file; operator input is bound with "?".
 */
import { CallboardError } from '../../../core/errors';
import type { CdrQuery } from '../../../domain/cdr';
import { codecFilter, ipFilter, sensorFilter, sipCodeFilter, textFilter, type Conditions, type SqlValue } from './filters';

/** Selected columns, in the order rows.ts reads them (rows come back as arrays). */
export const SELECT_COLUMNS = [
  'c.ID', 'c.calldate', 'c.callend', 'c.duration', 'c.connect_duration',
  'c.caller', 'c.callername', 'c.called', 'c.caller_domain', 'c.called_domain',
  'c.sipcallerip', 'c.sipcalledip', 'c.lastSIPresponseNum', 'r.lastSIPresponse', 'c.whohanged',
  'c.a_payload', 'c.b_payload', 'c.a_mos_adapt_mult10', 'c.b_mos_adapt_mult10', 'c.mos_min_mult10',
  'c.a_avgjitter_mult10', 'c.b_avgjitter_mult10', 'c.a_packet_loss_perc_mult1000', 'c.b_packet_loss_perc_mult1000',
  'c.id_sensor', 'n.fbasename',
] as const;

export const COL = Object.fromEntries(SELECT_COLUMNS.map((c, i) => [c.replace(/^[a-z]+\./, ''), i])) as Record<string, number>;

/** Where the previous page ended. */
export interface Keyset {
  calldate: string;
  id: string;
}

export interface PageStatement {
  sql: string;
  params: SqlValue[];
}

/** SIP codes the sensor records for each disposition the CDR form offers. */
export const BUSY_CODES = [486, 600];
export const NO_ANSWER_CODES = [408, 480, 487];

/**
 * The WHERE conditions of a query, without paging. `fromWall`/`toWall` are on the sensor's clock.
 * `binaryIps`: the sensor stores addresses as VARBINARY (ipv6 = yes), from the schema check.
 */
export function whereFor(q: CdrQuery, fromWall: string, toWall: string, binaryIps = false): Conditions {
  if (q.text) throw new CallboardError('usage', 'Free-text search is not available for a VoIPmonitor sensor database: use the caller, callee, Call-ID or SIP code fields.');
  const out: Conditions = { sql: ['c.calldate >= ?', 'c.calldate <= ?'], params: [fromWall, toWall] };
  textFilter(out, q.caller, 'c.caller', 'c.caller_reverse');
  textFilter(out, q.callee, 'c.called', 'c.called_reverse');
  textFilter(out, q.callerName, 'c.callername', 'c.callername_reverse');
  ipFilter(out, q.callerIp, 'c.sipcallerip', 'caller IP', binaryIps);
  ipFilter(out, q.calledIp, 'c.sipcalledip', 'callee IP', binaryIps);
  sipCodeFilter(out, q.sipCode, 'c.lastSIPresponseNum');
  codecFilter(out, q.codec, ['c.a_payload', 'c.b_payload']);
  sensorFilter(out, q.sensorId, 'c.id_sensor');
  if (q.callId !== undefined) {
    out.sql.push('n.fbasename = ?');
    out.params.push(q.callId);
  }
  const range = (col: string, min: number | undefined, max: number | undefined) => {
    if (min !== undefined) {
      out.sql.push(`${col} >= ?`);
      out.params.push(min);
    }
    if (max !== undefined) {
      out.sql.push(`${col} <= ?`);
      out.params.push(max);
    }
  };
  range('c.duration', q.minDurationSec, q.maxDurationSec);
  range('c.connect_duration', q.minConnectSec, q.maxConnectSec);
  if (q.mosBelow !== undefined) {
    // The MOS shown per direction (x10 in the table; below 10 means "not scored", see values.ts).
    const m = Math.round(q.mosBelow * 10);
    out.sql.push('((c.a_mos_adapt_mult10 >= 10 AND c.a_mos_adapt_mult10 < ?) OR (c.b_mos_adapt_mult10 >= 10 AND c.b_mos_adapt_mult10 < ?))');
    out.params.push(m, m);
  }
  if (q.lossAbove !== undefined) {
    const l = Math.round(q.lossAbove * 1000);
    out.sql.push('(c.a_packet_loss_perc_mult1000 > ? OR c.b_packet_loss_perc_mult1000 > ?)');
    out.params.push(l, l);
  }
  if (q.disposition) {
    const inList = (codes: number[]) => `c.lastSIPresponseNum IN (${codes.map(() => '?').join(', ')})`;
    if (q.disposition === 'ANSWERED') out.sql.push('c.connect_duration IS NOT NULL');
    else if (q.disposition === 'BUSY') {
      out.sql.push('c.connect_duration IS NULL', inList(BUSY_CODES));
      out.params.push(...BUSY_CODES);
    } else if (q.disposition === 'NO ANSWER') {
      out.sql.push('c.connect_duration IS NULL', inList(NO_ANSWER_CODES));
      out.params.push(...NO_ANSWER_CODES);
    } else {
      out.sql.push('c.connect_duration IS NULL', `NOT COALESCE(${inList([...BUSY_CODES, ...NO_ANSWER_CODES])}, 0)`);
      out.params.push(...BUSY_CODES, ...NO_ANSWER_CODES);
    }
  }
  return out;
}

/** One page: rows after `after` (or from the start), in (calldate, ID) order, at most `limit`. */
export function pageStatement(where: Conditions, after: Keyset | null, limit: number): PageStatement {
  const sql = [...where.sql];
  const params = [...where.params];
  if (after) {
    sql.push('(c.calldate > ? OR (c.calldate = ? AND c.ID > ?))');
    params.push(after.calldate, after.calldate, after.id);
  }
  // LIMIT is a validated integer (1..10000) chosen by the client, never operator text; some servers
  // refuse a bound LIMIT in prepared statements, so it is written into the statement.
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CallboardError('internal', 'page size out of range');
  return {
    sql:
      `SELECT ${SELECT_COLUMNS.join(', ')} FROM cdr c ` +
      'LEFT JOIN cdr_next n ON n.cdr_ID = c.ID AND n.calldate = c.calldate ' +
      'LEFT JOIN cdr_sip_response r ON r.id = c.lastSIPresponse_id ' +
      `WHERE ${sql.join(' AND ')} ORDER BY c.calldate, c.ID LIMIT ${limit}`,
    params,
  };
}

/** The largest count a search asks the server for: counting stops there (a bound on its work). */
export const COUNT_CAP = 1_000_000;

/**
 * How many rows the search will find, counted by the server under the same conditions, joins and
 * statement time limit as the pages, but at most `cap` (the inner LIMIT stops the scan there).
 */
export function countStatement(where: Conditions, cap: number): PageStatement {
  if (!Number.isInteger(cap) || cap < 1 || cap > COUNT_CAP) throw new CallboardError('internal', 'count cap out of range');
  return {
    sql:
      'SELECT COUNT(*) FROM (SELECT 1 FROM cdr c ' +
      'LEFT JOIN cdr_next n ON n.cdr_ID = c.ID AND n.calldate = c.calldate ' +
      `WHERE ${where.sql.join(' AND ')} LIMIT ${cap}) t`,
    params: [...where.params],
  };
}
