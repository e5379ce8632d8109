/**
 * Click-to-call through the Wildix AMI-style Originate (`POST /api/v1/Originate/`, the Wildix
 * knowledge-base example; docs/WILDIX.md, What works): ring the operator's extension via `Local/<ext>@users`, then dial the destination
 * in the `users` dialplan. Policy, rate limits and audit belong to the originate service, not here.
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import type { WildixProfile } from './profile';
import { withWildixClient, type WildixClientOptions, type WildixDeps } from './client';

export const ORIGINATE_PATH = '/api/v1/Originate/';
/** The internal dialplan that may dial external numbers (KB). */
export const ORIGINATE_CONTEXT = 'users';

export interface WildixOriginateRequest {
  operatorExtension: string;
  /** Already normalised and allowed by the dial policy: digits with an optional leading "+". */
  destination: string;
  /** Name shown on the operator's phone; defaults to "Callboard". */
  callerIdName?: string;
}

export interface WildixOriginateResult {
  /** Wildix reply type ("result" or "warning") and HTTP status, for the audit record. */
  type: 'result' | 'warning';
  status: number;
  reason: string | null;
}

/** The form body exactly as the KB example builds it. */
export function originateBody(req: WildixOriginateRequest): Record<string, string> {
  if (!/^[0-9]{1,10}$/.test(req.operatorExtension)) throw new CallboardError('usage', `The operator extension "${req.operatorExtension.slice(0, 20)}" is not a Wildix extension number.`);
  if (!/^\+?[0-9*#]{1,32}$/.test(req.destination)) throw new CallboardError('usage', 'The destination must be digits (optionally with a leading +).');
  const name = (req.callerIdName ?? 'Callboard').replace(/["<>\\\r\n]/g, '').slice(0, 40) || 'Callboard';
  return {
    callerid: `"${name}" <${req.destination}>`,
    channel: `Local/${req.operatorExtension}@${ORIGINATE_CONTEXT}`,
    context: ORIGINATE_CONTEXT,
    exten: req.destination,
    priority: '1',
  };
}

export async function wildixOriginate(
  ctx: WildixDeps,
  profile: WildixProfile,
  req: WildixOriginateRequest,
  opts: WildixClientOptions = {},
): Promise<WildixOriginateResult> {
  const body = originateBody(req);
  return withWildixClient(ctx, profile, opts, async (c) => {
    const r = await c.call('POST', ORIGINATE_PATH, z.unknown(), { body, bodyType: 'form' });
    return { type: r.type, status: r.status, reason: r.reason };
  });
}

/**
 * The same call in the originate service's Dialer reply shape ({ok, code, message}); the service
 * wraps it as `dialers.wildix = (ctx, p, req) => wildixDial(ctx, p as WildixProfile, req)`.
 */
export async function wildixDial(
  ctx: WildixDeps,
  profile: WildixProfile,
  req: WildixOriginateRequest,
  opts: WildixClientOptions = {},
): Promise<{ ok: boolean; code: string | number | null; message: string }> {
  const r = await wildixOriginate(ctx, profile, req, opts);
  return r.type === 'result'
    ? { ok: true, code: r.type, message: `Wildix is ringing extension ${req.operatorExtension}; answer it to call ${req.destination}.` }
    : { ok: false, code: r.type, message: `Wildix accepted the call with a warning${r.reason ? `: ${r.reason}` : ''}.` };
}
