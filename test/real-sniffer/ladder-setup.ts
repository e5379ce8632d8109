/**
 * Shared set-up of the two SIP ladder files against the real sniffer (sip-ladder.test.ts with the
 * sniffer's defaults, sip-ladder.active-call-info.test.ts in a sniffer started with
 * `active_call_info = yes`; scripts/test-real-sniffer.mjs runs each in its own sniffer): a ringing and
 * an answered call with real SIP/RTP, a sensor client, and a simulator in the same mode.
 */
import { beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { LiveCall } from '../../src-main/domain/live-call';
import type { VoipmonitorSensor } from '../../src-main/connectors/voipmonitor/sensor';
import { ManagerClient } from '../../src-main/connectors/voipmonitor/manager-client';
import { aesMaterialFromBase64 } from '../../src-main/connectors/voipmonitor/cipher';
import { tcpTransport } from '../../src-main/connectors/voipmonitor/transport';
import { SipTraffic, type PlacedCall } from '../helpers/sip-traffic';
import { REAL_SNIFFER_AES } from '../helpers/real-sniffer';
import { startVoipmonitorSim, Scenario, type VoipmonitorSim } from '../sims/voipmonitor';
import { eventually, snifferInfo, tcpSensor } from './traffic';

export const info = snifferInfo();
export const CALLER = '127.0.0.22';
export const CALLED = '127.0.0.23';

/** What this sniffer was started with (the wrapper writes `--conf` lines into its config file). */
export function snifferKeepsSip(): boolean {
  return /^\s*active_call_info\s*=\s*yes\s*$/m.test(readFileSync(info.config, 'utf8'));
}

/** Refuses to run against a sniffer in the other mode, instead of passing vacuously. */
export function requireMode(keepsSip: boolean): void {
  if (snifferKeepsSip() !== keepsSip) {
    throw new Error(`This file needs a sniffer with active_call_info ${keepsSip ? '= yes' : 'off'}; run it through scripts/test-real-sniffer.mjs, which starts one.`);
  }
}

export interface LadderSetup {
  traffic: SipTraffic;
  sensor: VoipmonitorSensor;
  sim: VoipmonitorSim;
  answered: PlacedCall;
  ringing: PlacedCall;
}

export const client = (port: number) =>
  new ManagerClient({ sensor: 'ladder', transport: tcpTransport('ladder', '127.0.0.1', port), aes: aesMaterialFromBase64('aes-128-cbc', REAL_SNIFFER_AES.keyB64, REAL_SNIFFER_AES.ivB64, 'ladder'), timeoutMs: 8000 });
export const byCallId = (list: LiveCall[], id: string) => list.find((c) => c.callId === id) ?? null;

/** Registers the file's hooks; the returned object is filled before the first test. */
export function ladderSetup(keepsSip: boolean): LadderSetup {
  const s = {} as LadderSetup;
  beforeAll(async () => {
    requireMode(keepsSip);
    s.traffic = await new SipTraffic({ callerIp: CALLER, calledIp: CALLED, registrarIp: '127.0.0.24', rtpBase: 44_000, seed: 51 }).start();
    s.ringing = await s.traffic.call({ caller: '5101', called: '5191', outcome: 'ringing' });
    s.answered = await s.traffic.call({ caller: '+420601115102', called: '5192', callerName: 'Ladder', outcome: 'answered', answerPayload: 8 });
    s.sensor = await tcpSensor(info);
    s.sim = await startVoipmonitorSim({ aesKeyB64: REAL_SNIFFER_AES.keyB64, aesIvB64: REAL_SNIFFER_AES.ivB64, activeCallInfo: keepsSip, scenario: new Scenario({ count: 50, seed: 3, startTime: Math.floor(Date.now() / 1000) }) });
    // Both calls listed, the answered one with its 200 (the sniffer hands packets on in blocks).
    await eventually('both calls on the sensor', async () => {
      const list = (await s.sensor.listCalls()).calls;
      return byCallId(list, s.ringing.callId) && byCallId(list, s.answered.callId)?.lastSipResponse === 200 ? list : null;
    });
  }, 40_000);
  afterAll(async () => {
    await s.ringing?.hangup();
    await s.answered?.hangup();
    // The next file shares this sniffer: leave only when it has closed these calls (a just-hung-up call
    // is still listed for a second or two and could be taken for one of that file's calls).
    if (s.sensor) {
      await eventually('this file\'s calls gone from the sensor', async () => {
        const list = (await s.sensor.listCalls()).calls;
        return byCallId(list, s.ringing.callId) || byCallId(list, s.answered.callId) ? null : true;
      }, 20_000).catch(() => undefined);
    }
    await s.traffic?.close();
    await s.sensor?.close();
    await s.sim?.stop();
  });
  return s;
}

export async function refOf(s: LadderSetup, callId: string): Promise<string> {
  return byCallId((await s.sensor.listCalls()).calls, callId)?.channel ?? '';
}
