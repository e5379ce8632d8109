/**
 * The live-calls part of the bridge (src-main/ipc/contract/live.ts) in one place, with the shapes
 * the views use. Types only come from the contract.
 */
import type { ResponseOf, RequestOf } from '../../../src-main/ipc/contract';
import type { LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import { bridge, unwrap } from '../api';

export type Scalar = string | number | boolean | null;
export type SensorHealth = ResponseOf<'live:health'>;
export type CallDetail = ResponseOf<'live:callDetail'>;
export type Registration = ResponseOf<'live:registrations'>['registrations'][number];
export type RegistrationsFilter = NonNullable<RequestOf<'live:registrations'>['filter']>;

export const liveBridge = {
  subscribe: async (profileIds: string[], filter: string) => unwrap(bridge().live.subscribe(filter ? { profileIds, filter } : { profileIds })),
  snapshot: async (profileIds: string[]) => unwrap(bridge().live.snapshot({ profileIds })),
  pause: async () => unwrap(bridge().live.pause({})),
  resume: async () => unwrap(bridge().live.resume({})),
  callDetail: async (key: string, sensor: string) => unwrap(bridge().live.callDetail({ key, sensor })),
  copyLadder: async (key: string) => unwrap(bridge().live.copyLadder({ key })),
  health: async (profileId: string) => unwrap(bridge().live.health({ profileId })),
  registrations: async (profileId: string, filter?: RegistrationsFilter) => unwrap(bridge().live.registrations(filter ? { profileId, filter } : { profileId })),
  onDiff: (cb: (d: LiveDiff) => void) => bridge().events.on('live:diff', cb),
  onStatus: (cb: (s: SourceStatus) => void) => bridge().events.on('live:status', cb),
};
