/**
 * Which LiveSource serves which profile kind. UCM (and later others) plug in here with one line.
 */
import { CallboardError } from '../../core/errors';
import type { LiveSource } from '../../domain/live-call';
import type { Profile, ProfileKind } from '../../profiles/schema';
import type { AppContext } from '../context';
import { createVoipmonitorLiveSource, sensorPoolFor } from '../../connectors/voipmonitor/live-source';
import type { ListcallsFilter } from '../../connectors/voipmonitor/listcalls';
import { createUcmLiveSource } from '../../connectors/ucm/live-source';

export interface LiveSourceOptions {
  /** Structured filter that a source may push to the server (VoIPmonitor does); the service still filters text. */
  filter?: ListcallsFilter;
}

export type LiveSourceFactory = (ctx: AppContext, profile: Profile, opts: LiveSourceOptions) => LiveSource;

export const liveSourceFactories: Partial<Record<ProfileKind, LiveSourceFactory>> = {
  voipmonitor: (ctx, p, o) => createVoipmonitorLiveSource(sensorPoolFor(ctx), p as Extract<Profile, { kind: 'voipmonitor' }>, o.filter),
  ucm: (ctx, p) => createUcmLiveSource(ctx, p as Extract<Profile, { kind: 'ucm' }>),
};

export function createLiveSource(ctx: AppContext, profile: Profile, opts: LiveSourceOptions = {}): LiveSource {
  const f = liveSourceFactories[profile.kind];
  if (!f) throw new CallboardError('unsupported', `Profile "${profile.id}" (${profile.kind}) has no live calls.`);
  return f(ctx, profile, opts);
}

/** Poll interval of a profile: its own setting when it has one, else 2 s. */
export function pollIntervalMs(profile: Profile): number {
  const s = 'pollIntervalSec' in profile && typeof profile.pollIntervalSec === 'number' ? profile.pollIntervalSec : 2;
  return Math.round(s * 1000);
}
