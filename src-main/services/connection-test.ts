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
import type { TrustPin } from '../core/backend';
import { endpointFields, endpointKey, pinOf } from '../profiles/endpoint';
import { requireConfirmation } from './confirm-change';

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
const pending = new Map<string, { identity: TrustIdentity; seenAt: number; endpoint: string }>();
export const TRUST_OFFER_TTL_MS = 2 * 60_000;

export async function testConnection(ctx: AppContext, profileId: string): Promise<ConnectionTestResult> {
  const profile = await ctx.profiles.get(profileId);
  try {
    const message = await backendOf(profile.kind).test(ctx, profile);
    pending.delete(profileId);
    return { ok: true, message };
  } catch (e) {
    if (e instanceof TrustRequiredError) {
      pending.set(profileId, { identity: e.identity, seenAt: ctx.now(), endpoint: endpointKey(profile) });
      return { ok: false, code: e.code, message: e.message, trust: e.identity };
    }
    if (e instanceof CallboardError) return { ok: false, code: e.code, message: e.message };
    const pub = toPublicError(e);
    return { ok: false, code: pub.code, message: pub.message };
  }
}

export interface AcceptOptions {
  /**
   * The CLI's `test --accept FINGERPRINT`: the operator typed the fingerprint on the command line after
   * checking it, which is their confirmation. Never set on the IPC path.
   */
  typedByOperator?: boolean;
}

/**
 * Pins the identity that the last test of this profile showed, after the operator confirmed it in
 * main's dialog (the renderer's fingerprint only names which offer it means).
 */
export async function acceptIdentity(ctx: AppContext, profileId: string, fingerprint: string, opts: AcceptOptions = {}): Promise<Profile> {
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
  const pinner = trust === undefined ? undefined : (Array.isArray(trust) ? trust : [trust]).find((t: TrustPin<Profile>) => t.kind === seen.kind);
  const pinFor = (p: Profile): Profile | null => (pinner ? pinner.pin(p, seen.fingerprint) : null);
  const next = pinFor(profile);
  if (!next) throw new CallboardError('usage', 'This profile has nothing to pin.');
  if (endpointKey(profile) !== offer.endpoint) {
    pending.delete(profileId);
    throw new CallboardError('usage', 'The profile now points somewhere else than the server that showed this fingerprint; test the connection again.');
  }
  // Single use whatever the answer: a refused offer cannot be replayed into a later yes.
  pending.delete(profileId);
  if (!opts.typedByOperator) {
    const where = Object.entries(endpointFields(profile)).map(([label, v]) => ({ label, from: v, to: v }));
    const thing = seen.kind === 'tls' ? 'certificate' : 'SSH host key';
    const pin = pinOf(profile);
    await requireConfirmation(
      ctx,
      {
        title: `Trust the ${thing} of "${profile.name}"?`,
        message: `Callboard met a ${thing} it has not seen before for profile "${profile.id}". Pin it only if its fingerprint matches the one the server's administrator gives you.`,
        changes: [...where, { label: pin?.label ?? 'Pin', from: pin?.value ?? '(none)', to: seen.fingerprint }],
        fingerprints: [
          { label: seen.kind === 'tls' ? 'Certificate SHA-256' : 'Host key', value: seen.fingerprint },
          ...(seen.subject ? [{ label: 'Subject', value: seen.subject }] : []),
          ...(seen.issuer ? [{ label: 'Issuer', value: seen.issuer }] : []),
          ...(seen.validTo ? [{ label: 'Valid until', value: seen.validTo }] : []),
        ],
        confirmLabel: `Trust this ${thing}`,
      },
      `Not pinned: the ${thing} of profile "${profile.id}" was not confirmed.`,
    );
  }
  // The dialog may have been open a while: pin onto the profile as it is now, if it still points there.
  const current = await ctx.profiles.get(profileId);
  if (endpointKey(current) !== offer.endpoint) throw new CallboardError('usage', 'The profile changed while the fingerprint was shown; test the connection again.');
  const pinned = pinFor(current);
  if (!pinned) throw new CallboardError('usage', 'This profile has nothing to pin.');
  const saved = await ctx.profiles.upsert(pinned);
  await ctx.audit.append({ phase: 'event', action: 'trust-accept', profileId, target: seen.kind, decision: 'allowed', reason: `pinned ${seen.fingerprint}${opts.typedByOperator ? ' (typed on the command line)' : ''}`, pbxCode: null, outcome: 'ok' });
  return saved;
}
