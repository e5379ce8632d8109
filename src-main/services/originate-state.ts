/**
 * After a PBX accepted a click-to-call, follow it where its backend has the `callState` capability
 * (UCM: its channel list). Bounded: a fixed number of polls, stops at "ended" or when the call never shows up.
 */
import { CallboardError } from '../core/errors';
import { logger } from '../core/log';
import type { AppContext } from '../core/context';
import type { CallStateRequest } from '../core/backend';
import type { Profile } from '../profiles/schema';
import { capabilityOf } from '../backends/registry';

const log = logger('originate-state');

export const CALL_STATES = ['dialling', 'ringing', 'answered', 'ended', 'failed', 'unknown'] as const;
export type CallState = (typeof CALL_STATES)[number];

export type ProbeRequest = CallStateRequest;
/** What the PBX shows now for this call; null when it shows nothing. */
export type StateProbe = (ctx: AppContext, profile: Profile, req: ProbeRequest) => Promise<'ringing' | 'answered' | null>;

/** The backend's `callState` capability for this profile, if it can follow a call. */
export function probeFor(profile: Profile): StateProbe | undefined {
  return capabilityOf(profile, 'callState');
}

export interface FollowOptions {
  intervalMs?: number;
  /** Total time to follow a call. */
  maxMs?: number;
  /** Give up when the call has not shown up after this long. */
  appearMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Emits each state change; resolves with the last state. Never throws (a failed poll ends as "unknown"). */
export async function followCallState(
  ctx: AppContext,
  profile: Profile,
  req: ProbeRequest,
  probe: StateProbe,
  emit: (state: CallState) => void,
  opts: FollowOptions = {},
): Promise<CallState> {
  const intervalMs = opts.intervalMs ?? 1000;
  const maxPolls = Math.ceil((opts.maxMs ?? 120_000) / intervalMs);
  const appearPolls = Math.ceil((opts.appearMs ?? 15_000) / intervalMs);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  let last: CallState = 'dialling';
  emit(last);
  let seen = false;
  for (let i = 0; i < maxPolls; i++) {
    await sleep(intervalMs);
    let now: 'ringing' | 'answered' | null;
    try {
      now = await probe(ctx, profile, req);
    } catch (e) {
      log.warn(`could not follow the call on profile ${profile.id}:`, e instanceof CallboardError ? e.message : 'error');
      last = 'unknown';
      emit(last);
      return last;
    }
    if (now) {
      seen = true;
      if (now !== last) emit((last = now));
    } else if (seen) {
      last = 'ended';
      emit(last);
      return last;
    } else if (i + 1 >= appearPolls) {
      last = 'unknown';
      emit(last);
      return last;
    }
  }
  if (last !== 'answered') {
    last = 'unknown';
    emit(last);
  }
  return last;
}
