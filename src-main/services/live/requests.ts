/**
 * One-off live requests shared by IPC and the CLI: call detail, registrations, health, manager_file.
 */
import { CallboardError } from '../../core/errors';
import type { LiveCall } from '../../domain/live-call';
import type { Profile, VoipmonitorProfile } from '../../profiles/schema';
import type { AppContext } from '../context';
import { sensorPoolFor } from '../../connectors/voipmonitor/live-source';
import type { CallDetail } from '../../connectors/voipmonitor/call-detail';
import type { Registration, RegistrationsFilter } from '../../connectors/voipmonitor/registrations';
import type { SensorHealth } from '../../connectors/voipmonitor/health';

function requireVoipmonitor(p: Profile, what: string): VoipmonitorProfile {
  if (p.kind !== 'voipmonitor') throw new CallboardError('unsupported', `${what} comes from VoIPmonitor sensors; profile "${p.id}" is a ${p.kind} profile.`);
  return p;
}

export async function sensorFor(ctx: AppContext, profileId: string, what: string) {
  const p = requireVoipmonitor(await ctx.profiles.get(profileId), what);
  return sensorPoolFor(ctx).get(p);
}

export async function registrationsOf(ctx: AppContext, profileId: string, filter: RegistrationsFilter = {}): Promise<Registration[]> {
  return (await sensorFor(ctx, profileId, 'Registrations')).registrations(filter);
}

export async function healthOf(ctx: AppContext, profileId: string): Promise<SensorHealth> {
  return (await sensorFor(ctx, profileId, 'Sensor health')).health();
}

export interface CallDetailReply extends CallDetail {
  call: LiveCall | null;
  streams: Array<Record<string, string | number | boolean | null>>;
}

/** `key` = "<profileId>:<ref>". Non-VoIPmonitor sources answer with the last polled state only. */
export async function callDetailOf(ctx: AppContext, key: string, known: LiveCall | null): Promise<CallDetailReply> {
  const i = key.indexOf(':');
  const profileId = key.slice(0, i);
  const ref = key.slice(i + 1);
  const p = await ctx.profiles.get(profileId);
  if (p.kind !== 'voipmonitor') {
    if (!known) throw new CallboardError('not_found', `That call is no longer listed by ${profileId}.`);
    return { sensor: profileId, key, call: known, fields: { ...known.extra }, rtpStreams: [], streams: [], sipPacketsNote: null };
  }
  const d = await (await sensorPoolFor(ctx).get(p)).callDetail(ref);
  return { ...d, call: known, streams: d.rtpStreams.map((s) => ({ ...s })) };
}

/** `manager_file start|stop`: changes the sensor, so it is audited like any other operator action. */
export async function managerFile(ctx: AppContext, profileId: string, action: 'start' | 'stop', socketPath?: string): Promise<string> {
  const sensor = await sensorFor(ctx, profileId, 'The manager socket');
  const attemptId = ctx.audit.newAttemptId();
  await ctx.audit.append({ attemptId, phase: 'attempt', action: 'manager-file', profileId, target: `${action}${socketPath ? ' ' + socketPath : ''}`, decision: 'allowed', reason: null, pbxCode: null, outcome: 'pending' });
  try {
    const msg = await sensor.managerFile(action, socketPath);
    await ctx.audit.append({ attemptId, phase: 'result', action: 'manager-file', profileId, target: action, decision: 'allowed', reason: msg.slice(0, 200), pbxCode: null, outcome: 'ok' });
    return msg;
  } catch (e) {
    await ctx.audit.append({ attemptId, phase: 'result', action: 'manager-file', profileId, target: action, decision: 'allowed', reason: e instanceof CallboardError ? e.message.slice(0, 200) : 'failed', pbxCode: null, outcome: 'failed' });
    throw e;
  }
}
