/**
 * Server-side S2S verification as docs/WILDIX.md (Sources) describes it: everything is rebuilt from the
 * request as received (request line, headers, body), never from what the client meant to send.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { compactVerify } from 'jose';
import { canonicalData, parseStr, type PhpMap, type PhpValue } from '../../../src-main/connectors/wildix/php-compat';

export interface SimApp {
  id: string;
  name: string;
  secret: string;
}

export interface ReceivedRequest {
  method: string;
  /** Raw request target: path and query exactly as on the request line. */
  target: string;
  /** Lower-cased header names (Node's IncomingMessage.headers). */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface VerifyOptions {
  apps: SimApp[];
  nowSec: number;
  leewaySec: number;
  checkIss: boolean;
}

export type VerifyResult = { ok: true; app: SimApp } | { ok: false; reason: string };

function header(req: ReceivedRequest, name: string): string {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

/** The body as the server's framework would hand it over: JSON or form fields, nothing for GET/DELETE. */
export function parsedBody(req: ReceivedRequest): PhpMap {
  if (req.method === 'GET' || req.method === 'DELETE' || req.body.length === 0) return {};
  const type = header(req, 'content-type');
  const text = req.body.toString('utf8');
  if (type.includes('application/json')) {
    const v = JSON.parse(text) as PhpValue;
    return v !== null && typeof v === 'object' ? (Array.isArray(v) ? Object.fromEntries(v.map((x, i) => [String(i), x])) : v) : {};
  }
  return parseStr(text);
}

export async function verifyS2s(req: ReceivedRequest, opts: VerifyOptions): Promise<VerifyResult> {
  const appId = header(req, 'x-app-id').trim();
  const app = opts.apps.find((a) => a.id === appId);
  if (!app) return { ok: false, reason: 'Unknown application' };
  const auth = header(req, 'authorization');
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(auth);
  if (!m) return { ok: false, reason: 'Missing token' };
  let payloadBytes: Uint8Array;
  try {
    const res = await compactVerify(m[1] as string, new TextEncoder().encode(app.secret.trim()), { algorithms: ['HS256'] });
    payloadBytes = res.payload;
  } catch {
    return { ok: false, reason: 'Signature verification failed' };
  }
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown; sign?: { alg?: unknown; headers?: unknown; hash?: unknown } };
  try {
    claims = JSON.parse(new TextDecoder().decode(payloadBytes));
  } catch {
    return { ok: false, reason: 'Malformed token' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return { ok: false, reason: 'Malformed token' };
  if (opts.nowSec >= claims.exp + opts.leewaySec) return { ok: false, reason: 'Expired token' };
  if (claims.iat > opts.nowSec + opts.leewaySec) return { ok: false, reason: `Cannot handle token with iat prior to ${claims.iat}` };
  if (opts.checkIss && claims.iss !== app.name) return { ok: false, reason: 'Invalid issuer' };
  const sign = claims.sign;
  if (!sign || sign.alg !== 'sha256' || typeof sign.hash !== 'string') return { ok: false, reason: 'Unsupported signature' };
  // A JSON list (PHP client) or an object of names (some Python clients).
  const names = Array.isArray(sign.headers) ? sign.headers : sign.headers && typeof sign.headers === 'object' ? Object.values(sign.headers) : null;
  if (!names || !names.every((n): n is string => typeof n === 'string')) return { ok: false, reason: 'Unsupported signature' };
  const lower = names.map((n) => n.toLowerCase());
  if (!lower.includes('host') || !lower.includes('x-app-id')) return { ok: false, reason: 'Host and X-APP-ID must be signed' };

  const headerMap: PhpMap = {};
  for (const n of names) headerMap[n] = header(req, n);
  const q = req.target.indexOf('?');
  const rawPath = q < 0 ? req.target : req.target.slice(0, q);
  const params = q < 0 ? {} : parseStr(req.target.slice(q + 1));
  let body: PhpMap;
  try {
    body = parsedBody(req);
  } catch {
    return { ok: false, reason: 'Malformed body' };
  }
  const canonical = req.method + rawPath + canonicalData(headerMap) + canonicalData(params) + (Object.keys(body).length ? canonicalData(body) : '');
  const hash = createHash('sha256').update(canonical, 'utf8').digest();
  const claimed = Buffer.from(sign.hash, 'hex');
  if (claimed.length !== hash.length || !timingSafeEqual(claimed, hash)) return { ok: false, reason: 'Request signature mismatch' };
  return { ok: true, app };
}
