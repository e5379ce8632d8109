/**
 * Click-to-call, decided and executed in main (credentials and the callee decision never live in the
 * renderer; docs/ARCHITECTURE.md, "Flows").
 *
 *   prepare({profileId, destination})  policy + rate limit → a short-lived single-use token bound here
 *                                      to (operator, profile, normalised number); refusals are audited.
 *   confirm(token)                     the only thing the renderer sends back: re-checks, de-duplicates,
 *                                      appends an fsync'd "attempt" record, calls the PBX with the
 *                                      operator's own extension from the profile, appends the "result".
 *
 * Rate limit and de-duplication are keyed by the OS user and profile in main, never by renderer input.
 */
import { randomBytes } from 'node:crypto';
import { CallboardError } from '../core/errors';
import { logger } from '../core/log';
import { evaluateDialPolicy, type DialClass, type DialDecision } from '../policy/dial-policy';
import type { Profile, ProfileKind } from '../profiles/schema';
import type { AppContext } from '../core/context';
import type { DialReply, DialRequest } from '../core/backend';
import { backendOf, capabilityOf, labelsWith } from '../backends/registry';

const log = logger('originate');

/** A profile that carries a dial policy (its backend may offer `originate`). */
export type DialableProfile = Extract<Profile, { dialPolicy: unknown }>;

export type { DialReply, DialRequest } from '../core/backend';

export type Dialer = (ctx: AppContext, profile: DialableProfile, req: DialRequest) => Promise<DialReply>;

export type DialerTable = Partial<Record<ProfileKind, Dialer>>;

export interface PrepareRequest {
  profileId: string;
  destination: string;
}

export interface PrepareResult {
  token: string;
  profileId: string;
  normalized: string;
  cls: DialClass;
  /** ISO 3166-1 alpha-2 region of the number (libphonenumber-js), null for internal extensions. */
  country: string | null;
  operatorExtension: string;
  needsConfirm: boolean;
  expiresAt: string;
}

export interface OriginateResult {
  attemptId: string;
  ok: boolean;
  code: string | number | null;
  message: string;
  normalized: string;
  cls: DialClass;
  /** True when this request was folded into an earlier identical one (double click). */
  deduplicated: boolean;
}

export interface OriginateServiceOptions {
  /**
   * Who places the call; default: the profile's backend (its `originate` capability). A table given
   * here replaces the backends (tests record calls instead); a kind missing from it cannot dial.
   */
  dialers?: DialerTable;
  /** How long a prepared call may wait for confirmation. */
  tokenTtlMs?: number;
  /** Upper bound on a PBX originate request; the result record says "timeout" after it. */
  dialTimeoutMs?: number;
}

interface Pending {
  operator: string;
  profileId: string;
  normalized: string;
  cls: DialClass;
  expires: number;
  result?: Promise<OriginateResult>;
}

const TOKEN_RE = /^[0-9a-f]{32}$/;
const MAX_PENDING = 200;
const RATE_WINDOW_MS = 60_000;

function asDialable(p: Profile): DialableProfile {
  if (!('dialPolicy' in p) || !capabilityOf(p, 'originate')) {
    throw new CallboardError('unsupported', `Profile "${p.id}" is a ${p.kind} profile; calls can be placed from ${labelsWith('originate')} profiles only.`);
  }
  return p;
}

function requireExtension(p: DialableProfile): string {
  if (!p.operatorExtension) {
    throw new CallboardError('config', `Profile "${p.id}" has no operator extension: set "Your extension" in its settings so Callboard knows which phone rings first.`);
  }
  return p.operatorExtension;
}

/** The audit target for a refused input: normalised if we got that far, else a bounded quoted copy. */
function auditTarget(d: DialDecision, raw: unknown): string | null {
  if (d.normalized) return d.normalized;
  return typeof raw === 'string' ? JSON.stringify(raw.slice(0, 40)) : null;
}

export interface OriginateService {
  prepare(req: PrepareRequest): Promise<PrepareResult>;
  confirm(token: string): Promise<OriginateResult>;
  cancel(token: string): boolean;
  /** Which profile an attempt of this service dialled through (for following the call). */
  profileOf(attemptId: string): string | null;
}

export function createOriginateService(ctx: AppContext, opts: OriginateServiceOptions = {}): OriginateService {
  const tokenTtlMs = opts.tokenTtlMs ?? 60_000;
  const dialTimeoutMs = opts.dialTimeoutMs ?? 20_000;
  const pending = new Map<string, Pending>();
  const dialerFor = (p: DialableProfile): Dialer | undefined => (opts.dialers ? opts.dialers[p.kind] : capabilityOf(p, 'originate'));
  /** operator|profile → dial times (ms), sliding window. */
  const dials = new Map<string, number[]>();
  /** operator|profile|number → first attempt of the de-dup window. */
  const recent = new Map<string, { at: number; result: Promise<OriginateResult> }>();
  const seeded = new Set<string>();
  /** attemptId → profileId, bounded (oldest dropped). */
  const attempts = new Map<string, string>();

  function prune(now: number): void {
    for (const [k, p] of pending) if (p.expires + RATE_WINDOW_MS < now) pending.delete(k);
    for (const [k, r] of recent) if (r.at + 600_000 < now) recent.delete(k);
  }

  /** Seeds the window from the audit log once, so a restart (or a CLI run) cannot reset the limit. */
  async function ensureSeeded(profileId: string): Promise<void> {
    const key = `${ctx.osUser}|${profileId}`;
    if (seeded.has(key)) return;
    seeded.add(key);
    const since = new Date(ctx.now() - RATE_WINDOW_MS).toISOString();
    const recs = await ctx.audit.list({ action: 'originate', profileId, since, limit: 1000 }).catch(() => []);
    const times = recs.filter((r) => r.phase === 'attempt' && r.osUser === ctx.osUser).map((r) => Date.parse(r.time));
    dials.set(key, [...(dials.get(key) ?? []), ...times].sort((a, b) => a - b));
  }

  /** Synchronous check-and-count, so two concurrent confirms cannot both take the last slot. */
  function takeSlot(profile: DialableProfile, count: boolean): string | null {
    const key = `${ctx.osUser}|${profile.id}`;
    const now = ctx.now();
    const w = (dials.get(key) ?? []).filter((t) => t > now - RATE_WINDOW_MS);
    dials.set(key, w);
    if (w.length >= profile.dialPolicy.maxPerMinute) {
      const waitS = Math.max(1, Math.ceil(((w[0] ?? now) + RATE_WINDOW_MS - now) / 1000));
      return `Rate limit: at most ${profile.dialPolicy.maxPerMinute} calls per minute from profile "${profile.id}"; try again in ${waitS} s.`;
    }
    if (count) w.push(now);
    return null;
  }

  async function refuse(profileId: string, target: string | null, reason: string): Promise<never> {
    await ctx.audit.append({ phase: 'refused', action: 'originate', profileId, target, decision: 'refused', reason, pbxCode: null, outcome: null });
    throw new CallboardError('policy', reason);
  }

  async function prepare(req: PrepareRequest): Promise<PrepareResult> {
    const profile = asDialable(await ctx.profiles.get(req.profileId));
    const operatorExtension = requireExtension(profile);
    if (!dialerFor(profile)) throw new CallboardError('unsupported', `Placing calls through ${backendOf(profile.kind).label} is not available in this build.`);
    const d = evaluateDialPolicy(profile.dialPolicy, req.destination);
    if (!d.allowed || !d.normalized) return refuse(profile.id, auditTarget(d, req.destination), d.reason ?? 'Refused by the dial policy.');
    await ensureSeeded(profile.id);
    const limited = takeSlot(profile, false);
    if (limited) return refuse(profile.id, d.normalized, limited);
    const now = ctx.now();
    prune(now);
    if (pending.size >= MAX_PENDING) throw new CallboardError('policy', 'Too many calls are waiting for confirmation; confirm or cancel them first.');
    const token = randomBytes(16).toString('hex');
    pending.set(token, { operator: ctx.osUser, profileId: profile.id, normalized: d.normalized, cls: d.cls, expires: now + tokenTtlMs });
    return {
      token,
      profileId: profile.id,
      normalized: d.normalized,
      cls: d.cls,
      country: d.country,
      operatorExtension,
      needsConfirm: !(d.cls === 'internal' && profile.dialPolicy.skipConfirmForInternal),
      expiresAt: new Date(now + tokenTtlMs).toISOString(),
    };
  }

  async function dial(profile: DialableProfile, req: DialRequest): Promise<OriginateResult> {
    const attemptId = ctx.audit.newAttemptId();
    attempts.set(attemptId, profile.id);
    if (attempts.size > MAX_PENDING) attempts.delete(attempts.keys().next().value as string);
    const base = { action: 'originate' as const, profileId: profile.id, target: req.destination, attemptId };
    // Written and fsync'd BEFORE the PBX is called: a crash or hang afterwards still leaves this on disk.
    await ctx.audit.append({ ...base, phase: 'attempt', decision: 'allowed', reason: `${req.cls} call from extension ${req.operatorExtension}`, pbxCode: null, outcome: 'pending' });
    const dialer = dialerFor(profile);
    let timer: NodeJS.Timeout | undefined;
    try {
      if (!dialer) throw new CallboardError('unsupported', `Placing calls through ${backendOf(profile.kind).label} is not available in this build.`);
      const reply = await Promise.race([
        dialer(ctx, profile, req),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CallboardError('timeout', `The PBX of profile "${profile.id}" did not answer the call request within ${Math.round(dialTimeoutMs / 1000)} s; check on the phone whether it rang before trying again.`)), dialTimeoutMs);
        }),
      ]);
      await ctx.audit.append({ ...base, phase: 'result', decision: 'allowed', reason: reply.ok ? null : reply.message.slice(0, 300), pbxCode: reply.code, outcome: reply.ok ? 'ok' : 'failed' });
      return { attemptId, ok: reply.ok, code: reply.code, message: reply.message, normalized: req.destination, cls: req.cls, deduplicated: false };
    } catch (e) {
      const err = e instanceof CallboardError ? e : new CallboardError('internal', 'The call request failed unexpectedly; details are in the log.', {}, { cause: e });
      if (!(e instanceof CallboardError)) log.error('dialer failed:', e);
      await ctx.audit
        .append({ ...base, phase: 'result', decision: 'allowed', reason: err.message.slice(0, 300), pbxCode: err.details.status ?? err.code, outcome: 'failed' })
        .catch((ae: unknown) => log.error('could not write the originate result record:', ae));
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async function confirm(token: string): Promise<OriginateResult> {
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) throw new CallboardError('usage', 'That call request is not valid; start the call again.');
    const p = pending.get(token);
    if (!p || p.operator !== ctx.osUser) throw new CallboardError('usage', 'That call request is unknown or was cancelled; start the call again.');
    // A second confirm of the same token (double click) gets the first one's outcome.
    if (p.result) return p.result.then((r) => ({ ...r, deduplicated: true }));
    if (p.expires < ctx.now()) {
      pending.delete(token);
      throw new CallboardError('usage', 'That call request has expired; start the call again.');
    }
    const run = (async (): Promise<OriginateResult> => {
      // Re-read the profile: its policy or extension may have changed since prepare.
      const profile = asDialable(await ctx.profiles.get(p.profileId));
      const operatorExtension = requireExtension(profile);
      const d = evaluateDialPolicy(profile.dialPolicy, p.normalized);
      if (!d.allowed || !d.normalized) return refuse(profile.id, p.normalized, d.reason ?? 'Refused by the dial policy.');
      await ensureSeeded(profile.id);
      // From here to recent.set nothing awaits: concurrent confirms cannot both pass the de-dup check.
      const key = `${ctx.osUser}|${profile.id}|${d.normalized}`;
      const dedupMs = profile.dialPolicy.dedupSeconds * 1000;
      const prev = recent.get(key);
      if (dedupMs > 0 && prev && ctx.now() - prev.at < dedupMs) {
        return prev.result.then((r) => ({ ...r, deduplicated: true }));
      }
      const limited = takeSlot(profile, true);
      if (limited) return refuse(profile.id, d.normalized, limited);
      const result = dial(profile, { operatorExtension, destination: d.normalized, cls: d.cls });
      recent.set(key, { at: ctx.now(), result });
      result.catch(() => undefined); // observed by the caller; avoid an unhandled rejection on the map copy
      return result;
    })();
    p.result = run;
    run.catch(() => undefined);
    return run;
  }

  function cancel(token: string): boolean {
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) return false;
    const p = pending.get(token);
    if (!p || p.result || p.operator !== ctx.osUser) return false;
    return pending.delete(token);
  }

  return { prepare, confirm, cancel, profileOf: (id) => attempts.get(id) ?? null };
}
