/**
 * Shared set-up for the real-sniffer tests: the wrapper's info, sensor profiles for every transport,
 * and a set of calls in every state placed with real SIP/RTP on loopback.
 */
import { voipmonitorProfileSchema, type VoipmonitorProfile } from '../../src-main/profiles/schema';
import { VoipmonitorSensor } from '../../src-main/connectors/voipmonitor/sensor';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { REAL_SNIFFER_AES, realSnifferFromEnv, type RealSnifferInfo } from '../helpers/real-sniffer';
import { SipTraffic, type PlacedCall, type SipTrafficOptions } from '../helpers/sip-traffic';

export function snifferInfo(): RealSnifferInfo {
  const info = realSnifferFromEnv();
  if (!info) throw new Error('These tests run inside the real sniffer\'s network namespace: use `node scripts/test-real-sniffer.mjs` (part of `npm test`).');
  return info;
}

export const PROFILE_ID = 'real';

export async function secretsWithAes(id = PROFILE_ID): Promise<MemorySecretStore> {
  const s = new MemorySecretStore();
  await s.set(id, 'aesKey', REAL_SNIFFER_AES.keyB64);
  await s.set(id, 'aesIv', REAL_SNIFFER_AES.ivB64);
  return s;
}

export function tcpProfile(info: RealSnifferInfo, aes = true): VoipmonitorProfile {
  return voipmonitorProfileSchema.parse({
    id: PROFILE_ID, name: 'Real sniffer', kind: 'voipmonitor', timeoutMs: 8000,
    transport: { type: 'tcp', host: info.manager_ip, port: info.port }, cipher: aes ? 'aes-128-cbc' : 'none',
  });
}

export function unixProfile(info: RealSnifferInfo): VoipmonitorProfile {
  return voipmonitorProfileSchema.parse({
    id: PROFILE_ID, name: 'Real sniffer (socket)', kind: 'voipmonitor', timeoutMs: 8000, transport: { type: 'unix', socketPath: info.socket },
  });
}

export async function tcpSensor(info: RealSnifferInfo): Promise<VoipmonitorSensor> {
  return VoipmonitorSensor.open({ secrets: await secretsWithAes() }, tcpProfile(info));
}

export interface CallSet {
  traffic: SipTraffic;
  ringing: PlacedCall;
  busy: PlacedCall;
  /** Answered, PCMA, 5 % loss and 15 ms jitter each way. */
  lossy: PlacedCall;
  /** Answered, PCMU, clean. */
  clean: PlacedCall;
  /** Answered, talked for a second, BYE / 200: gone from the live list. */
  ended: PlacedCall;
  /** Unix ms when the answered calls started media. */
  mediaSince: number;
}

export async function placeCalls(prefix: string, o: SipTrafficOptions): Promise<CallSet> {
  const traffic = await new SipTraffic(o).start();
  const ringing = await traffic.call({ caller: `${prefix}01`, called: `${prefix}91`, outcome: 'ringing' });
  const busy = await traffic.call({ caller: `${prefix}02`, called: `${prefix}92`, outcome: 'busy' });
  const mediaSince = Date.now();
  const lossy = await traffic.call({ caller: `+4206011${prefix}03`, called: `${prefix}93`, callerName: 'Alice Real', outcome: 'answered', lossPct: 5, jitterMs: 15, answerPayload: 8 });
  const clean = await traffic.call({ caller: `${prefix}04`, called: `${prefix}94`, outcome: 'answered', answerPayload: 0 });
  const ended = await traffic.call({ caller: `${prefix}05`, called: `${prefix}95`, outcome: 'ended', talkMs: 800 });
  return { traffic, ringing, busy, lossy, clean, ended, mediaSince };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value (bounded); the sniffer hands packets on with about 1-2 s delay. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== null && v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
