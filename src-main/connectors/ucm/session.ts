/**
 * One authenticated session per UCM profile (docs/UCM.md §2): challenge → token = md5(challenge +
 * password) → login → cookie, sent inside the JSON body of every request.
 *
 * Requests of one session run one at a time (the UCM handles concurrent use of a session poorly), so a
 * login is naturally single-flight: concurrent callers queue behind it. The session is renewed before
 * the 10-minute idle expiry, and on -5/-6/-8 it logs in again once and retries once. After -37/-68 (and
 * the other fatal login codes) it never retries on its own: each attempt counts toward the IP lock-out,
 * so the failure is latched until the password changes (or the lock-out period has passed).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import { logger } from '../../core/log';
import { requireSecret, type SecretStore } from '../../secrets/keychain';
import type { AppContext } from '../../core/context';
import { KeyedPool } from '../../core/connections';
import { secretsVersion } from '../../secrets/generation';
import type { UcmProfile } from './profile';
import { HttpsPool, pinnedJson } from '../tls/pinned-https';
import { NO_RETRY_LOGIN_STATUSES, RELOGIN_STATUSES, ucmStatusError } from './status';

const log = logger('ucm');

/** Renew when the last successful request is older than this (the UCM expires cookies after 600 s idle). */
export const RENEW_AFTER_MS = 540_000;
/** Default IP ban on the UCM after failed logins (Login Security: 5 attempts, 5 minutes). */
export const LOCKOUT_MS = 300_000;
const MAX_REPLY_BYTES = 8 * 1024 * 1024;
/** A page of 1000 grouped CDRs is a few MB; anything far above that is not a CDR page. */
const MAX_CDR_REPLY_BYTES = 48 * 1024 * 1024;

export function md5Token(challenge: string, password: string): string {
  return createHash('md5').update(challenge + password, 'utf8').digest('hex');
}

/** `status` arrives as a number, sometimes as a numeric string (docs/UCM.md §1, §3). */
const statusSchema = z.union([z.number().int(), z.string().regex(/^-?\d{1,6}$/).transform(Number)]);
const envelopeSchema = z.object({ status: statusSchema, response: z.unknown().optional() });
const challengeSchema = z.object({ challenge: z.string().regex(/^[0-9]{1,32}$/) });
const loginSchema = z.object({ cookie: z.string().regex(/^[\x21-\x7e]{1,256}$/) });

export interface CallOptions {
  signal?: AbortSignal;
  /** Bigger size cap (cdrapi pages). */
  large?: boolean;
}

export type UcmParams = Record<string, string | number>;

export function ucmWho(profile: UcmProfile): string {
  let host = profile.baseUrl;
  try {
    host = new URL(profile.baseUrl).host;
  } catch {
    // schema guarantees a URL; keep the raw text otherwise
  }
  return `UCM "${profile.name}" (${host})`;
}

interface LatchedFailure {
  passwordHash: string;
  error: CallboardError;
  until: number;
}

/** Actions that change something on the PBX: sent on a fresh connection, never retried (HttpsPool). */
const SIDE_EFFECT_ACTIONS = new Set(['Hangup', 'dialExtension', 'dialOutbound']);

export class UcmSession {
  private cookie: string | null = null;
  /** Kept-alive HTTPS connections to this UCM (TLS resumption, pin checked on each new connection). */
  readonly https = new HttpsPool({ maxSockets: 2 });
  private lastOkAt = 0;
  private tail: Promise<void> = Promise.resolve();
  private latched: LatchedFailure | null = null;
  private closed = false;
  readonly who: string;
  /** Counters for tests and diagnostics. */
  readonly stats = { logins: 0, requests: 0 };

  constructor(
    readonly profile: UcmProfile,
    private readonly secrets: SecretStore,
    private readonly now: () => number = Date.now,
  ) {
    this.who = ucmWho(profile);
  }

  /**
   * Runs an action and returns the successful body: the `response` object of the envelope, or the
   * whole body for `cdrapi` (which answers `{"cdr_root": [...]}` without an envelope).
   */
  call(action: string, params: UcmParams = {}, opts: CallOptions = {}): Promise<unknown> {
    return this.exclusive(opts.signal, async () => {
      if (this.closed) throw new CallboardError('cancelled', `The session with ${this.who} was closed.`);
      await this.ensureLogin(opts.signal);
      let outcome = await this.send(action, params, opts);
      if (!outcome.ok && RELOGIN_STATUSES.has(outcome.status)) {
        log.info(`${this.who}: status ${outcome.status} on ${action}; logging in again once`);
        this.cookie = null;
        await this.login(opts.signal);
        outcome = await this.send(action, params, opts);
      }
      if (!outcome.ok) throw ucmStatusError(outcome.status, this.who, action, this.profile.user);
      this.lastOkAt = this.now();
      return outcome.body;
    });
  }

  /** Best effort: tells the UCM to drop the cookie. */
  async logout(): Promise<void> {
    await this.exclusive(undefined, async () => {
      this.closed = true;
      const cookie = this.cookie;
      this.cookie = null;
      if (!cookie) {
        this.https.close();
        return;
      }
      try {
        await this.post({ action: 'logout', cookie }, { signal: AbortSignal.timeout(3000) });
      } catch (e) {
        log.info(`${this.who}: logout failed:`, e);
      } finally {
        this.https.close();
      }
    });
  }

  /**
   * Forgets a latched login failure. Only for a deliberate operator action (Test connection), never
   * for automatic retries: each attempt counts toward the UCM's IP lock-out.
   */
  clearLatchedFailure(): void {
    this.latched = null;
  }

  get loggedIn(): boolean {
    return this.cookie !== null;
  }

  /** Serialises work on this session; a caller that is cancelled while queued leaves the queue. */
  private async exclusive<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    try {
      if (signal) {
        if (signal.aborted) throw cancelled(this.who);
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(cancelled(this.who));
          signal.addEventListener('abort', onAbort, { once: true });
          void prev.then(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          });
        });
      } else {
        await prev;
      }
      return await fn();
    } finally {
      // Release only after our predecessor finished, so a cancelled waiter cannot let others jump ahead.
      void prev.then(release);
    }
  }

  private async ensureLogin(signal?: AbortSignal): Promise<void> {
    if (this.cookie && this.now() - this.lastOkAt < RENEW_AFTER_MS) return;
    // Past the renewal point the UCM may already have expired the cookie: start a fresh session.
    this.cookie = null;
    await this.login(signal);
  }

  private async login(signal?: AbortSignal): Promise<void> {
    const password = await requireSecret(this.secrets, this.profile.id, 'password', 'UCM API password');
    const passwordHash = createHash('sha256').update(password).digest('hex');
    const latch = this.latched;
    if (latch && latch.passwordHash === passwordHash && this.now() < latch.until) throw latch.error;
    this.latched = null;
    const user = this.profile.user;
    this.stats.logins++;
    const ch = await this.send('challenge', { user, version: '1.0' }, { signal }, false);
    if (!ch.ok) throw this.loginFailure(ch.status, 'challenge', passwordHash);
    const challenge = parseWith(challengeSchema, ch.body, this.who, 'challenge').challenge;
    const lg = await this.send('login', { user, token: md5Token(challenge, password) }, { signal }, false);
    if (!lg.ok) throw this.loginFailure(lg.status, 'login', passwordHash);
    this.cookie = parseWith(loginSchema, lg.body, this.who, 'login').cookie;
    this.lastOkAt = this.now();
  }

  private loginFailure(status: number, action: string, passwordHash: string): CallboardError {
    const err = ucmStatusError(status, this.who, action, this.profile.user);
    if (NO_RETRY_LOGIN_STATUSES.has(status)) {
      // -68 clears by itself after the ban; the others only when the operator changes something.
      const until = status === -68 ? this.now() + LOCKOUT_MS : Number.POSITIVE_INFINITY;
      this.latched = { passwordHash, error: err, until };
    }
    return err;
  }

  private async send(
    action: string,
    params: UcmParams,
    opts: CallOptions,
    withCookie = true,
  ): Promise<{ ok: true; body: unknown } | { ok: false; status: number }> {
    const request: Record<string, string> = { action };
    if (withCookie && this.cookie) request.cookie = this.cookie;
    // Values go as strings: the UCM's own UI does so and some firmware is strict about it.
    for (const [k, v] of Object.entries(params)) request[k] = String(v);
    const body = await this.post(request, opts);
    if (action === 'cdrapi' && isObject(body) && 'cdr_root' in body) return { ok: true, body };
    const env = envelopeSchema.safeParse(body);
    if (!env.success) throw new CallboardError('protocol', `${this.who} answered "${action}" with JSON that is not an API reply; check that the address points at the UCM's web port.`);
    if (env.data.status !== 0) return { ok: false, status: env.data.status };
    return { ok: true, body: env.data.response ?? {} };
  }

  private post(request: Record<string, string>, opts: CallOptions): Promise<unknown> {
    this.stats.requests++;
    return pinnedJson({
      pool: this.https,
      idempotent: !SIDE_EFFECT_ACTIONS.has(request.action ?? ''),
      url: `${this.profile.baseUrl}/api`,
      json: { request },
      pinSha256: this.profile.tlsCertSha256,
      unpinned: 'trust-required',
      legacyTls: this.profile.legacyTls,
      timeoutMs: this.profile.timeoutMs,
      maxBytes: opts.large ? MAX_CDR_REPLY_BYTES : MAX_REPLY_BYTES,
      signal: opts.signal,
      what: this.who,
    });
  }
}

function cancelled(who: string): CallboardError {
  return new CallboardError('cancelled', `The request to ${who} was cancelled.`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates an action's `response` with a zod schema; a mismatch is a clear protocol error. */
export function parseWith<T extends z.ZodType>(schema: T, body: unknown, who: string, action: string): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? first.path.join('.') || 'reply' : 'reply';
    throw new CallboardError('protocol', `${who} sent an unexpected "${action}" reply (${where}: ${first?.message ?? 'invalid'}); the firmware may not be supported.`);
  }
  return r.data;
}

// ---- per-context pool ------------------------------------------------------------------------

function settingsKey(p: UcmProfile): string {
  return JSON.stringify([p.baseUrl, p.user, p.tlsCertSha256 ?? '', p.legacyTls, p.timeoutMs, p.name]);
}

export type UcmDeps = Pick<AppContext, 'secrets' | 'now' | 'connections'>;

/** The context's UCM sessions, one per profile; closing the context logs out of every UCM. */
function sessions(deps: UcmDeps): KeyedPool<UcmSession> {
  return deps.connections.pool('ucm.sessions', () => new KeyedPool<UcmSession>((s) => s.logout()));
}

/** The shared session of a profile; a changed profile (address, user, pin…) gets a fresh session. */
export function getUcmSession(deps: UcmDeps, profile: UcmProfile): UcmSession {
  // Keyed on the secrets generation too: a changed password gets a fresh login, never the old cookie.
  return sessions(deps).get(profile.id, `${settingsKey(profile)}#s${secretsVersion(deps.secrets, profile.id)}`, () => new UcmSession(profile, deps.secrets, () => deps.now()));
}
