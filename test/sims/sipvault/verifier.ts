/**
 * SIP VAULT deep-link verifier, modelled on the documented behaviour (SIP VAULT CDR Integration Guide,
 * https://sipvault.sippulse.com.br/vault/cdr-integration-guide/, "How It Works" and "Troubleshooting"), NOT SipPulse code: HTTP on 127.0.0.1, GET /call/{call_hash}?cid&callid&ts&sig.
 *
 *   401 missing signature              no sig
 *   401 ts expired                     |now_hour - ts| > 1 (inclusive ±1 hour)
 *   401 invalid signature              HMAC over "{decoded callid}:{ts}" differs (constant-time compare)
 *   403 call_hash does not match token path hash != SHA-256(callid)[:16]
 *   404 Call not found                 valid token, unknown call
 *   200 {call}                         valid token, known call
 *
 * `decode: 'form'` treats `+` as a space (Starlette, Go, PHP, URLSearchParams); 'strict' does not.
 */
import http from 'node:http';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface VerifierOptions {
  secret: string;
  decode?: 'form' | 'strict';
  /** Unix seconds; default real time. */
  now?: () => number;
  /** Call-IDs the vault "has" (answered 200). */
  knownCallIds?: string[];
  /** Customers the vault serves; default: any. */
  customers?: string[];
}

export interface VerifiedRequest {
  path: string;
  status: number;
  detail: string;
  callId: string | null;
}

export interface SipvaultVerifier {
  url: string;
  port: number;
  requests: VerifiedRequest[];
  stop(): Promise<void>;
}

function decodeComponent(raw: string, form: boolean): string | null {
  try {
    return decodeURIComponent(form ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return null;
  }
}

/** Single-pass query parse, so a literal "%" in a Call-ID (sent as %25) is never decoded twice. */
export function parseQuery(query: string, form: boolean): Map<string, string> | null {
  const out = new Map<string, string>();
  if (!query) return out;
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decodeComponent(eq < 0 ? part : part.slice(0, eq), form);
    const v = decodeComponent(eq < 0 ? '' : part.slice(eq + 1), form);
    if (k === null || v === null) return null;
    if (!out.has(k)) out.set(k, v);
  }
  return out;
}

export function verifyLink(
  pathAndQuery: string,
  opts: Pick<VerifierOptions, 'secret' | 'decode' | 'knownCallIds' | 'customers'> & { nowSeconds: number },
): { status: number; detail: string; callId: string | null } {
  const q = pathAndQuery.indexOf('?');
  const pathname = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const m = /^\/call\/([0-9a-f]{16})$/.exec(pathname);
  if (!m) return { status: 404, detail: 'Not found', callId: null };
  const params = parseQuery(q < 0 ? '' : pathAndQuery.slice(q + 1), (opts.decode ?? 'form') === 'form');
  if (!params) return { status: 400, detail: 'bad query encoding', callId: null };
  const sig = params.get('sig');
  if (!sig) return { status: 401, detail: 'missing signature', callId: null };
  const callId = params.get('callid') ?? '';
  const tsRaw = params.get('ts') ?? '';
  if (!/^[0-9]{1,12}$/.test(tsRaw)) return { status: 401, detail: 'invalid signature', callId };
  const ts = Number(tsRaw);
  const nowHour = Math.floor(opts.nowSeconds / 3600);
  if (Math.abs(nowHour - ts) > 1) return { status: 401, detail: 'ts expired', callId };
  const expected = createHmac('sha256', opts.secret).update(`${callId}:${ts}`, 'utf8').digest('hex').slice(0, 32);
  const a = Buffer.from(expected);
  const b = Buffer.from(sig);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { status: 401, detail: 'invalid signature', callId };
  const hash = createHash('sha256').update(callId, 'utf8').digest('hex').slice(0, 16);
  if (hash !== m[1]) return { status: 403, detail: 'call_hash does not match token', callId };
  const cid = params.get('cid') ?? '';
  if (opts.customers && !opts.customers.includes(cid)) return { status: 404, detail: 'Call not found', callId };
  if (opts.knownCallIds?.includes(callId)) return { status: 200, detail: 'ok', callId };
  return { status: 404, detail: 'Call not found', callId };
}

export async function startSipvaultVerifier(opts: VerifierOptions): Promise<SipvaultVerifier> {
  const requests: VerifiedRequest[] = [];
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    if (req.method !== 'GET' || target.length > 16 * 1024) {
      res.writeHead(req.method !== 'GET' ? 405 : 414).end();
      return;
    }
    const r = verifyLink(target, { ...opts, nowSeconds: now() });
    requests.push({ path: target, ...r });
    const body = r.status === 200 ? { call: { call_id: r.callId } } : { detail: r.detail };
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Demo seed data: Call-IDs in the shapes real PBXs and SBCs produce (incl. the awkward ones). */
export function seedCallIds(n = 8): string[] {
  const base = [
    'a84b4c76e66710@pc33.atlanta.com',
    '3c26700d6b5a-ai4ilm7ej9ba@10.0.0.12',
    'Zm9v+YmFy+YQ==@sbc.example.net',
    'ab/cd//ef@192.0.2.10',
    'tag~1!*(x)\'@[2001:db8::1]',
    'call%20id%2Bx%40@host',
    'chamada-ação-呼叫@例え.jp',
    'abc def 123@host',
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(i < base.length ? (base[i] as string) : `${i.toString(16).padStart(8, '0')}-demo@pbx.example.org`);
  return out;
}
