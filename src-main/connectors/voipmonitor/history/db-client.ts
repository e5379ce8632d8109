/**
 * A read-only session on the sensor's CDR database with mysql2 (MariaDB/MySQL protocol in plain
 * JavaScript; it accepts a ready-made `stream`, which is how an SSH direct-tcpip channel plugs in).
 *
 * Every session: READ ONLY transactions, a server-side statement time limit (MariaDB
 * `max_statement_time`, MySQL `max_execution_time`), utf8mb4 (the sniffer's latin1 text converts
 * losslessly), DATETIME as strings (naive sensor-local, see clock.ts), BIGINT ids as strings.
 *
 * Direct TLS with a pinned certificate: mysql2 upgrades to TLS inside the MySQL handshake and offers
 * no hook to inspect the certificate before it sends credentials. So the pin is checked first on a
 * probe connection (greeting → SSLRequest → TLS, then hang up), and the real connection trusts exactly
 * that certificate as its only CA, so a different certificate fails the handshake before any
 * credential is sent (self-signed server certificates, the usual case). A CA-issued certificate is
 * validated against the system CAs and its fingerprint compared again on the open connection.
 */
import { createHash, X509Certificate } from 'node:crypto';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import mysql, { type Connection, type ConnectionOptions, type QueryError } from 'mysql2';
import { CallboardError } from '../../../core/errors';
import { TrustRequiredError, identityMismatch } from '../../../core/trust';
import { identityOf } from '../../tls/pinned-https';
import type { VoipmonitorDatabase } from '../profile';
import type { SqlValue } from './filters';

export interface HistoryDbOptions {
  profileId: string;
  db: VoipmonitorDatabase;
  password: string;
  /** SSH: a channel already connected to the database port on the far side. */
  stream?: Duplex;
  timeoutMs: number;
  /** Extra trust anchor for direct TLS (tests: a throwaway server certificate). Never disables checks. */
  ca?: string;
}

export interface HistoryDb {
  readonly conn: Connection;
  readonly mariadb: boolean;
  readonly where: string;
  /** Runs one prepared statement and resolves with all rows (small results only: schema check). */
  rows(sql: string, params: SqlValue[]): Promise<unknown[][]>;
  /**
   * Runs one prepared statement and hands each row to `onRow` as the driver decodes it, so a row
   * can be mapped and dropped at once instead of a whole page of rows being held first.
   */
  stream(sql: string, params: SqlValue[], onRow: (row: unknown[]) => void): Promise<void>;
  /** Session and transaction statements with fixed text (SET, START TRANSACTION, COMMIT). */
  command(sql: string, params: SqlValue[]): Promise<void>;
  close(): Promise<void>;
  destroy(): void;
}

export function describeDb(profileId: string, db: VoipmonitorDatabase): string {
  return `"${db.database}" of sensor ${profileId} (${db.via === 'ssh' ? `via SSH to ${db.host}:${db.port}` : `${db.host}:${db.port}`})`;
}

/** Server errors in words; never includes the password (mysql2 messages do not carry it either). */
export function dbError(e: unknown, where: string, user: string): CallboardError {
  if (e instanceof CallboardError) return e;
  const err = e as Partial<QueryError> & { code?: string; errno?: number; fatal?: boolean };
  const code = err.code ?? '';
  const errno = err.errno ?? 0;
  if (code === 'ER_ACCESS_DENIED_ERROR' || errno === 1045) {
    return new CallboardError('auth', `The sensor database ${where} rejected user "${user}": check the database password of this profile ("dbPassword") and that the account may connect from this host.`, { status: 1045 });
  }
  if (code === 'ER_DBACCESS_DENIED_ERROR' || errno === 1044) {
    return new CallboardError('auth', `User "${user}" may not open the sensor database ${where}: grant it SELECT on the cdr tables.`, { status: 1044 });
  }
  if (code === 'ER_TABLEACCESS_DENIED_ERROR' || errno === 1142 || errno === 1143) {
    return new CallboardError('config', `User "${user}" may not read a table the history search needs in ${where}: grant SELECT on cdr, cdr_next and cdr_sip_response.`, { status: errno });
  }
  if (code === 'ER_BAD_DB_ERROR' || errno === 1049) return new CallboardError('config', `The database server of ${where} has no such database: check the database name in the profile.`, { status: 1049 });
  if (errno === 1969 || errno === 3024 || code === 'ER_QUERY_TIMEOUT') {
    return new CallboardError('timeout', `The sensor database ${where} stopped the search at its statement time limit: narrow the time range or add a filter.`, { status: errno });
  }
  if (code === 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION' || errno === 1792) return new CallboardError('internal', 'A write was refused by the read-only session.');
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT') return new CallboardError('connection', `The database server of ${where} does not offer TLS; Callboard sends a database password only over TLS (or an SSH channel).`);
  if (code === 'ECONNREFUSED') return new CallboardError('connection', `The sensor database ${where} refused the connection: is MariaDB/MySQL running and listening on that address and port?`, { status: code });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CallboardError('connection', `The host name of the sensor database ${where} could not be resolved.`, { status: code });
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new CallboardError('connection', `The sensor database ${where} is unreachable from here (${code}).`, { status: code });
  if (code === 'PROTOCOL_CONNECTION_LOST' || code === 'ECONNRESET' || code === 'EPIPE') return new CallboardError('connection', `The sensor database ${where} closed the connection.`, { status: code });
  if (/certificate|self.signed|CERT_|TLS|SSL/i.test(`${code} ${err.message ?? ''}`)) return new CallboardError('connection', `The TLS certificate of the sensor database ${where} is not the pinned one, or not trusted (${code || 'TLS error'}).`, { status: code || undefined });
  if (errno) return new CallboardError('protocol', `The sensor database ${where} answered with error ${errno} (${code || 'unknown'}).`, { status: errno });
  return new CallboardError('connection', `Could not talk to the sensor database ${where}${code ? ` (${code})` : ''}.`, code ? { status: code } : {});
}

/** Reads one MySQL packet (greeting) from a raw socket. */
function readPacket(sock: net.Socket, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const t = setTimeout(() => done(new Error('ETIMEDOUT')), timeoutMs);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4) {
        const len = buf.readUIntLE(0, 3);
        if (buf.length >= 4 + len) done(null, buf.subarray(4, 4 + len));
      }
    };
    const onErr = (e: Error) => done(e);
    const done = (e: Error | null, p?: Buffer) => {
      clearTimeout(t);
      sock.off('data', onData);
      sock.off('error', onErr);
      if (e) reject(e);
      else resolve(p!);
    };
    sock.on('data', onData);
    sock.once('error', onErr);
  });
}

const CLIENT_SSL = 0x800;

/** Probe: the server certificate presented after an SSLRequest (MySQL protocol "SSL upgrade"). */
export async function probeCertificate(host: string, port: number, timeoutMs: number, where: string): Promise<tls.PeerCertificate> {
  return (await probeServer(host, port, timeoutMs, where)).cert;
}

export interface ProbeResult {
  /** The leaf with its issuer chain (as sent, completed from the trust store when it verified). */
  cert: tls.DetailedPeerCertificate;
  /** Whether the chain verified against the trust anchors (the system's, or `ca`). */
  authorized: boolean;
  authorizationError: string | null;
}

/** The probe, also telling whether the certificate chains to a trusted CA (checked here, not trusted blindly). */
export async function probeServer(host: string, port: number, timeoutMs: number, where: string, ca?: string): Promise<ProbeResult> {
  const sock = net.connect({ host, port });
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
      sock.once('connect', () => {
        clearTimeout(t);
        resolve();
      });
      sock.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
    const greeting = await readPacket(sock, timeoutMs);
    if (greeting[0] === 0xff) throw new CallboardError('connection', `The database server of ${where} refused this workstation before login (it may block the host after too many failed connections).`);
    const verEnd = greeting.indexOf(0, 1);
    // protocol(1) version(NUL) thread(4) scramble(8) filler(1) capabilities-low(2)
    const caps = verEnd > 0 && greeting.length >= verEnd + 16 ? greeting.readUInt16LE(verEnd + 1 + 4 + 8 + 1) : 0;
    if (!(caps & CLIENT_SSL)) throw dbError({ code: 'HANDSHAKE_NO_SSL_SUPPORT' }, where, '');
    // SSLRequest: capabilities (PROTOCOL_41 | SSL | SECURE_CONNECTION), max packet, charset, 23 zero bytes; sequence 1.
    const body = Buffer.alloc(32);
    body.writeUInt32LE(0x200 | CLIENT_SSL | 0x8000, 0);
    body.writeUInt32LE(0x1000000, 4);
    body[8] = 45;
    const head = Buffer.from([32, 0, 0, 1]);
    sock.write(Buffer.concat([head, body]));
    return await new Promise<ProbeResult>((resolve, reject) => {
      // rejectUnauthorized: false only so that an untrusted certificate can be shown to the operator;
      // the caller decides on `authorized`, and nothing is sent on this connection.
      // The name is checked by the caller against the profile's host (Node would compare an IP
      // address host with "localhost" here), so `authorized` is about the chain alone.
      const s = tls.connect({ socket: sock, rejectUnauthorized: false, servername: net.isIP(host) ? undefined : host, checkServerIdentity: () => undefined, ...(ca ? { ca } : {}) });
      const t = setTimeout(() => {
        s.destroy();
        reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      s.once('secureConnect', () => {
        clearTimeout(t);
        const cert = s.getPeerCertificate(true);
        const authorizationError = s.authorizationError ? String(s.authorizationError) : null;
        const authorized = s.authorized;
        s.destroy();
        resolve({ cert, authorized, authorizationError });
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  } finally {
    sock.destroy();
  }
}

/**
 * TLS settings for a pinned certificate that a CA issued. Everything is checked on the probe, before
 * any credential: the chain verifies against this workstation's trusted CAs, and the certificate
 * names the host or IP address in the profile. The login connection then trusts only the root of that
 * verified chain (not every CA of the system) and checks the name again for host names; mysql2 3.24
 * compares an IP address host with "localhost" instead of the address, so for an address the probe's
 * check and the pin compared on the open connection stand.
 */
function caIssuedTls(probe: ProbeResult, host: string, where: string): NonNullable<ConnectionOptions['ssl']> {
  if (!probe.authorized) {
    throw new CallboardError('connection', `The TLS certificate of the sensor database ${where} is pinned, but it is issued by a CA this workstation does not trust (${probe.authorizationError ?? 'unknown issuer'}): install that CA in the system's trust store, or give the server a self-signed certificate to pin.`, { status: probe.authorizationError ?? undefined });
  }
  const mismatch = tls.checkServerIdentity(host, probe.cert);
  if (mismatch) throw new CallboardError('connection', `The TLS certificate of the sensor database ${where} does not name ${host} (${mismatch.message}).`, { status: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  let root: tls.DetailedPeerCertificate = probe.cert;
  for (let i = 0; i < 10 && root.issuerCertificate && root.issuerCertificate !== root && root.issuerCertificate.raw; i++) root = root.issuerCertificate;
  return { ca: pemOf(root), rejectUnauthorized: true, verifyIdentity: !net.isIP(host) };
}

function pemOf(cert: tls.PeerCertificate): string {
  return new X509Certificate(cert.raw).toString();
}

function fingerprintOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').toUpperCase().match(/.{2}/g)!.join(':');
}

function connect(opts: ConnectionOptions, where: string, user: string, timeoutMs: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const conn = mysql.createConnection(opts);
    const t = setTimeout(() => {
      conn.destroy();
      reject(new CallboardError('timeout', `The sensor database ${where} did not complete the login within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    conn.once('error', (e) => {
      clearTimeout(t);
      reject(dbError(e, where, user));
    });
    conn.connect((e) => {
      clearTimeout(t);
      if (e) reject(dbError(e, where, user));
      else resolve(conn);
    });
  });
}

export async function openHistoryDb(o: HistoryDbOptions): Promise<HistoryDb> {
  const { db } = o;
  const where = describeDb(o.profileId, db);
  const base: ConnectionOptions = {
    user: db.user,
    password: o.password,
    database: db.database,
    charset: 'utf8mb4',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    connectTimeout: o.timeoutMs,
    // Prepared statements per connection: one per page shape, small.
    maxPreparedStatements: 32,
  };
  let expectPin: string | null = null;
  if (o.stream) {
    base.stream = o.stream;
  } else {
    base.host = db.host;
    base.port = db.port;
    if (db.tls === 'required') {
      let probe: ProbeResult;
      try {
        probe = await probeServer(db.host, db.port, o.timeoutMs, where, o.ca);
      } catch (e) {
        throw dbError(e, where, db.user);
      }
      const { cert } = probe;
      const identity = identityOf(cert);
      if (!db.tlsCertSha256) throw new TrustRequiredError(identity, `the sensor database ${where}`);
      if (identity.fingerprint !== db.tlsCertSha256) throw identityMismatch('tls', `the sensor database ${where}`, db.tlsCertSha256, identity.fingerprint);
      const selfSigned = cert.issuer && cert.subject && JSON.stringify(cert.issuer) === JSON.stringify(cert.subject);
      base.ssl = selfSigned ? { ca: o.ca ? [pemOf(cert), o.ca] : pemOf(cert), rejectUnauthorized: true, verifyIdentity: false } : caIssuedTls(probe, db.host, where);
      expectPin = db.tlsCertSha256;
    }
  }
  const conn = await connect(base, where, db.user, o.timeoutMs);
  // Statements in flight: mysql2 does not settle them when the connection is destroyed on purpose
  // (it only ends the socket), so destroy() settles them itself and a cancel returns at once.
  const pending = new Set<(e: unknown) => void>();
  const track = <T>(run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void) =>
    new Promise<T>((resolve, reject) => {
      const fail = (e: unknown) => {
        pending.delete(fail);
        reject(e);
      };
      pending.add(fail);
      run((v) => {
        pending.delete(fail);
        resolve(v);
      }, fail);
    });
  const rows = (sql: string, params: SqlValue[]) =>
    track<unknown[][]>((resolve, reject) => {
      conn.execute({ sql, values: params, rowsAsArray: true }, (e, r) => (e ? reject(dbError(e, where, db.user)) : resolve(r as unknown[][])));
    });
  const stream = (sql: string, params: SqlValue[], onRow: (row: unknown[]) => void) =>
    track<void>((resolve, reject) => {
      let failed: unknown = null;
      const cmd = conn.execute({ sql, values: params, rowsAsArray: true });
      cmd.on('result', (row: unknown) => {
        if (failed) return;
        try {
          onRow(row as unknown[]);
        } catch (e) {
          // A row the mapper refuses ends the search with that error; the rest of the result is drained.
          failed = e;
        }
      });
      cmd.once('error', (e: unknown) => {
        if (!failed) failed = dbError(e, where, db.user);
        reject(failed);
      });
      cmd.once('end', () => (failed ? reject(failed) : resolve()));
    });
  const failAll = (err: unknown) => {
    for (const fail of [...pending]) fail(err);
  };
  // A connection lost under a statement (server gone, SSH connection closed, network) fails what is in
  // flight in words; mysql2 reports it on the connection, not on a statement that streams its rows,
  // and without a listener that report would be an uncaught exception.
  conn.on('error', (e) => failAll(dbError(e, where, db.user)));
  const transport = (conn as unknown as { stream?: Duplex }).stream;
  transport?.once('close', () => failAll(dbError({ code: 'PROTOCOL_CONNECTION_LOST' }, where, db.user)));
  const destroy = () => {
    failAll(new CallboardError('cancelled', `The session on the sensor database ${where} was closed.`));
    conn.destroy();
    transport?.destroy();
  };
  const session: HistoryDb = {
    conn,
    mariadb: false,
    where,
    rows,
    stream,
    command: (sql, params) =>
      track<void>((resolve, reject) => {
        conn.query(sql, params, (e) => (e ? reject(dbError(e, where, db.user)) : resolve()));
      }),
    close: () => new Promise<void>((resolve) => conn.end(() => resolve())),
    destroy,
  };
  try {
    if (expectPin) {
      const s = (conn as unknown as { stream?: tls.TLSSocket }).stream;
      const raw = s && typeof s.getPeerCertificate === 'function' ? s.getPeerCertificate(false)?.raw : undefined;
      if (!raw || fingerprintOf(raw) !== expectPin) throw identityMismatch('tls', `the sensor database ${where}`, expectPin, raw ? fingerprintOf(raw) : 'none');
    }
    const [[version]] = (await rows('SELECT VERSION()', [])) as [[string]];
    const mariadb = /mariadb/i.test(String(version));
    (session as { mariadb: boolean }).mariadb = mariadb;
    const limit = db.statementTimeoutSec;
    // Session-wide, so every statement of this session is bounded on the server even if the client
    // dies. SET is not preparable everywhere: the profile's validated integer is bound client-side.
    if (mariadb) await session.command('SET SESSION max_statement_time = ?', [limit]);
    else await session.command('SET SESSION max_execution_time = ?', [limit * 1000]);
    await session.command('SET SESSION TRANSACTION READ ONLY', []);
  } catch (e) {
    destroy();
    throw e instanceof CallboardError ? e : dbError(e, where, db.user);
  }
  return session;
}
