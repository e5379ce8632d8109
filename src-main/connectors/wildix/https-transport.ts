/**
 * The Wildix client's view of HTTPS: one exchange (method, exact target, headers, body) → status,
 * headers (the client reads `Date` to correct clock skew) and body. It is a thin adapter over the
 * shared pinned-https module: system CA verification by default, an optional pinned leaf certificate
 * (profile `tlsCertSha256`), an untrusted certificate as a first-contact question, a test-supplied
 * `ca`, a hard timeout, a size cap and cancellation. Nothing is written before the certificate passed.
 */
import { CallboardError } from '../../core/errors';
import { HTTP_METHODS, HttpsPool, type HttpMethod } from '../tls/pinned-https';

export interface HttpRequest {
  method: string;
  /** Path and query, sent exactly as signed. */
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

/**
 * An exchange over kept-alive connections (HttpsPool): GETs reuse a connection while the PBX keeps it
 * open; anything else (Originate) goes over a fresh one and is never retried.
 */
export function createHttpsExchange(opts: TransportOptions): { exchange: HttpExchange; close(): void } {
  const pool = new HttpsPool({ maxSockets: 4 });
  const exchange: HttpExchange = async (req) => {
    const method = req.method.toUpperCase() as HttpMethod;
    if (!HTTP_METHODS.includes(method)) throw new CallboardError('usage', `Unsupported HTTP method ${req.method.slice(0, 10)}.`);
    const res = await pool.request({
      idempotent: method === 'GET',
      url: opts.baseUrl + '/',
      target: req.target,
      method,
      headers: Object.fromEntries(req.headers),
      ...(req.body !== undefined ? { body: req.body } : {}),
      ...(opts.pinSha256 ? { pinSha256: opts.pinSha256 } : {}),
      unpinned: 'ca-or-trust',
      ...(opts.ca ? { ca: opts.ca } : {}),
      timeoutMs: opts.timeoutMs,
      maxBytes: opts.maxBytes,
      ...(req.signal ? { signal: req.signal } : {}),
      what: opts.what,
    });
    return { status: res.status, headers: res.headers, body: res.body };
  };
  return { exchange, close: () => pool.close() };
}
