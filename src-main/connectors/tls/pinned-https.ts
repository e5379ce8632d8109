/**
 * HTTPS requests with an optional SHA-256 certificate pin, a deadline, a response size cap and an
 * AbortSignal: the one HTTPS client of main. Used by the UCM connector (pin required: UCMs ship
 * self-signed certificates) and by the Wildix connector (pin optional: CA validation when no pin is
 * set, and an untrusted certificate becomes a first-contact question).
 *
 * How the pin works: we open the TLS socket ourselves, and only after the handshake, once the peer
 * certificate's fingerprint equals the pin, hand the socket to https.request. Nothing (no header, no
 * body, no credential) is written before the identity is checked. CA validation is skipped only on
 * that one socket and only when a pin replaces it; nothing is changed process-wide. HttpsPool keeps
 * such verified connections open for reuse and resumes TLS sessions, with the same check on each.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { CallboardError } from '../../core/errors';
import { TrustRequiredError, identityMismatch, type TrustIdentity } from '../../core/trust';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface PinnedRequest {
  /** Full https:// URL. */
  url: string;
  /**
   * Path and query sent byte for byte, instead of the URL's (which the URL parser may re-encode):
   * for APIs that sign the exact request target (Wildix S2S).
   */
  target?: string;
  method?: HttpMethod;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Colon-separated upper-case SHA-256 of the leaf certificate. */
  pinSha256?: string;
  /**
   * Without a pin: 'trust-required' throws TrustRequiredError with the certificate for the operator to
   * accept (UCM); 'ca' validates against the system CAs as usual; 'ca-or-trust' accepts a certificate
   * the CAs (and host name) vouch for and turns any other into a first-contact question (Wildix).
   */
  unpinned: 'trust-required' | 'ca' | 'ca-or-trust';
  /** Extra trust anchors (tests: a simulator's self-signed certificate). Never disables verification. */
  ca?: string | Buffer;
  /** Old firmware: lower OpenSSL's security level on this connection only. */
  legacyTls?: boolean;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** Plain words naming the server in errors: 'UCM "HQ" (ucm.example:8089)'. */
  what: string;
}

export interface PinnedResponse {
  status: number;
  contentType: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Fingerprint of the certificate that was presented. */
  fingerprint: string;
}

export function formatFingerprint(raw: Buffer): string {
  return raw.toString('hex').toUpperCase().match(/.{2}/g)!.join(':');
}

function certName(n: Record<string, string | string[]> | undefined): string | undefined {
  if (!n) return undefined;
  const parts = Object.entries(n).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`);
  return parts.length ? parts.join(', ') : undefined;
}

export function identityOf(cert: tls.PeerCertificate): TrustIdentity {
  const id: TrustIdentity = { kind: 'tls', fingerprint: formatFingerprint(Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex')) };
  const subject = certName(cert.subject as unknown as Record<string, string | string[]>);
  const issuer = certName(cert.issuer as unknown as Record<string, string | string[]>);
  if (subject) id.subject = subject;
  if (issuer) id.issuer = issuer;
  if (cert.valid_from) id.validFrom = new Date(cert.valid_from).toISOString();
  if (cert.valid_to) id.validTo = new Date(cert.valid_to).toISOString();
  return id;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`;
}

function networkError(what: string, e: unknown): CallboardError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const text = (e as Error | undefined)?.message ?? '';
  let why: string;
  if (code === 'ECONNREFUSED') why = 'the connection was refused (wrong port, or the web server is off)';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') why = 'the host name could not be resolved';
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') why = 'the host is unreachable';
  else if (code === 'ECONNRESET' || code === 'EPIPE') why = 'the connection was reset';
  else if (/DH_KEY_TOO_SMALL|dh key too small|unsupported protocol|no shared cipher|SSLV3_ALERT_HANDSHAKE_FAILURE|wrong version number/i.test(`${code} ${text}`))
    why = 'the TLS handshake failed (old firmware: enable "legacy TLS" on this profile)';
  else if (/CERT|certificate|self.signed|UNABLE_TO_VERIFY/i.test(`${code} ${text}`)) why = `its certificate is not trusted (${code || 'TLS error'})`;
  else why = code ? `network error ${code}` : 'a network error occurred';
  return new CallboardError('connection', `Could not reach ${what}: ${why}.`, { status: code || undefined }, { cause: e });
}

/** A TLS session to resume, with the fingerprint of the certificate verified when it was made. */
interface Resumable {
  session: Buffer;
  fingerprint: string;
}

/**
 * Opens TLS, checks the identity, resolves with the verified socket. `resume` offers an earlier TLS
 * session (a shorter handshake). A full handshake is checked as always. A resumed one carries no
 * certificate: only a server holding the secret of a session made over a verified connection can
 * complete it (RFC 8446 §2.2), so it is accepted only when that connection's verified fingerprint is
 * the one pinned now; otherwise (or without a pin) it is refused and the caller connects afresh.
 */
function connectVerified(u: URL, req: PinnedRequest, signal: AbortSignal, resume?: Resumable): Promise<{ socket: tls.TLSSocket; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const pinned = req.pinSha256 !== undefined && req.pinSha256 !== '';
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const opts: tls.ConnectionOptions = {
      host,
      port: u.port ? Number(u.port) : 443,
      // SNI must not be an IP literal.
      servername: /^[0-9.]+$|:/.test(host) ? undefined : host,
      ALPNProtocols: ['http/1.1'],
      // With a pin, or when an untrusted certificate is a question for the operator, the checks below decide.
      rejectUnauthorized: !(pinned || req.unpinned !== 'ca'),
    };
    if (req.ca) opts.ca = req.ca;
    if (req.legacyTls) {
      opts.ciphers = 'DEFAULT:@SECLEVEL=0';
      opts.minVersion = 'TLSv1';
    }
    if (resume) opts.session = resume.session;
    const socket = tls.connect(opts);
    const onAbort = () => socket.destroy(new CallboardError('cancelled', `The request to ${req.what} was cancelled.`));
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    socket.once('error', (e) => {
      done();
      reject(e instanceof CallboardError ? e : networkError(req.what, e));
    });
    socket.once('secureConnect', () => {
      done();
      if (resume && socket.isSessionReused()) {
        if (pinned && resume.fingerprint === req.pinSha256!.trim().toUpperCase()) {
          socket.removeAllListeners('error');
          resolve({ socket, fingerprint: resume.fingerprint });
        } else {
          socket.destroy();
          reject(new ResumeRefusedError());
        }
        return;
      }
      const cert = socket.getPeerCertificate(false);
      if (!cert || !cert.fingerprint256) {
        socket.destroy();
        reject(new CallboardError('connection', `${req.what} presented no certificate.`));
        return;
      }
      const identity = identityOf(cert);
      if (pinned) {
        if (identity.fingerprint !== req.pinSha256!.trim().toUpperCase()) {
          socket.destroy();
          reject(identityMismatch('tls', req.what, req.pinSha256!, identity.fingerprint));
          return;
        }
      } else if (req.unpinned === 'trust-required' || (req.unpinned === 'ca-or-trust' && !socket.authorized)) {
        socket.destroy();
        reject(new TrustRequiredError(identity, req.what));
        return;
      }
      socket.removeAllListeners('error');
      resolve({ socket, fingerprint: identity.fingerprint });
    });
  });
}

interface Prepared {
  u: URL;
  method: HttpMethod;
  target: string;
}

function prepare(req: PinnedRequest): Prepared {
  let u: URL;
  try {
    u = new URL(req.url);
  } catch {
    throw new CallboardError('config', `The address of ${req.what} is not a valid URL.`);
  }
  if (u.protocol !== 'https:') throw new CallboardError('config', `The address of ${req.what} must start with https://.`);
  const method = req.method ?? 'GET';
  if (!HTTP_METHODS.includes(method)) throw new CallboardError('usage', `Unsupported HTTP method ${String(method).slice(0, 10)}.`);
  const target = req.target ?? `${u.pathname}${u.search}`;
  // The request line must not be splittable: no control characters or spaces in the target.
  if (!/^\/[\x21-\x7e]*$/.test(target)) throw new CallboardError('usage', `The request path for ${req.what} contains characters that cannot be sent.`);
  if (req.signal?.aborted) throw new CallboardError('cancelled', `The request to ${req.what} was cancelled.`);
  return { u, method, target };
}

/** How the request reaches a socket: a fresh verified one, or the pool's agent (which verifies new ones). */
type Route = { kind: 'fresh'; conn: { socket: tls.TLSSocket; fingerprint: string } } | { kind: 'pool'; pool: HttpsPool };

/** One request on its own connection, closed afterwards. */
export async function pinnedRequest(req: PinnedRequest): Promise<PinnedResponse> {
  return run(req, prepare(req), null);
}

async function run(req: PinnedRequest, p: Prepared, pool: HttpsPool | null): Promise<PinnedResponse> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new CallboardError('timeout', `${req.what} did not answer within ${Math.round(req.timeoutMs / 1000)} s.`)), req.timeoutMs);
  const onOuterAbort = () => ac.abort(new CallboardError('cancelled', `The request to ${req.what} was cancelled.`));
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const reasonOr = (fallback: unknown): unknown => (ac.signal.aborted ? ac.signal.reason : fallback);
  try {
    let route: Route;
    if (pool) route = { kind: 'pool', pool };
    else {
      try {
        route = { kind: 'fresh', conn: await connectVerified(p.u, req, ac.signal) };
      } catch (e) {
        throw reasonOr(e);
      }
    }
    return await send(req, p, route, ac.signal, reasonOr);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function send(req: PinnedRequest, p: Prepared, route: Route, signal: AbortSignal, reasonOr: (e: unknown) => unknown): Promise<PinnedResponse> {
  const { u, method, target } = p;
  return new Promise<PinnedResponse>((resolve, reject) => {
    const headers: Record<string, string> = { Connection: route.kind === 'pool' ? 'keep-alive' : 'close', ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const options: http.RequestOptions & { callboard?: PoolConnectOptions } = { method, host: u.hostname, path: target, headers: { Host: u.host, ...headers } };
    if (route.kind === 'fresh') {
      // Plain http over the already verified TLS socket: no agent, so no pooling and no second handshake.
      options.createConnection = () => route.conn.socket;
    } else {
      options.agent = route.pool.agent;
      options.callboard = { req, url: u, signal };
    }
    let fingerprint = route.kind === 'fresh' ? route.conn.fingerprint : '';
    const r = http.request(options, (res) => {
      if (route.kind === 'pool') fingerprint = route.pool.fingerprintOf(res.socket) ?? '';
      const declared = Number(res.headers['content-length'] ?? NaN);
      // Reject before destroying: destroy() can emit 'aborted' synchronously, which would win.
      if (declared > req.maxBytes) {
        reject(new CallboardError('protocol', `${req.what} sent a reply larger than ${sizeText(req.maxBytes)}; Callboard stopped reading it (narrow the request).`));
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > req.maxBytes) {
          reject(new CallboardError('protocol', `${req.what} sent a reply larger than ${sizeText(req.maxBytes)}; Callboard stopped reading it (narrow the request).`));
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), headers: res.headers, body: Buffer.concat(chunks, size), fingerprint }));
      res.on('error', (e) => reject(reasonOr(networkError(req.what, e))));
      res.on('aborted', () => reject(reasonOr(new CallboardError('connection', `${req.what} closed the connection in the middle of a reply.`))));
    });
    const onAbort = () => r.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    r.on('close', () => signal.removeEventListener('abort', onAbort));
    r.on('error', (e) => {
      // A kept-alive connection the server closed while idle: nothing was processed, say so to the pool.
      const stale = route.kind === 'pool' && r.reusedSocket && isResetBeforeReply(e);
      reject(stale ? new StaleConnectionError(e) : reasonOr(e instanceof CallboardError ? e : networkError(req.what, e)));
    });
    r.end(req.body);
  });
}

function isResetBeforeReply(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || (e as Error | undefined)?.message === 'socket hang up';
}

class StaleConnectionError extends Error {
  constructor(readonly original: unknown) {
    super('stale keep-alive connection');
  }
}

/** A resumed session that cannot be accepted (no pin to hold it to): connect with a full handshake. */
class ResumeRefusedError extends Error {
  constructor() {
    super('resumed TLS session without a pin');
  }
}

interface PoolConnectOptions {
  req: PinnedRequest;
  url: URL;
  signal: AbortSignal;
}

/**
 * Kept-alive, verified HTTPS connections to one server, for a connector's session or client (owned by
 * the context's Connections, so closed with it). What it does:
 *
 * - reuses a connection while the server keeps it open (HTTP/1.1 persistent connections, RFC 9112 §9.3),
 *   and drops it when the server answers `Connection: close` or its `Keep-Alive: timeout` passes;
 * - resumes the TLS session on a new connection (RFC 8446 §2.2), yet checks the certificate pin (or
 *   CA, or first-contact trust) on every new connection exactly as pinnedRequest does, before any
 *   byte of a request is written;
 * - sends a request that is not idempotent (`idempotent: false`: dial, hang-up) on a fresh connection,
 *   so a connection the server closed while idle can never leave the operator wondering whether it
 *   rang; an idempotent request that meets such a connection is retried once on a new one.
 */
export class HttpsPool {
  readonly agent: http.Agent;
  /** Counters for tests and the benchmark. */
  readonly stats = { connections: 0, resumed: 0, requests: 0, staleRetries: 0 };
  private session: Resumable | undefined;
  private sessionKey = '';
  private readonly fingerprints = new WeakMap<object, string>();

  constructor(opts: { maxSockets?: number; idleMs?: number } = {}) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const pool = this;
    this.agent = new (class extends http.Agent {
      override createConnection(options: http.ClientRequestArgs & { callboard?: PoolConnectOptions }, cb: (err: Error | null, s?: Duplex) => void): Duplex | undefined {
        const c = options.callboard;
        if (!c) {
          cb(new CallboardError('internal', 'A pooled HTTPS request was made without its settings.'));
          return undefined;
        }
        pool.connect(c).then((s) => cb(null, s), (e: Error) => cb(e));
        return undefined;
      }
    })({ keepAlive: true, maxSockets: opts.maxSockets ?? 4, maxFreeSockets: opts.maxSockets ?? 4, timeout: opts.idleMs ?? 15_000, scheduling: 'lifo' });
  }

  fingerprintOf(socket: object | null | undefined): string | undefined {
    return socket ? this.fingerprints.get(socket) : undefined;
  }

  private async connect(c: PoolConnectOptions): Promise<tls.TLSSocket> {
    // A different server identity setting (pin, CA, legacy TLS) must not resume the old session.
    const key = JSON.stringify([c.url.host, c.req.pinSha256 ?? '', c.req.unpinned, c.req.legacyTls ?? false, c.req.ca ? String(c.req.ca).length : 0]);
    if (key !== this.sessionKey) {
      this.session = undefined;
      this.sessionKey = key;
    }
    // Resumption only where a pin holds the session to a verified identity (UCM, pinned Wildix).
    const pinned = Boolean(c.req.pinSha256);
    let conn: { socket: tls.TLSSocket; fingerprint: string };
    try {
      conn = await connectVerified(c.url, c.req, c.signal, pinned ? this.session : undefined);
    } catch (e) {
      if (!(e instanceof ResumeRefusedError)) throw e;
      this.session = undefined;
      conn = await connectVerified(c.url, c.req, c.signal);
    }
    const { socket, fingerprint } = conn;
    this.stats.connections++;
    if (socket.isSessionReused()) this.stats.resumed++;
    // Registered only now, after the identity was verified: a session is never kept from an unverified peer.
    socket.on('session', (session: Buffer) => {
      if (this.sessionKey === key && pinned) this.session = { session, fingerprint };
    });
    this.fingerprints.set(socket, fingerprint);
    return socket;
  }

  /** Sends a request over a kept-alive connection (idempotent) or a fresh one. */
  async request(req: PinnedRequest & { idempotent: boolean }): Promise<PinnedResponse> {
    const p = prepare(req);
    this.stats.requests++;
    if (!req.idempotent) return run(req, p, null);
    try {
      return await run(req, p, this);
    } catch (e) {
      if (!(e instanceof StaleConnectionError)) throw e;
      this.stats.staleRetries++;
      try {
        return await run(req, p, this);
      } catch (e2) {
        throw e2 instanceof StaleConnectionError ? networkError(req.what, e2.original) : e2;
      }
    }
  }

  close(): void {
    this.agent.destroy();
    this.session = undefined;
  }
}

/**
 * POSTs JSON and returns the parsed JSON body (unknown: the caller validates it with zod).
 * Non-200 and non-JSON replies become protocol errors naming the server.
 */
export async function pinnedJson(
  req: Omit<PinnedRequest, 'body' | 'method'> & { json: unknown; method?: 'POST' | 'GET'; pool?: HttpsPool; idempotent?: boolean },
): Promise<unknown> {
  const { pool, idempotent, json, ...rest } = req;
  const full: PinnedRequest = {
    ...rest,
    method: req.method ?? 'POST',
    headers: { 'Content-Type': 'application/json;charset=UTF-8', Accept: 'application/json', ...req.headers },
    body: req.method === 'GET' ? undefined : JSON.stringify(json),
  };
  const res = pool ? await pool.request({ ...full, idempotent: idempotent ?? false }) : await pinnedRequest(full);
  if (res.status !== 200) throw new CallboardError('protocol', `${req.what} answered HTTP ${res.status} instead of a JSON reply.`, { status: res.status });
  return parseJsonBody(res.body, req.what);
}

export function parseJsonBody(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new CallboardError('protocol', `${what} sent a reply that is not JSON (${body.length} bytes); check that the address points at the API.`);
  }
}
