/**
 * After a PBX accepted a click-to-call, follow it by polling the PBX's channel list where it offers one
 * (UCM). Bounded: a fixed number of polls, stops at "ended" or when the call never shows up.
 */
import { CallboardError } from '../core/errors';
import { logger } from '../core/log';
import type { UcmProfile } from '../profiles/schema';
import { getUcmSession } from '../connectors/ucm/session';
import { listChannels, type UcmBridged, type UcmUnbridged } from '../connectors/ucm/channels';
import type { AppContext } from './context';
import type { DialableProfile } from './originate';

const log = logger('originate-state');

export const CALL_STATES = ['dialling', 'ringing', 'answered', 'ended', 'failed', 'unknown'] as const;
export type CallState = (typeof CALL_STATES)[number];

export interface ProbeRequest {
  operatorExtension: string;
  destination: string;
}
/** What the PBX shows now for this call; null when it shows nothing. */
export type StateProbe = (ctx: AppContext, profile: DialableProfile, req: ProbeRequest) => Promise<'ringing' | 'answered' | null>;
export type ProbeTable = Partial<Record<DialableProfile['kind'], StateProbe>>;

/** The PBX may show the number in national form: compare the last digits only. */
function sameNumber(shown: string | undefined, destination: string): boolean {
  const a = (shown ?? '').replace(/[^0-9]/g, '');
  const b = destination.replace(/[^0-9]/g, '');
  if (!a || !b) return false;
  const n = Math.min(a.length, b.length, 8);
  return a.slice(-n) === b.slice(-n);
}

function isOperator(channel: string, num: string | undefined, ext: string): boolean {
  return num === ext || channel.includes(`/${ext}-`);
}

export function ucmStateOf(c: { bridged: UcmBridged[]; unbridged: UcmUnbridged[] }, req: ProbeRequest): 'ringing' | 'answered' | null {
  for (const b of c.bridged) {
    const opSide = isOperator(b.channel1, b.callerid1, req.operatorExtension) || isOperator(b.channel2, b.callerid2, req.operatorExtension);
    if (opSide && (sameNumber(b.callerid2, req.destination) || sameNumber(b.callerid1, req.destination))) return 'answered';
  }
  for (const u of c.unbridged) {
    if (isOperator(u.channel, u.callernum, req.operatorExtension) && (sameNumber(u.connectednum, req.destination) || !u.connectednum)) return 'ringing';
  }
  return null;
}

export const defaultProbes: ProbeTable = {
  ucm: async (ctx, profile, req) => ucmStateOf(await listChannels(getUcmSession(ctx, profile as UcmProfile)), req),
};

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
  profile: DialableProfile,
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
