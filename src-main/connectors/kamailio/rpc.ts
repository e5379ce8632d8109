/**
 * Kamailio's JSON-RPC over HTTPS (module jsonrpcs, HTTP transport through xhttp on the proxy's TLS
 * listener): one POST per command, `{"jsonrpc":"2.0","method":…,"params":[…],"id":n}` → `result` or
 * `error` (https://www.jsonrpc.org/specification; Kamailio's jsonrpcs module docs, "JSONRPC Over HTTP").
 *
 * jsonrpcs has no authentication of its own; the proxy's event_route[xhttp:request] checks HTTP Basic
 * and refuses anything else (docs/KAMAILIO.md). The certificate is checked by connectors/tls before a
 * byte is written: a pin, or the system CAs, or a first-contact question for the operator.
 *
 * Every reply is untrusted: size-capped, timed out, parsed as JSON, checked to be a JSON-RPC 2.0 reply
 * to this request, and its errors are put in an operator's words (wrong credentials, not a JSON-RPC
 * endpoint, module not loaded on the proxy).
 */
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { KeyedPool } from '../../core/connections';
import { CallboardError } from '../../core/errors';
import { cleanServerText, registerSecret } from '../../core/log';
import { connectionKey } from '../../secrets/generation';
import { requireSecret, type SecretStore } from '../../secrets/keychain';
import { HttpsPool, pinnedRequest, type PinnedRequest, type PinnedResponse } from '../tls/pinned-https';
import type { KamailioProfile } from './profile';

/** Small replies (version, uptime, statistics, end_dlg). */
export const SMALL_REPLY_BYTES = 1024 * 1024;
/** dlg.list / ul.dump of a busy proxy: ~700 bytes per dialog, so 32 MiB is ~45,000 dialogs. */
export const LARGE_REPLY_BYTES = 32 * 1024 * 1024;

/** Parameters of a Kamailio RPC command: positional, strings and numbers only (jsonrpcs "Limitations"). */
export type RpcParam = string | number;

export interface RpcCallOptions {
  signal?: AbortSignal;
  /** A command with an effect (dlg.end_dlg): a fresh connection, never retried. */
  mutates?: boolean;
  maxBytes?: number;
}

export interface KamailioRpcOptions {
  /** Extra trust anchor for the proxy's certificate (tests). Never disables verification. */
  ca?: string | Buffer;
}


const idSchema = z.union([z.number(), z.string().max(64), z.null()]);
const envelopeSchema = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id: idSchema, result: z.unknown() }).refine((o) => 'result' in o),
  z.object({
    jsonrpc: z.literal('2.0'),
    id: idSchema,
    error: z.object({ code: z.number().int(), message: z.string().max(100_000).optional() }).passthrough(),
  }),
]);

/** The Kamailio module that provides an RPC command family, for "module not loaded" messages. */
const MODULE_OF: Record<string, string> = { dlg: 'dialog', ul: 'usrloc', stats: 'kex', core: 'core', tm: 'tm', reg: 'registrar' };

export function moduleOf(method: string): string {
  return MODULE_OF[method.split('.')[0] ?? ''] ?? `providing ${method}`;
}

/** "Kamailio profile edge (proxy.example:5061)". */
export function describeProfile(p: KamailioProfile): string {
  let host = p.rpcUrl;
  try {
    host = new URL(p.rpcUrl).host;
  } catch {
    /* the schema only admits URLs */
  }
  return `Kamailio profile ${p.id} (${host})`;
}

type Send = (req: PinnedRequest, mutates: boolean) => Promise<PinnedResponse>;

/**
 * Turns one HTTP reply into the command's `result`, or a CallboardError in operator words. Pure: the
 * unit tests feed it hostile replies.
 */
export function interpretReply(p: KamailioProfile, what: string, method: string, id: number, res: { status: number; body: Buffer }, credentials: readonly string[] = []): unknown {
  const path = (() => {
    try {
      return new URL(p.rpcUrl).pathname;
    } catch {
      return p.rpcUrl;
    }
  })();
  // jsonrpcs answers a failed command with its RPC code as the HTTP status too (500 "Method Not
  // Found", 404 "Dialog not found"), so a JSON-RPC error body is read whatever the status.
  let json: unknown;
  let isJson = false;
  try {
    json = JSON.parse(res.body.toString('utf8'));
    isJson = true;
  } catch {
    /* decided below, by status */
  }
  const env = isJson ? envelopeSchema.safeParse(json) : null;
  if (env?.success && 'error' in env.data && (env.data.id === id || env.data.id === null)) {
    const { code, message } = env.data.error;
    const text = cleanServerText(message, credentials) ?? 'no reason given';
    // JSON-RPC says -32601; Kamailio 5.6's jsonrpcs answers code 500 "Method Not Found".
    if (code === -32601 || /method not found/i.test(text)) {
      const mod = moduleOf(method);
      throw new CallboardError('unsupported', `The ${mod} module is not loaded on the proxy: ${what} does not know ${method}.`, { status: code });
    }
    if (code === 404) throw new CallboardError('not_found', `${what}: ${text} (${method}).`, { status: code });
    throw new CallboardError('protocol', `${what} refused ${method}: ${text} (code ${code}).`, { status: code });
  }
  if (res.status === 401) {
    throw new CallboardError(
      'auth',
      p.auth === 'basic'
        ? `${what} refused the user "${p.user ?? ''}" and its password (HTTP 401): check both in Settings and in the proxy's xhttp route.`
        : `${what} asks for credentials (HTTP 401): set Authentication to "basic" with the user its xhttp route expects.`,
      { status: 401 },
    );
  }
  if (res.status === 403) {
    throw new CallboardError('auth', `${what} refused this workstation (HTTP 403): its xhttp route does not admit this address, port or user.`, { status: 403 });
  }
  if (res.status === 404) {
    throw new CallboardError('protocol', `${what} is not a Kamailio JSON-RPC endpoint: HTTP 404 for ${path} (use the path the proxy hands to jsonrpc_dispatch(), usually /RPC).`, { status: 404 });
  }
  if (res.status !== 200) {
    throw new CallboardError('protocol', `${what} answered HTTP ${res.status} instead of a JSON-RPC reply.`, { status: res.status });
  }
  if (!isJson) {
    throw new CallboardError('protocol', `${what} is not a Kamailio JSON-RPC endpoint: its reply to ${method} is not JSON (${res.body.length} bytes). Check the URL's path.`);
  }
  if (!env?.success) throw new CallboardError('protocol', `${what} is not a Kamailio JSON-RPC endpoint: its reply to ${method} is not a JSON-RPC 2.0 reply.`);
  if (env.data.id !== id || !('result' in env.data)) throw new CallboardError('protocol', `${what} answered a different request (id ${String(env.data.id).slice(0, 20)}, expected ${id}).`);
  return env.data.result;
}

export class KamailioRpc {
  readonly what: string;
  private nextId = 1;
  private auth: Promise<{ header: string | null; credentials: string[] }> | null = null;

  constructor(
    readonly profile: KamailioProfile,
    private readonly secrets: SecretStore,
    private readonly send: Send,
    /** Connection counters of a pooled client (tests, benchmarks); absent for a fresh-connection client. */
    readonly connectionStats?: Readonly<HttpsPool['stats']>,
  ) {
    this.what = describeProfile(profile);
  }

  /** The Authorization header, from the keychain once per client (a changed secret makes a new client). */
  private authorization(): Promise<{ header: string | null; credentials: string[] }> {
    if (!this.auth) {
      const p = this.profile;
      this.auth = (async () => {
        if (p.auth === 'none') return { header: null, credentials: [] };
        if (!p.user) throw new CallboardError('config', `Profile "${p.id}" uses HTTP Basic but has no user: set it in Settings.`);
        const password = await requireSecret(this.secrets, p.id, 'rpcPassword', 'JSON-RPC password');
        const token = Buffer.from(`${p.user}:${password}`, 'utf8').toString('base64');
        registerSecret(token);
        return { header: `Basic ${token}`, credentials: [token, password] };
      })();
      this.auth.catch(() => {
        this.auth = null;
      });
    }
    return this.auth;
  }

  async call(method: string, params: readonly RpcParam[] = [], o: RpcCallOptions = {}): Promise<unknown> {
    if (!/^[A-Za-z0-9_]{1,32}\.[A-Za-z0-9_.]{1,64}$/.test(method)) throw new CallboardError('usage', `"${method.slice(0, 40)}" is not a Kamailio RPC command name.`);
    const id = this.nextId++;
    const { header, credentials } = await this.authorization();
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (header) headers['Authorization'] = header;
    const res = await this.send(
      {
        url: this.profile.rpcUrl,
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', method, params, id }),
        ...(this.profile.tlsCertSha256 ? { pinSha256: this.profile.tlsCertSha256 } : {}),
        unpinned: 'ca-or-trust',
        timeoutMs: this.profile.timeoutMs,
        maxBytes: o.maxBytes ?? SMALL_REPLY_BYTES,
        ...(o.signal ? { signal: o.signal } : {}),
        what: this.what,
      },
      o.mutates === true,
    );
    return interpretReply(this.profile, this.what, method, id, res, credentials);
  }
}

function withCa(req: PinnedRequest, ca: string | Buffer | undefined): PinnedRequest {
  return ca ? { ...req, ca } : req;
}

/** The context's client for a profile: kept-alive HTTPS connections, replaced when the profile or its secret changes. */
export function kamailioRpcFor(ctx: Pick<AppContext, 'secrets' | 'connections'>, profile: KamailioProfile, opts: KamailioRpcOptions = {}): KamailioRpc {
  const pool = ctx.connections.pool('kamailio.clients', () => new KeyedPool<{ rpc: KamailioRpc; https: HttpsPool }>((v) => v.https.close()));
  const key = `${connectionKey(ctx.secrets, profile)}#${opts.ca ? String(opts.ca).length : 0}`;
  return pool.get(profile.id, key, () => {
    const https = new HttpsPool({ maxSockets: 2 });
    // Reads are safe to send again on a connection the proxy closed while idle; dlg.end_dlg is not.
    const rpc = new KamailioRpc(profile, ctx.secrets, (req, mutates) => https.request({ ...withCa(req, opts.ca), idempotent: !mutates }), https.stats);
    return { rpc, https };
  }).rpc;
}

/** A client whose every request opens (and closes) its own connection: "Test connection" checks the proxy afresh. */
export function freshKamailioRpc(deps: Pick<AppContext, 'secrets'>, profile: KamailioProfile, opts: KamailioRpcOptions = {}): KamailioRpc {
  return new KamailioRpc(profile, deps.secrets, (req) => pinnedRequest(withCa(req, opts.ca)));
}
