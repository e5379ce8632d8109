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
import type { AuditInput, AuditRecord } from '../audit/log';
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
/** Refused calls written to the audit log per operator, profile and minute; the rest are counted in one record. */
export const MAX_REFUSALS_LOGGED_PER_MINUTE = 30;

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
  /** operator|profile|number → this process's first attempt of the de-dup window (to share its result). */
  const recent = new Map<string, { at: number; result: Promise<OriginateResult> }>();
  /** attemptId → profileId, bounded (oldest dropped). */
  const attempts = new Map<string, string>();

  function prune(now: number): void {
    for (const [k, p] of pending) if (p.expires + RATE_WINDOW_MS < now) pending.delete(k);
    for (const [k, r] of recent) if (r.at + 600_000 < now) recent.delete(k);
  }

  const mine = (r: AuditRecord, profileId: string): boolean => r.action === 'originate' && r.osUser === ctx.osUser && r.profileId === profileId;

  /**
   * The rate limit, counted from the audit ledger (every process's attempts, read under its lock): a
   * restart, a second window or twenty CLI runs at once share one budget.
   */
  function rateLimited(profile: DialableProfile, recentRecs: AuditRecord[], now: number): string | null {
    const times = recentRecs.filter((r) => mine(r, profile.id) && r.phase === 'attempt').map((r) => Date.parse(r.time)).filter((t) => t > now - RATE_WINDOW_MS);
    if (times.length < profile.dialPolicy.maxPerMinute) return null;
    const oldest = Math.min(...times);
    const waitS = Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000));
    return `Rate limit: at most ${profile.dialPolicy.maxPerMinute} calls per minute from profile "${profile.id}"; try again in ${waitS} s.`;
  }

  /**
   * A refusal record, unless this operator's refusals on this profile already filled this minute's
   * share of the log: a script hammering prepare cannot flood the audit log (it is told it was refused
   * either way; one record says that further refusals this minute were not logged).
   */
  function refusalRecords(profileId: string, target: string | null, reason: string, recentRecs: AuditRecord[], now: number): AuditInput[] {
    const logged = recentRecs.filter((r) => mine(r, profileId) && r.phase === 'refused' && Date.parse(r.time) > now - RATE_WINDOW_MS).length;
    if (logged > MAX_REFUSALS_LOGGED_PER_MINUTE) return [];
    if (logged === MAX_REFUSALS_LOGGED_PER_MINUTE) {
      return [{ phase: 'refused', action: 'originate', profileId, target: null, decision: 'refused', reason: `More than ${MAX_REFUSALS_LOGGED_PER_MINUTE} refused calls within a minute: further refusals this minute are not logged.`, pbxCode: null, outcome: null }];
    }
    return [{ phase: 'refused', action: 'originate', profileId, target, decision: 'refused', reason, pbxCode: null, outcome: null }];
  }

  async function refuse(profileId: string, target: string | null, reason: string): Promise<never> {
    const now = ctx.now();
    await ctx.audit.transact(now - RATE_WINDOW_MS, (recs) => ({ append: refusalRecords(profileId, target, reason, recs, now), value: null }));
    throw new CallboardError('policy', reason);
  }

  async function prepare(req: PrepareRequest): Promise<PrepareResult> {
    const profile = asDialable(await ctx.profiles.get(req.profileId));
    const operatorExtension = requireExtension(profile);
    if (!dialerFor(profile)) throw new CallboardError('unsupported', `Placing calls through ${backendOf(profile.kind).label} is not available in this build.`);
    const d = evaluateDialPolicy(profile.dialPolicy, req.destination);
    if (!d.allowed || !d.normalized) return refuse(profile.id, auditTarget(d, req.destination), d.reason ?? 'Refused by the dial policy.');
    const normalized = d.normalized;
    const now = ctx.now();
    const { value: limited } = await ctx.audit.transact(now - RATE_WINDOW_MS, (recs) => {
      const why = rateLimited(profile, recs, now);
      return { append: why ? refusalRecords(profile.id, normalized, why, recs, now) : [], value: why };
    });
    if (limited) throw new CallboardError('policy', limited);
    prune(now);
    if (pending.size >= MAX_PENDING) throw new CallboardError('policy', 'Too many calls are waiting for confirmation; confirm or cancel them first.');
    const token = randomBytes(16).toString('hex');
    pending.set(token, { operator: ctx.osUser, profileId: profile.id, normalized, cls: d.cls, expires: now + tokenTtlMs });
    return {
      token,
      profileId: profile.id,
      normalized,
      cls: d.cls,
      country: d.country,
      operatorExtension,
      needsConfirm: !(d.cls === 'internal' && profile.dialPolicy.skipConfirmForInternal),
      expiresAt: new Date(now + tokenTtlMs).toISOString(),
    };
  }

  /** Calls the PBX for an attempt whose record is already on disk, then appends the result. */
  async function dial(profile: DialableProfile, req: DialRequest, attemptId: string): Promise<OriginateResult> {
    attempts.set(attemptId, profile.id);
    if (attempts.size > MAX_PENDING) attempts.delete(attempts.keys().next().value as string);
    const base = { action: 'originate' as const, profileId: profile.id, target: req.destination, attemptId };
    const dialer = dialerFor(profile);
    let timer: NodeJS.Timeout | undefined;
    let reply: DialReply;
    try {
      if (!dialer) throw new CallboardError('unsupported', `Placing calls through ${backendOf(profile.kind).label} is not available in this build.`);
      reply = await Promise.race([
        dialer(ctx, profile, req),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CallboardError('timeout', `The PBX of profile "${profile.id}" did not answer the call request within ${Math.round(dialTimeoutMs / 1000)} s; check on the phone whether it rang before trying again.`)), dialTimeoutMs);
        }),
      ]);
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
    const result: OriginateResult = { attemptId, ok: reply.ok, code: reply.code, message: reply.message, normalized: req.destination, cls: req.cls, deduplicated: false };
    try {
      await ctx.audit.append({ ...base, phase: 'result', decision: 'allowed', reason: reply.ok ? null : reply.message.slice(0, 300), pbxCode: reply.code, outcome: reply.ok ? 'ok' : 'failed' });
    } catch (ae) {
      // The PBX has answered: the call is placed (or refused by the PBX) whatever happens to the log now.
      // Reporting it as failed would invite the operator to dial again; say what happened instead. The
      // attempt is on disk already (written before the PBX was called).
      log.error('could not write the originate result record:', ae);
      const said = /[.!?]$/.test(reply.message) ? reply.message : `${reply.message}.`;
      const missing = 'its result could not be written to the audit log (details are in the log), only its attempt is recorded.';
      return { ...result, message: reply.ok ? `${said} The call is placed; ${missing}` : `${said} The call was not placed; ${missing}` };
    }
    return result;
  }

  type Decision = { kind: 'dial'; attemptId: string } | { kind: 'same'; result: Promise<OriginateResult> } | { kind: 'refused'; reason: string };

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
      const normalized = d.normalized;
      const key = `${ctx.osUser}|${profile.id}|${normalized}`;
      const dedupMs = profile.dialPolicy.dedupSeconds * 1000;
      const now = ctx.now();
      // Decided under the ledger's lock, and the attempt record is fsync'd before the lock is released
      // and before the PBX is called: a crash or hang afterwards still leaves it on disk, and no other
      // process can decide on a ledger that misses it.
      let settle: (r: Promise<OriginateResult>) => void = () => undefined;
      const mineResult = new Promise<OriginateResult>((resolve) => {
        settle = resolve;
      });
      mineResult.catch(() => undefined); // observed by the caller; avoid an unhandled rejection on the map copy
      const { value: decision } = await ctx.audit.transact<Decision>(now - Math.max(RATE_WINDOW_MS, dedupMs), (recs) => {
        const prev = recent.get(key);
        if (dedupMs > 0 && prev && now - prev.at < dedupMs) return { append: [], value: { kind: 'same', result: prev.result } };
        const sameElsewhere = recs.find((r) => mine(r, profile.id) && r.phase === 'attempt' && r.target === normalized && now - Date.parse(r.time) < dedupMs);
        if (dedupMs > 0 && sameElsewhere) {
          const ago = Math.max(0, Math.round((now - Date.parse(sameElsewhere.time)) / 1000));
          const reason = `The same call to ${normalized} was placed ${ago} s ago (in another Callboard window or command); it is not placed again within ${profile.dialPolicy.dedupSeconds} s.`;
          return { append: refusalRecords(profile.id, normalized, reason, recs, now), value: { kind: 'refused', reason } };
        }
        const limited = rateLimited(profile, recs, now);
        if (limited) return { append: refusalRecords(profile.id, normalized, limited, recs, now), value: { kind: 'refused', reason: limited } };
        const attemptId = ctx.audit.newAttemptId();
        recent.set(key, { at: now, result: mineResult });
        return {
          append: [{ action: 'originate', profileId: profile.id, target: normalized, attemptId, phase: 'attempt', decision: 'allowed', reason: `${d.cls} call from extension ${operatorExtension}`, pbxCode: null, outcome: 'pending' }],
          value: { kind: 'dial', attemptId },
        };
      }).catch((e: unknown) => {
        // The attempt could not be written (disk full…): nothing is dialled, and whoever waits on this
        // attempt as a duplicate gets the same error.
        if (recent.get(key)?.result === mineResult) recent.delete(key);
        settle(Promise.reject(e));
        throw e;
      });
      if (decision.kind === 'same') return decision.result.then((r) => ({ ...r, deduplicated: true }));
      if (decision.kind === 'refused') throw new CallboardError('policy', decision.reason);
      const result = dial(profile, { operatorExtension, destination: normalized, cls: d.cls }, decision.attemptId);
      settle(result);
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
