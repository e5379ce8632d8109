/**
 * One-off live requests shared by IPC and the CLI: call detail, registrations, health, manager_file.
 */
import { CallboardError } from '../../core/errors';
import type { LiveCall } from '../../domain/live-call';
import type { AppContext } from '../../core/context';
import type { RegistrationsQuery } from '../../core/backend';
import type { CallDetail, Registration, SensorHealth } from '../../domain/voipmonitor';
import { capabilityOf, requireCapability } from '../../backends/registry';
import { confirmManagerFile } from '../manager-file-guard';
import { auditedAction } from '../../audit/action';

export async function registrationsOf(ctx: AppContext, profileId: string, filter: RegistrationsQuery = {}): Promise<Registration[]> {
  const p = await ctx.profiles.get(profileId);
  return requireCapability(p, 'registrations')(ctx, p, filter);
}

export async function healthOf(ctx: AppContext, profileId: string): Promise<SensorHealth> {
  const p = await ctx.profiles.get(profileId);
  return requireCapability(p, 'health')(ctx, p);
}

export interface CallDetailReply extends CallDetail {
  call: LiveCall | null;
  streams: Array<Record<string, string | number | boolean | null>>;
}

/** `key` = "<profileId>:<ref>". Sources without `callDetail` answer with the last polled state only. */
export async function callDetailOf(ctx: AppContext, key: string, known: LiveCall | null): Promise<CallDetailReply> {
  const i = key.indexOf(':');
  const profileId = key.slice(0, i);
  const ref = key.slice(i + 1);
  const p = await ctx.profiles.get(profileId);
  const detail = capabilityOf(p, 'callDetail');
  if (!detail) {
    if (!known) throw new CallboardError('not_found', `That call is no longer listed by ${profileId}.`);
    return { sensor: profileId, key, call: known, fields: { ...known.extra }, rtpStreams: [], streams: [], sipLadder: null };
  }
  const d = await detail(ctx, p, ref);
  return { ...d, call: known, streams: d.rtpStreams.map((s) => ({ ...s })) };
}

/** `manager_file start|stop`: changes the sensor, so it is audited like any other operator action. */
export async function managerFile(ctx: AppContext, profileId: string, action: 'start' | 'stop', socketPath?: string): Promise<string> {
  const p = await ctx.profiles.get(profileId);
  const managerFileOf = requireCapability(p, 'managerFile');
  if (p.kind !== 'voipmonitor') throw new CallboardError('unsupported', `Profile "${p.id}" has no manager socket.`);
  // Path rule and main's confirmation first (services/manager-file-guard.ts): the sensor runs as root.
  await confirmManagerFile(ctx, p, action, socketPath);
  return auditedAction(
    ctx.audit,
    { action: 'manager-file', profileId, target: `${action}${socketPath ? ' ' + socketPath : ''}` },
    () => managerFileOf(ctx, p, action, socketPath),
    (msg) => ({ target: action, reason: msg.slice(0, 200) }),
    (e) => ({ target: action, reason: e instanceof CallboardError ? e.message.slice(0, 200) : 'failed' }),
  );
}
