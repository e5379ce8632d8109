/**
 * "Test connection" for a profile: each backend's descriptor has a tester; this module turns the outcome into
 * a plain-language result and remembers first-contact identities so "Accept" can pin exactly what the
 * operator was shown (never a fingerprint the renderer invents).
 */
import { CallboardError, toPublicError, type ErrorCode } from '../core/errors';
import { TrustRequiredError, type TrustIdentity } from '../core/trust';
import type { Profile } from '../profiles/schema';
import type { AppContext } from '../core/context';
import { backendOf } from '../backends/registry';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  /** Error class when ok is false (maps to CLI exit codes). */
  code?: ErrorCode;
  trust?: TrustIdentity;
}

/**
 * Identities shown on first contact, per profile, waiting for the operator's Accept. They expire: the
 * renderer is untrusted, so an identity may only be pinned shortly after main showed it.
 */
const pending = new Map<string, { identity: TrustIdentity; seenAt: number }>();
export const TRUST_OFFER_TTL_MS = 2 * 60_000;

export async function testConnection(ctx: AppContext, profileId: string): Promise<ConnectionTestResult> {
  const profile = await ctx.profiles.get(profileId);
  try {
    const message = await backendOf(profile.kind).test(ctx, profile);
    pending.delete(profileId);
    return { ok: true, message };
  } catch (e) {
    if (e instanceof TrustRequiredError) {
      pending.set(profileId, { identity: e.identity, seenAt: ctx.now() });
      return { ok: false, code: e.code, message: e.message, trust: e.identity };
    }
    if (e instanceof CallboardError) return { ok: false, code: e.code, message: e.message };
    const pub = toPublicError(e);
    return { ok: false, code: pub.code, message: pub.message };
  }
}

/** Pins the identity that the last test of this profile showed. */
export async function acceptIdentity(ctx: AppContext, profileId: string, fingerprint: string): Promise<Profile> {
  const offer = pending.get(profileId);
  if (offer && ctx.now() - offer.seenAt > TRUST_OFFER_TTL_MS) {
    pending.delete(profileId);
    throw new CallboardError('usage', 'That certificate / host key was shown too long ago; test the connection again and accept what it shows.');
  }
  const seen = offer?.identity;
  if (!seen || seen.fingerprint !== fingerprint) {
    throw new CallboardError('usage', 'That fingerprint is not the one Callboard was shown; test the connection again and accept what it shows.');
  }
  const profile = await ctx.profiles.get(profileId);
  const trust = backendOf(profile.kind).trust;
  const next: Profile | null = trust && trust.kind === seen.kind ? trust.pin(profile, seen.fingerprint) : null;
  if (!next) throw new CallboardError('usage', 'This profile has nothing to pin.');
  pending.delete(profileId);
  return ctx.profiles.upsert(next);
}
