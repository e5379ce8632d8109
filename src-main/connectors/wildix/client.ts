/**
 * Wildix WMS API client: signs every request (S2S JWT) or uses Basic auth, sends it over the
 * verifying HTTPS transport, and turns the `{"type":"result"|"warning"|"error"}` envelope and HTTP
 * status codes into results or CallboardErrors that say what to check.
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import { cleanServerText, logger } from '../../core/log';
import { requireSecret, type SecretStore } from '../../secrets/keychain';
import type { WildixProfile } from './profile';
import type { AppContext } from '../../core/context';
import { KeyedPool } from '../../core/connections';
import { httpBuildQuery, phpJsonEncode, type PhpMap, type PhpValue } from './php-compat';
import { signRequest, signedHostName, type HttpMethod } from './s2s-token';
import { createHttpsExchange, type HttpExchange, type HttpResponse } from './https-transport';

const log = logger('wildix');

/** A call-history page of 1000 records is ~400 KB; anything near this cap is not a sane reply. */
export const DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024;
/** Tokens are back-dated a little so a PBX clock slightly behind ours still accepts them (docs/WILDIX.md, How requests are signed). */
const IAT_BACKDATE_SEC = 2;
/** Below this, the Date header's one-second resolution makes a measured offset meaningless. */
const MIN_CLOCK_CORRECTION_MS = 2000;

export interface WildixClientOptions {
  /** Extra trust anchor for the PBX certificate (tests: the simulator's self-signed cert). */
  ca?: string | Buffer;
  maxReplyBytes?: number;
  /** Replaces the HTTPS transport (benchmarks, tests). */
  exchange?: HttpExchange;
}

export interface CallOptions {
  params?: PhpMap;
  body?: PhpMap;
  /** Body encoding: form (what the PHP client and the KB use) or JSON. */
  bodyType?: 'form' | 'json';
  signal?: AbortSignal;
}

export interface WildixReply<T> {
  type: 'result' | 'warning';
  result: T;
  /** The PBX's explanation on a warning. */
  reason: string | null;
  status: number;
}

const envelopeSchema = z.object({
  type: z.enum(['result', 'warning', 'error']),
  result: z.unknown().optional(),
  reason: z.unknown().optional(),
});

/** Measured PBX clock offsets per profile and URL: tokens are dated on the PBX's clock, not ours. */
class ClockOffsets extends Map<string, number> {
  close(): void {
    this.clear();
  }
}

/** What the client needs of the context; without `connections` (unit tests) nothing is shared between clients. */
export type WildixDeps = Pick<AppContext, 'secrets' | 'now'> & Partial<Pick<AppContext, 'connections'>>;

interface Transport {
  exchange: HttpExchange;
  close(): void;
}

function transportKey(p: WildixProfile, opts: WildixClientOptions): string {
  return JSON.stringify([p.baseUrl, p.tlsCertSha256 ?? '', p.timeoutMs, opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES, opts.ca ? String(opts.ca) : '']);
}

/** Path segments must be sent exactly as signed (docs/WILDIX.md: differences from the PHP client): no characters that need percent-encoding. */
const SAFE_PATH = /^\/[A-Za-z0-9\-._~/]*$/;

export function pathSegment(value: string, what: string): string {
  if (!/^[A-Za-z0-9\-._~]{1,100}$/.test(value)) {
    throw new CallboardError('usage', `The ${what} "${value.slice(0, 40)}" contains characters Callboard cannot send to Wildix safely.`);
  }
  return value;
}

/** Removes null/undefined values and empty arrays/maps: the PHP client signs them but never sends them (docs/WILDIX.md: differences from the PHP client). */
export function pruneParams(map: PhpMap): PhpMap {
  const out: PhpMap = {};
  for (const [k, v] of Object.entries(map)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      const inner = pruneParams(Array.isArray(v) ? Object.fromEntries(v.map((x, i) => [String(i), x])) : v);
      if (Object.keys(inner).length > 0) out[k] = Array.isArray(v) ? (Object.values(inner) as PhpValue[]) : inner;
      continue;
    }
    out[k] = v;
  }
  return out;
}

export class WildixClient {
  readonly what: string;
  private readonly clockKey: string;
  private readonly exchange: HttpExchange;
  private readonly closeTransport: () => void;
  private readonly clockOffsets: Map<string, number>;

  private constructor(
    readonly profile: WildixProfile,
    private readonly auth: { kind: 's2s'; appId: string; appName: string; secret: string } | { kind: 'basic'; header: string },
    private readonly now: () => number,
    opts: WildixClientOptions,
    deps: WildixDeps,
  ) {
    const host = signedHostName(profile.baseUrl);
    this.what = `Wildix profile ${profile.id} (${host})`;
    this.clockKey = `${profile.id} ${profile.baseUrl}`;
    this.clockOffsets = deps.connections ? deps.connections.pool('wildix.clocks', () => new ClockOffsets()) : new ClockOffsets();
    const make = (): Transport =>
      createHttpsExchange({
        baseUrl: profile.baseUrl,
        what: this.what,
        timeoutMs: profile.timeoutMs,
        maxBytes: opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
        ...(profile.tlsCertSha256 ? { pinSha256: profile.tlsCertSha256 } : {}),
        ...(opts.ca ? { ca: opts.ca } : {}),
      });
    if (opts.exchange) {
      this.exchange = opts.exchange;
      this.closeTransport = () => {};
    } else if (deps.connections) {
      // The context's kept-alive connections to this PBX, shared by every client of the profile.
      const pool = deps.connections.pool('wildix.https', () => new KeyedPool<Transport>((t) => t.close()));
      this.exchange = pool.get(profile.id, transportKey(profile, opts), make).exchange;
      this.closeTransport = () => {};
    } else {
      const t = make();
      this.exchange = t.exchange;
      this.closeTransport = t.close;
    }
  }

  /** Reads the credentials the profile's auth mode needs from the keychain and builds a client. */
  static async open(ctx: WildixDeps, profile: WildixProfile, opts: WildixClientOptions = {}): Promise<WildixClient> {
    return new WildixClient(profile, await readAuth(ctx.secrets, profile), ctx.now, opts, ctx);
  }

  /** Closes a client's own connections; pooled ones stay with the context (closed at shutdown). */
  close(): void {
    this.closeTransport();
  }

  get authLabel(): string {
    return this.auth.kind === 's2s' ? `app ${this.auth.appName}` : `user ${this.profile.basicUser ?? ''}`;
  }

  async call<T>(method: HttpMethod, path: string, schema: z.ZodType<T>, opts: CallOptions = {}): Promise<WildixReply<T>> {
    if (!SAFE_PATH.test(path)) throw new CallboardError('internal', 'Callboard built an invalid Wildix path.');
    let res = await this.send(method, path, opts);
    // A rejected token with a PBX clock far from ours: date the token on the PBX clock and retry once.
    // A 401 means nothing was executed, so this is safe even for Originate.
    if (res.status === 401 && this.auth.kind === 's2s' && this.learnClock(res)) res = await this.send(method, path, opts);
    else this.learnClock(res);
    return this.parse(res, schema, method, path);
  }

  private async send(method: HttpMethod, path: string, opts: CallOptions): Promise<HttpResponse> {
    const params = pruneParams(opts.params ?? {});
    const body = method === 'GET' || method === 'DELETE' ? null : pruneParams(opts.body ?? {});
    const bodyType = opts.bodyType ?? 'form';
    const contentType = bodyType === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    const custom: [string, string][] = body ? [['Content-Type', contentType]] : [];
    let target: string;
    let headers: [string, string][];
    if (this.auth.kind === 's2s') {
      const offset = this.clockOffsets.get(this.clockKey) ?? 0;
      const iat = Math.floor((this.now() + offset) / 1000) - IAT_BACKDATE_SEC;
      const signed = await signRequest(
        { baseUrl: this.profile.baseUrl, appId: this.auth.appId, appName: this.auth.appName, secret: this.auth.secret },
        { method, endpoint: path, params, ...(body ? { body } : {}), headers: custom, iat },
      );
      target = signed.target;
      headers = signed.headers;
    } else {
      const query = httpBuildQuery(params);
      target = query ? `${path}?${query}` : path;
      headers = [...custom, ['Host', signedHostName(this.profile.baseUrl)], ['Authorization', this.auth.header]];
    }
    headers.push(['Accept', 'application/json']);
    const payload = body ? (bodyType === 'json' ? phpJsonEncode(body) : httpBuildQuery(body)) : undefined;
    return this.exchange({ method, target, headers, ...(payload !== undefined ? { body: payload } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  }

  /** Records the PBX clock offset from the Date header. True when it changed enough to matter. */
  private learnClock(res: HttpResponse): boolean {
    const date = res.headers['date'];
    const t = typeof date === 'string' ? Date.parse(date) : NaN;
    if (!Number.isFinite(t)) return false;
    const measured = t - this.now();
    const known = this.clockOffsets.get(this.clockKey) ?? 0;
    if (Math.abs(measured - known) < MIN_CLOCK_CORRECTION_MS) return false;
    this.clockOffsets.set(this.clockKey, Math.abs(measured) < MIN_CLOCK_CORRECTION_MS ? 0 : measured);
    log.info(`${this.what}: PBX clock differs from this workstation by ${Math.round(measured / 1000)} s; dating tokens on the PBX clock`);
    return true;
  }

  private parse<T>(res: HttpResponse, schema: z.ZodType<T>, method: string, path: string): WildixReply<T> {
    const text = res.body.toString('utf8');
    let json: unknown = undefined;
    if (text.trim()) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const env = envelopeSchema.safeParse(json);
    const reason = env.success ? cleanServerText(env.data.reason, this.auth.kind === 'basic' ? [this.auth.header.slice('Basic '.length)] : []) : null;
    const op = `${method} ${path}`;

    if (res.status === 401) {
      throw new CallboardError(
        'auth',
        this.auth.kind === 's2s'
          ? `Wildix rejected the token of ${this.what}: check the app ID/secret and this workstation's clock${reason ? ` (PBX said: ${reason})` : ''}.`
          : `Wildix rejected the password of user ${this.profile.basicUser ?? ''} on ${this.what}${reason ? ` (PBX said: ${reason})` : ''}.`,
        { status: 401 },
      );
    }
    if (res.status === 403) {
      throw new CallboardError('auth', `Wildix refused ${op} for ${this.authLabel} on ${this.what}: the app's user lacks the permission (ACL)${reason ? ` (${reason})` : ''}.`, { status: 403 });
    }
    if (res.status === 404) {
      throw new CallboardError('not_found', `${this.what} has no ${path}${reason ? ` (${reason})` : ''}: check the URL and the PBX version.`, { status: 404 });
    }
    if (res.status >= 500) {
      throw new CallboardError('connection', `${this.what} failed with HTTP ${res.status}${reason ? `: ${reason}` : ' and no details'}; try again or check the PBX.`, { status: res.status });
    }
    if (!env.success) {
      throw new CallboardError('protocol', `${this.what} answered ${op} with something that is not a Wildix API reply (HTTP ${res.status}).`, { status: res.status });
    }
    if (env.data.type === 'error' || res.status >= 400) {
      throw new CallboardError('protocol', `Wildix refused ${op} on ${this.what}: ${reason ?? `HTTP ${res.status}`}.`, { status: res.status });
    }
    const parsed = schema.safeParse(env.data.result);
    if (!parsed.success) {
      log.warn(`${this.what}: unexpected ${op} result shape: ${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      throw new CallboardError('protocol', `${this.what} answered ${op} with data Callboard does not understand.`, { status: res.status });
    }
    return { type: env.data.type, result: parsed.data, reason, status: res.status };
  }
}

async function readAuth(secrets: SecretStore, p: WildixProfile) {
  if (p.auth === 'basic') {
    if (!p.basicUser) throw new CallboardError('config', `Wildix profile "${p.id}" uses Basic auth but has no user name: set basicUser.`);
    const password = await requireSecret(secrets, p.id, 'basicPassword', 'Wildix password');
    return { kind: 'basic' as const, header: 'Basic ' + Buffer.from(`${p.basicUser}:${password}`, 'utf8').toString('base64') };
  }
  if (!p.appId || !p.appName) {
    throw new CallboardError('config', `Wildix profile "${p.id}" has no S2S app ID or app name: copy both from WMS → PBX → Integrations → Server to Server applications.`);
  }
  const secret = await requireSecret(secrets, p.id, 'appSecret', 'Wildix S2S app secret');
  return { kind: 's2s' as const, appId: p.appId, appName: p.appName, secret };
}

/** Standard list result: `{"total":"2289","records":[{…}]}` with string-valued fields. */
export const listResultSchema = z.object({
  total: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).transform(Number).optional(),
  // Rows are only checked to be objects here: each field is type-checked where it is read, which
  // costs a fraction of a per-field zod record check on 50,000 rows.
  records: z.array(z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'a record object')).max(100_000),
});
export type ListResult = z.infer<typeof listResultSchema>;

/** Runs `fn` with an open client and always closes its connections. */
export async function withWildixClient<T>(
  ctx: WildixDeps,
  profile: WildixProfile,
  opts: WildixClientOptions,
  fn: (c: WildixClient) => Promise<T>,
): Promise<T> {
  const c = await WildixClient.open(ctx, profile, opts);
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}
