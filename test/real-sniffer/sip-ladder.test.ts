/**
 * The SIP ladder against the real sniffer with its defaults (`active_call_info` off: the sniffer sends a
 * text instead of the packets). The other mode is sip-ladder.active-call-info.test.ts.
 */
import { describe, it, expect } from 'vitest';
import { SIP_OFF_NOTE } from '../../src-main/connectors/voipmonitor/sip-ladder';
import { client, info, ladderSetup, refOf } from './ladder-setup';

const s = ladderSetup(false);

describe('active_call_info off (the sniffer\'s default)', () => {
  it('the sniffer sends its "disabled" text; the drill-down says in words that the sensor keeps no SIP messages', async () => {
    const raw = JSON.parse(await client(info.port).requestText('active_call_info', { json: { callreference: await refOf(s, s.answered.callId) } })) as { sip_packets: unknown };
    expect(raw.sip_packets).toBe('active call info is disabled (option active_call_info)');
    const d = await s.sensor.callDetail(await refOf(s, s.answered.callId));
    expect(d.sipLadder).toEqual({ state: 'disabled', note: SIP_OFF_NOTE, messages: [], parties: [], omitted: 0, rejected: 0 });
  });

  it('the simulator in its default mode sends the same text', async () => {
    const ref = [...s.sim.scenario.calls.keys()][0] ?? '';
    const fake = JSON.parse(await client(s.sim.port).requestText('active_call_info', { json: { callreference: ref } })) as { sip_packets: unknown };
    expect(fake.sip_packets).toBe('active call info is disabled (option active_call_info)');
  });
});

