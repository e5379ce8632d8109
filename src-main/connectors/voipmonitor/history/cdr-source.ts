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
import { countStatement, pageStatement, whereFor, type Keyset, COL, COUNT_CAP } from './query';
import { rowToRecord } from './rows';
import { checkColumns, REQUIRED, type ColumnInfo, type SchemaFacts } from './schema-check';

/** Small first page: the table fills within one round trip; later pages amortise the round trips. */
export const FIRST_PAGE = 200;
export const PAGE = 2000;
/** Records per page handed on while a statement streams (bounds what is held before the consumer has it). */
export const DELIVER = 500;

type Row = Array<string | number | null | Buffer>;

export interface HistorySourceOptions {
  /** Tests: trust this extra CA for direct TLS. */
  ca?: string;
  firstPage?: number;
  page?: number;
  deliver?: number;
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
  let release = () => {};
  if (db.via === 'ssh') {
    const pool = sensorPoolFor(ctx);
    const sensor = await pool.get(p);
    // The SSH connection carries this session's channel: no idle close under it while it is open.
    release = pool.hold(p);
    try {
      stream = await sensor.openTcpChannel(db.host, db.port, p.timeoutMs);
    } catch (e) {
      release();
      throw e;
    }
  }
  let session: HistoryDb;
  try {
    session = await openHistoryDb({ profileId: p.id, db, password, timeoutMs: p.timeoutMs, ...(stream ? { stream } : {}), ...(opts.ca ? { ca: opts.ca } : {}) });
  } catch (e) {
    release();
    throw e;
  }
  const { close, destroy } = session;
  session.close = () => close().finally(release);
  session.destroy = () => {
    destroy();
    release();
  };
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

/**
 * The progress bar's total, once the first page is on screen: the rows this search will deliver
 * (at most its limit), counted in the same snapshot, so the count and the pages agree. A count the
 * server stops at its time limit leaves the total unknown; the search goes on.
 */
async function countRows(session: HistoryDb, where: ReturnType<typeof whereFor>, limit: number): Promise<number | null> {
  const st = countStatement(where, Math.min(limit, COUNT_CAP));
  try {
    const [[n]] = (await session.rows(st.sql, st.params)) as [[number | string]];
    const count = Number(n);
    return Number.isSafeInteger(count) && count >= 0 ? count : null;
  } catch (e) {
    if (e instanceof CallboardError && e.code === 'timeout') return null;
    throw e;
  }
}

export function createVoipmonitorCdrSource(ctx: Pick<AppContext, 'secrets' | 'connections'>, p: VoipmonitorProfile, opts: HistorySourceOptions = {}): CdrSource {
  const clock = new SensorClock(checkTimeZone(p.timeZone, p.id));
  const firstPage = opts.firstPage ?? FIRST_PAGE;
  const pageSize = opts.page ?? PAGE;
  const deliver = opts.deliver ?? DELIVER;
  return {
    extraFilters: ['callId', 'callerIp', 'calledIp', 'sipCode', 'minConnectSec', 'maxConnectSec', 'mosBelow', 'lossAbove', 'codec', 'sensorId'],
    async search(q: CdrQuery, { signal, onPage }) {
      const from = parseInstant(q.from, 'start');
      const to = parseInstant(q.to, 'end');
      if (from > to) throw new CallboardError('usage', 'The start time is after the end time.');
      // Validates every filter before a connection is opened (IPv6 addresses too: the column type is
      // known only after the schema check, and the conditions are built again for it).
      whereFor(q, clock.toWall(from), clock.toWall(to), true);
      if (signal.aborted) throw new CallboardError('cancelled', 'The search was cancelled.');
      const session = await openProfileDb(ctx, p, opts);
      let where: ReturnType<typeof whereFor>;
      try {
        where = whereFor(q, clock.toWall(from), clock.toWall(to), session.facts.ipv6);
      } catch (e) {
        session.destroy();
        throw e;
      }
      const onAbort = () => session.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      let fetched = 0;
      let truncated = false;
      try {
        await session.command('START TRANSACTION READ ONLY', []);
        // Rows are mapped one by one as the driver decodes them (none is kept after its record is
        // made) and handed on in batches; each statement is one keyset page.
        let batch: CdrRecord[] = [];
        let total: number | null = null;
        const flush = () => {
          if (!batch.length) return;
          fetched += batch.length;
          onPage({ records: batch, fetched, total });
          batch = [];
        };
        let after: Keyset | null = null;
        for (let first = true; ; first = false) {
          const remaining = q.limit - fetched - batch.length;
          // One row more than still wanted tells "stopped at the limit" from "that was all".
          const want = Math.min(first ? firstPage : pageSize, remaining + 1);
          const st = pageStatement(where, after, want);
          const seen = { rows: 0, last: null as Row | null };
          await session.stream(st.sql, st.params, (cells) => {
            // Rows the driver had already read when a cancel came are not handed on.
            if (signal.aborted) return;
            const row = cells as Row;
            seen.last = row;
            if (++seen.rows > remaining) {
              truncated = true;
              return;
            }
            batch.push(rowToRecord(row, p.id, clock));
            if (batch.length >= deliver) flush();
          });
          if (signal.aborted) break;
          // The first page goes to the table as soon as it is complete.
          flush();
          const end = seen.last;
          if (truncated || seen.rows < want || end === null) break;
          if (first) {
            total = await countRows(session, where, q.limit);
            if (signal.aborted) break;
            if (total !== null) onPage({ records: [], fetched, total });
          }
          after = { calldate: String(end[COL['calldate']!]), id: String(end[COL['ID']!]) };
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
