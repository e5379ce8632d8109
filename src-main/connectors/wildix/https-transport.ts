/**
 * One HTTPS exchange with a PBX: system CA verification by default, an optional pinned leaf
 * certificate (profile `tlsCertSha256`), a test-supplied `ca`, a hard timeout, a response size cap
 * and AbortSignal support. Written to be replaced by the shared pinned-https module
 * (src-main/connectors/tls/) once it exists: the client only depends on `HttpExchange`.
 */
import https from 'node:https';
import tls, { type TLSSocket, type PeerCertificate } from 'node:tls';
import type { Duplex } from 'node:stream';
import { CallboardError } from '../../core/errors';
import { TrustRequiredError, identityMismatch } from '../../core/trust';

export interface HttpRequest {
  method: string;
  /** Path and query. */
  target: string;
  headers: [string, string][];
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type HttpExchange = (req: HttpRequest) => Promise<HttpResponse>;

export interface TransportOptions {
  /** https://host[:port] */
  baseUrl: string;
  /** For operator messages: "Wildix profile acme (pbx.example.com)". */
  what: string;
  timeoutMs: number;
  maxBytes: number;
  /** Pinned leaf certificate, colon-separated upper-case SHA-256. */
  pinSha256?: string;
  /** Extra trust anchors (tests: the simulator's self-signed certificate). Never disables verification. */
  ca?: string | Buffer;
}

function identityOf(cert: PeerCertificate) {
  const id: { kind: 'tls'; fingerprint: string; subject?: string; issuer?: string; validFrom?: string; validTo?: string } = {
    kind: 'tls',
    fingerprint: cert.fingerprint256,
  };
  if (cert.subject?.CN) id.subject = String(cert.subject.CN);
  if (cert.issuer?.CN) id.issuer = String(cert.issuer.CN);
  if (cert.valid_from) id.validFrom = cert.valid_from;
  if (cert.valid_to) id.validTo = cert.valid_to;
  return id;
}

/**
 * Decides whether a freshly handshaken socket may be used. Unpinned: the normal CA + host name
 * verdict, and an untrusted certificate becomes a first-contact question for the operator.
 * Pinned: exactly that certificate, whatever its chain (PBXs often use self-signed ones).
 */
function checkPeer(socket: TLSSocket, opts: TransportOptions): CallboardError | null {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return new CallboardError('connection', `${opts.what} presented no TLS certificate.`);
  if (opts.pinSha256) {
    return cert.fingerprint256 === opts.pinSha256 ? null : identityMismatch('tls', opts.what, opts.pinSha256, cert.fingerprint256);
  }
  if (socket.authorized) return null;
  return new TrustRequiredError(identityOf(cert), opts.what);
}

/**
 * An agent that hands a socket to the HTTP layer only after checkPeer accepted it, so no request
 * (and no token or password) is ever written to a server we have not verified. Node's own
 * rejectUnauthorized is off because a pin must be able to replace the CA chain.
 */
class VerifyingAgent extends https.Agent {
  constructor(private readonly verify: TransportOptions) {
    super({ keepAlive: true, maxSockets: 4 });
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const sock = tls.connect({
      ...(options as tls.ConnectionOptions),
      rejectUnauthorized: false,
      ...(this.verify.ca ? { ca: this.verify.ca } : {}),
    });
    let done = false;
    const once = (err: Error | null) => {
      if (done) return;
      done = true;
      sock.removeListener('error', onError);
      callback?.(err, sock);
    };
    const onError = (e: Error) => once(e);
    sock.once('error', onError);
    sock.once('secureConnect', () => {
      const problem = checkPeer(sock, this.verify);
      if (problem) {
        sock.destroy();
        once(problem);
      } else once(null);
    });
    return undefined;
  }
}

export function createHttpsExchange(opts: TransportOptions): { exchange: HttpExchange; close(): void } {
  const base = new URL(opts.baseUrl);
  const agent = new VerifyingAgent(opts);
  const exchange: HttpExchange = (req) =>
    new Promise<HttpResponse>((resolve, reject) => {
      if (req.signal?.aborted) return reject(new CallboardError('cancelled', 'Cancelled.'));
      let settled = false;
      const finish = (err: Error | null, res?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (err) {
          r.destroy();
          reject(err);
        } else resolve(res as HttpResponse);
      };
      const headers: Record<string, string> = {};
      for (const [n, v] of req.headers) headers[n] = v;
      if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
      const r = https.request({
        agent,
        protocol: 'https:',
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || 443,
        servername: /^[\d.]+$|:/.test(base.hostname) ? undefined : base.hostname,
        method: req.method,
        path: req.target,
        headers,
      });
      const timer = setTimeout(
        () => finish(new CallboardError('timeout', `${opts.what} did not answer within ${Math.round(opts.timeoutMs / 1000)} s.`)),
        opts.timeoutMs,
      );
      const onAbort = () => finish(new CallboardError('cancelled', 'Cancelled.'));
      req.signal?.addEventListener('abort', onAbort, { once: true });

      r.on('error', (e: NodeJS.ErrnoException) => finish(connectionError(e, opts)));
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes) {
            finish(new CallboardError('protocol', `${opts.what} sent a reply larger than ${Math.round(opts.maxBytes / 1024 / 1024)} MiB; Callboard stopped reading it.`));
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (e) => finish(connectionError(e, opts)));
      });
      r.end(req.body);
    });

  return { exchange, close: () => agent.destroy() };
}

function connectionError(e: NodeJS.ErrnoException, opts: TransportOptions): CallboardError {
  if (e instanceof CallboardError) return e;
  const host = new URL(opts.baseUrl).host;
  switch (e.code) {
    case 'ECONNREFUSED':
      return new CallboardError('connection', `${opts.what} refused the connection on ${host}: check the URL and that the PBX web service is running.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CallboardError('connection', `The host name of ${opts.what} (${host}) could not be resolved: check the URL and DNS.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new CallboardError('connection', `${opts.what} closed the connection unexpectedly; try again.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new CallboardError('connection', `${opts.what} (${host}) is not reachable from this workstation.`);
    default:
      return new CallboardError('connection', `Could not talk to ${opts.what} (${host})${e.code ? ` (${e.code})` : ''}.`);
  }
}
