/**
 * Wildix S2S request signing, as the official PHP client does it (https://github.com/Wildix/s2s-client-php
 * 2.0.0, src/RequestFactory.php; docs/WILDIX.md): one HS256 JWT per request whose `sign.hash` is the
 * sha256 of a canonical string of method, path, signed headers, query parameters and body.
 *
 * Split of work: `jose` does the JWS part (protected header, HMAC-SHA256, base64url). The payload
 * bytes are hand-built with PHP's json_encode rules (php-compat.ts), because jose would serialise
 * claims with JSON.stringify, which differs from PHP for non-ASCII text; those bytes are what the
 * public test vector pins down.
 */
import { createHash, webcrypto } from 'node:crypto';
import { CompactSign } from 'jose';
import { canonicalData, httpBuildQuery, parseStr, phpJsonEncode, phpTrim, type PhpMap, type PhpValue } from './php-compat';

export const TOKEN_LIFETIME_SEC = 300;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
const NO_BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'DELETE']);
/** Headers the signer adds itself; a caller passing them would produce a doubled header (docs/WILDIX.md: differences from the PHP client). */
const RESERVED_HEADERS = new Set(['host', 'x-app-id', 'authorization']);

export interface S2sApp {
  /** Absolute URL of the PBX, e.g. https://acme.wildixin.com; only its host name is signed and sent. */
  baseUrl: string;
  appId: string;
  appName: string;
  secret: string;
}

export interface SignInput {
  method: HttpMethod;
  /** Path, optionally with a query string (parsed with PHP parse_str rules, as the PHP client does). */
  endpoint: string;
  params?: PhpMap;
  body?: PhpMap;
  /** Extra headers to sign and send, in order (e.g. content-type). */
  headers?: ReadonlyArray<readonly [string, string]>;
  /** Unix seconds for `iat`. */
  iat: number;
}

export interface SignedRequest {
  /** Path plus `?query` as it goes on the request line. */
  target: string;
  /** Headers in the reference client's order: custom, Host, X-APP-ID, Authorization. */
  headers: [string, string][];
  /** Body to send (null for GET/DELETE, which never carry one). */
  body: PhpMap | null;
  canonical: string;
  hash: string;
  token: string;
}

/** `parse_url($host, PHP_URL_HOST)` of the configured host: host name only, no port. */
export function signedHostName(baseUrl: string): string {
  try {
    return new URL(phpTrim(baseUrl)).hostname;
  } catch {
    return '';
  }
}

/** Cached HMAC keys: importing the secret on every request costs more than the signature itself. */
type HmacKey = webcrypto.CryptoKey;
const keyCache = new Map<string, Promise<HmacKey>>();
function hmacKey(secret: string): Promise<HmacKey> {
  let k = keyCache.get(secret);
  if (!k) {
    if (keyCache.size > 32) keyCache.clear();
    k = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(secret, k);
  }
  return k;
}

/**
 * Reproduces `RequestFactory::createRequest` (s2s-client-php src/RequestFactory.php): merge the endpoint's query with params, drop the
 * body for GET/DELETE, sign custom headers + Host + X-APP-ID, then add Authorization.
 */
export async function signRequest(app: S2sApp, input: SignInput): Promise<SignedRequest> {
  const endpoint = phpTrim(input.endpoint);
  const q = endpoint.indexOf('?');
  const rawPath = '/' + (q < 0 ? endpoint : endpoint.slice(0, q)).replace(/^\/+/, '');
  const path = rawPath.split('#')[0] as string;
  const endpointQuery = q < 0 ? {} : parseStr(endpoint.slice(q + 1).split('#')[0] as string);
  // array_merge: explicit params override, and come after the endpoint's own keys.
  const params: PhpMap = { ...endpointQuery, ...(input.params ?? {}) };
  const body = NO_BODY_METHODS.has(input.method) ? null : (input.body ?? null);

  const headers: [string, string][] = [];
  for (const [name, value] of input.headers ?? []) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new Error(`header ${name} is set by the signer`);
    headers.push([name, value]);
  }
  const host = signedHostName(app.baseUrl);
  const appId = phpTrim(app.appId);
  headers.push(['Host', host], ['X-APP-ID', appId]);

  const headerMap: PhpMap = {};
  for (const [n, v] of headers) headerMap[n] = v;
  const canonical =
    input.method +
    path +
    canonicalData(headerMap) +
    canonicalData(params) +
    (body && Object.keys(body).length > 0 ? canonicalData(body) : '');
  const hash = createHash('sha256').update(canonical, 'utf8').digest('hex');

  const payload: PhpValue = {
    iss: phpTrim(app.appName),
    iat: input.iat,
    exp: input.iat + TOKEN_LIFETIME_SEC,
    sign: { alg: 'sha256', headers: headers.map(([n]) => n), hash },
  };
  // Header object key order matters: jose serialises it as given, matching {"typ":"JWT","alg":"HS256"}.
  const token = await new CompactSign(new TextEncoder().encode(phpJsonEncode(payload)))
    .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
    .sign(await hmacKey(phpTrim(app.secret)));

  const query = httpBuildQuery(params);
  return {
    target: query ? `${path}?${query}` : path,
    headers: [...headers, ['Authorization', `Bearer ${token}`]],
    body,
    canonical,
    hash,
    token,
  };
}
