/**
 * UCM actions with side effects or operator-facing lists: hang-up (audited), extensions, dial.
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import type { UcmProfile } from './profile';
import type { AppContext } from '../../core/context';
import { channelNames, listChannels } from './channels';
import { getUcmSession, parseWith, type UcmDeps } from './session';
import { auditedAction, hangupFailure } from '../../audit/action';

export const CHANNEL_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9/@._:;+#*-]{0,199}$/;
const EXT_RE = /^[0-9]{1,10}$/;
const NUMBER_RE = /^\+?[0-9*#]{1,32}$/;

export async function ucmProfile(ctx: Pick<AppContext, 'profiles'>, profileId: string): Promise<UcmProfile> {
  const p = await ctx.profiles.get(profileId);
  if (p.kind !== 'ucm') throw new CallboardError('usage', `Profile "${profileId}" is a ${p.kind} profile, not a UCM.`);
  return p;
}

/**
 * Hangs up one channel after checking that the UCM currently reports it. Writes an audit attempt
 * before the PBX is asked and a result after, whatever happens.
 */
export async function hangupChannel(ctx: AppContext, profileId: string, channel: string): Promise<{ status: number }> {
  if (!CHANNEL_NAME_RE.test(channel)) throw new CallboardError('usage', 'That is not a valid UCM channel name.');
  const profile = await ucmProfile(ctx, profileId);
  const session = getUcmSession(ctx, profile);
  const current = channelNames(await listChannels(session));
  if (!current.has(channel)) {
    throw new CallboardError('not_found', `${session.who} no longer reports channel ${channel}; the call has probably ended. Refresh the list.`);
  }
  return auditedAction(ctx.audit, { action: 'hangup', profileId, target: channel }, async () => {
    await session.call('Hangup', { channel });
    return { status: 0 };
  }, () => ({ pbxCode: 0 }), hangupFailure);
}

const opt = z.union([z.string().max(256), z.number()]).transform(String).optional().catch(undefined);
const accountSchema = z.object({
  extension: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1).max(32)),
  fullname: opt,
  status: opt,
  addr: opt,
  account_type: opt,
  out_of_service: opt,
  presence_status: opt,
});
const accountPageSchema = z.object({
  account: z.array(z.unknown()).max(5000).default([]),
  total_page: z.coerce.number().int().min(0).max(1000).catch(1),
});

export { ucmExtensionSchema, type UcmExtension } from '../../domain/pbx';
import type { UcmExtension } from '../../domain/pbx';

export async function listExtensions(ctx: UcmDeps & Pick<AppContext, 'profiles'>, profileId: string, signal?: AbortSignal): Promise<UcmExtension[]> {
  const profile = await ucmProfile(ctx, profileId);
  const session = getUcmSession(ctx, profile);
  const out: UcmExtension[] = [];
  for (let page = 1; page <= 20; page++) {
    const body = await session.call(
      'listAccount',
      { options: 'extension,account_type,fullname,status,addr,out_of_service,presence_status', item_num: 1000, page, sidx: 'extension', sord: 'asc' },
      { signal },
    );
    const r = parseWith(accountPageSchema, body, session.who, 'listAccount');
    for (const raw of r.account) {
      const a = accountSchema.safeParse(raw);
      if (!a.success) continue; // one odd row must not hide the others
      const d = a.data;
      out.push({
        extension: d.extension,
        name: d.fullname || null,
        status: d.status || null,
        address: d.addr && d.addr !== '-' ? d.addr : null,
        type: d.account_type || null,
        outOfService: d.out_of_service === 'yes',
        presence: d.presence_status || null,
      });
    }
    if (page >= r.total_page || r.account.length === 0) break;
  }
  return out;
}

/**
 * Click-to-call on the UCM: rings `caller` (the operator's extension), then dials `callee`. For the
 * originate service, which applies the dial policy and writes the audit record: none of that here.
 * Resolves with the UCM status (0: originate accepted); a refusal throws a CallboardError whose
 * details.status is the UCM status.
 */
export async function ucmDial(
  ctx: UcmDeps,
  profile: UcmProfile,
  req: { caller: string; callee: string; outbound: boolean },
): Promise<{ status: number }> {
  if (!EXT_RE.test(req.caller)) throw new CallboardError('usage', `The operator extension "${req.caller.slice(0, 20)}" is not an extension number.`);
  if (req.outbound ? !NUMBER_RE.test(req.callee) : !EXT_RE.test(req.callee)) {
    throw new CallboardError('usage', `"${req.callee.slice(0, 40)}" is not a valid ${req.outbound ? 'number' : 'extension'} to dial.`);
  }
  const session = getUcmSession(ctx, profile);
  if (req.outbound) await session.call('dialOutbound', { caller: req.caller, outbound: req.callee });
  else await session.call('dialExtension', { caller: req.caller, callee: req.callee });
  return { status: 0 };
}
