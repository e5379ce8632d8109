/**
 * VoIPmonitor call history as a CdrSource: one read-only session per search on the sensor's CDR
 * database (directly, or over the profile's own SSH connection), a schema check at connect, then
 * keyset pages inside one READ ONLY transaction (a consistent snapshot while the sniffer keeps
 * inserting), each page handed on as soon as it is decoded. Cancel destroys the session; the
 * server-side statement limit bounds whatever was running.
 */
import type { Duplex } from 'node:stream';
import { CallboardError } from '../../../core/errors';
import type { CdrQuery, CdrRecord, CdrSource } from '../../../domain/cdr';
import type { AppContext } from '../../../core/context';
import type { VoipmonitorProfile } from '../profile';
import { requireSecret } from '../../../secrets/keychain';
import { sensorPoolFor } from '../live-source';
import { checkTimeZone } from '../values';
import { SensorClock } from './clock';
import { openHistoryDb, type HistoryDb } from './db-client';
import { pageStatement, whereFor, type Keyset, COL } from './query';
import { rowToRecord } from './rows';
import { checkColumns, REQUIRED, type ColumnInfo, type SchemaFacts } from './schema-check';

/** Small first page: the table fills within one round trip; later pages amortise the round trips. */
export const FIRST_PAGE = 200;
export const PAGE = 2000;

export interface HistorySourceOptions {
  /** Tests: trust this extra CA for direct TLS. */
  ca?: string;
  firstPage?: number;
  page?: number;
}

function parseInstant(s: string, label: string): number {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? `${s.trim()}T00:00:00` : s);
  if (!Number.isFinite(t)) throw new CallboardError('usage', `The ${label} time "${s.slice(0, 40)}" is not an ISO 8601 date/time.`);
  return t;
}

/** Opens a checked, read-only session for a profile's database block. */
export async function openProfileDb(ctx: Pick<AppContext, 'secrets' | 'connections'>, p: VoipmonitorProfile, opts: HistorySourceOptions = {}): Promise<HistoryDb & { facts: SchemaFacts }> {
  const db = p.database;
  if (!db) throw new CallboardError('unsupported', `Profile "${p.id}" has no CDR database configured, so it has live calls only (add the "database" block: docs/VOIPMONITOR-HISTORY.md).`);
  const password = await requireSecret(ctx.secrets, p.id, 'dbPassword', 'database password');
  let stream: Duplex | undefined;
  if (db.via === 'ssh') {
    const sensor = await sensorPoolFor(ctx).get(p);
    stream = await sensor.openTcpChannel(db.host, db.port, p.timeoutMs);
  }
  const session = await openHistoryDb({ profileId: p.id, db, password, timeoutMs: p.timeoutMs, ...(stream ? { stream } : {}), ...(opts.ca ? { ca: opts.ca } : {}) });
  try {
    const tables = Object.keys(REQUIRED);
    const found = await session.rows(
      `SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${tables.map(() => '?').join(', ')})`,
      tables,
    );
    const facts = checkColumns(found.map(([table, column, dataType]) => ({ table: String(table), column: String(column), dataType: String(dataType) }) satisfies ColumnInfo), session.where, db.user);
    return Object.assign(session, { facts });
  } catch (e) {
    session.destroy();
    throw e;
  }
}

export function createVoipmonitorCdrSource(ctx: Pick<AppContext, 'secrets' | 'connections'>, p: VoipmonitorProfile, opts: HistorySourceOptions = {}): CdrSource {
  const clock = new SensorClock(checkTimeZone(p.timeZone, p.id));
  const firstPage = opts.firstPage ?? FIRST_PAGE;
  const pageSize = opts.page ?? PAGE;
  return {
    extraFilters: ['callId', 'callerIp', 'calledIp', 'sipCode', 'minConnectSec', 'maxConnectSec', 'mosBelow', 'lossAbove', 'codec', 'sensorId'],
    async search(q: CdrQuery, { signal, onPage }) {
      const from = parseInstant(q.from, 'start');
      const to = parseInstant(q.to, 'end');
      if (from > to) throw new CallboardError('usage', 'The start time is after the end time.');
      // Validates every filter before a connection is opened.
      const where = whereFor(q, clock.toWall(from), clock.toWall(to));
      if (signal.aborted) throw new CallboardError('cancelled', 'The search was cancelled.');
      const session = await openProfileDb(ctx, p, opts);
      if (session.facts.ipv6 && (q.callerIp || q.calledIp)) {
        session.destroy();
        // `ipv6 = yes` sensors store addresses as VARBINARY(16); the IPv4 ranges above would compare wrongly.
        throw new CallboardError('unsupported', `Sensor ${p.id} stores SIP addresses as IPv6 (ipv6 = yes); Callboard filters by IPv4 address or CIDR only so far: search without the IP filter.`);
      }
      const onAbort = () => session.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      let fetched = 0;
      let truncated = false;
      try {
        await session.command('START TRANSACTION READ ONLY', []);
        type Rows = Array<Array<string | number | null | Buffer>>;
        const fetchPage = (after: Keyset | null, want: number) => {
          const st = pageStatement(where, after, want);
          const r = session.rows(st.sql, st.params) as Promise<Rows>;
          r.catch(() => undefined); // awaited below; a cancel may leave it unobserved
          return { rows: r, want };
        };
        // One row more than still wanted tells "stopped at the limit" from "that was all".
        let pending = fetchPage(null, Math.min(firstPage, q.limit + 1));
        for (;;) {
          const rows = await pending.rows;
          if (signal.aborted) break;
          const remaining = q.limit - fetched;
          let page = rows;
          if (rows.length > remaining) {
            page = rows.slice(0, remaining);
            truncated = true;
          }
          const last = rows[rows.length - 1];
          const more = !truncated && rows.length >= pending.want && last !== undefined;
          // The next page is asked for before this one is mapped: the server and the network work
          // on it while the rows below become records.
          if (more) pending = fetchPage({ calldate: String(last[COL['calldate']!]), id: String(last[COL['ID']!]) }, Math.min(pageSize, remaining - page.length + 1));
          const records: CdrRecord[] = page.map((r) => rowToRecord(r, p.id, clock));
          fetched += records.length;
          if (records.length) onPage({ records, fetched, total: null });
          if (!more) break;
        }
        if (signal.aborted) throw new CallboardError('cancelled', 'The search was cancelled.');
        await session.command('COMMIT', []);
        return { fetched, truncated };
      } catch (e) {
        if (signal.aborted) throw new CallboardError('cancelled', 'The search was cancelled.');
        throw e;
      } finally {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) session.destroy();
        else await session.close().catch(() => session.destroy());
      }
    },
  };
}
