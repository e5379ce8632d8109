/**
 * "Test connection" for a profile: each kind contributes a tester; this module turns the outcome into
 * a plain-language result and remembers first-contact identities so "Accept" can pin exactly what the
 * operator was shown (never a fingerprint the renderer invents).
 */
import { CallboardError, toPublicError, type ErrorCode } from '../core/errors';
import { TrustRequiredError, type TrustIdentity } from '../core/trust';
import type { Profile, ProfileKind } from '../profiles/schema';
import type { AppContext } from './context';
import { testers } from './testers';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  /** Error class when ok is false (maps to CLI exit codes). */
  code?: ErrorCode;
  trust?: TrustIdentity;
}

export type ConnectionTester = (ctx: AppContext, profile: Profile) => Promise<string>;
export type TesterTable = Record<ProfileKind, ConnectionTester>;

/**
 * Identities shown on first contact, per profile, waiting for the operator's Accept. They expire: the
 * renderer is untrusted, so an identity may only be pinned shortly after main showed it.
 */
const pending = new Map<string, { identity: TrustIdentity; seenAt: number }>();
export const TRUST_OFFER_TTL_MS = 2 * 60_000;

export async function testConnection(ctx: AppContext, profileId: string): Promise<ConnectionTestResult> {
  const profile = await ctx.profiles.get(profileId);
  try {
    const message = await testers[profile.kind](ctx, profile);
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
  let next: Profile;
  if (seen.kind === 'tls' && (profile.kind === 'ucm' || profile.kind === 'wildix')) {
    next = { ...profile, tlsCertSha256: seen.fingerprint };
  } else if (seen.kind === 'ssh' && profile.kind === 'voipmonitor' && profile.transport.type === 'ssh') {
    next = { ...profile, transport: { ...profile.transport, hostKeySha256: seen.fingerprint } };
  } else {
    throw new CallboardError('usage', 'This profile has nothing to pin.');
  }
  pending.delete(profileId);
  return ctx.profiles.upsert(next);
}
