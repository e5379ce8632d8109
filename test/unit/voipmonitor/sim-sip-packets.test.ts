/**
 * The simulator's active_call_info SIP packets follow each call's life the way listcalls reports it
 * (and the real sniffer's entry shape, checked against it in test/real-sniffer/): nothing from the
 * future, a final response and its ACK once the call is answered or fails, CSeq method numbers.
 */
import { describe, it, expect } from 'vitest';
import { callRow, sipPackets, type SimCall } from '../../sims/voipmonitor';
import { activeCallInfo } from '../../sims/voipmonitor/render';
import { Scenario } from '../../sims/voipmonitor';
import { parseCallDetail } from '../../../src-main/connectors/voipmonitor/call-detail';
import { IsoFormatter } from '../../../src-main/connectors/voipmonitor/values';

const call = (o: Partial<SimCall>): SimCall => ({
  ref: '0x7f0000000001', callId: 'c1@sim', caller: '1001', called: '2002', callerName: null, callerIp: 0x0a000001, calledIp: 0x0a000002,
  start: 1_795_363_900, ringSec: 6, talkSec: 60, degradeAfter: -1, codec: 0, failCode: null, jitterBase: 1, ...o,
});
const lines = (c: SimCall, age: number) => sipPackets(c, c.start + age).map((p) => p['sip']);
const lastSip = (c: SimCall, age: number) => callRow(c, c.start + age)[27];

describe('simulated sip_packets over a call\'s life', () => {
  it('answered: INVITE and 100 at once, 180 after a second, 200 and ACK at the answer; the last status matches listcalls', () => {
    const c = call({});
    expect(lines(c, 0)).toEqual(['INVITE sip:2002@10.0.0.2 SIP/2.0', 'SIP/2.0 100 Trying']);
    expect(lastSip(c, 0)).toBe(100);
    expect(lines(c, 2)).toEqual(['INVITE sip:2002@10.0.0.2 SIP/2.0', 'SIP/2.0 100 Trying', 'SIP/2.0 180 Ringing']);
    expect(lastSip(c, 2)).toBe(180);
    expect(lines(c, 6).slice(3)).toEqual(['SIP/2.0 200 OK', 'ACK sip:2002@10.0.0.2:5060 SIP/2.0']);
    expect(lastSip(c, 6)).toBe(200);
    expect(sipPackets(c, c.start + 6).map((p) => p['cseq_m'])).toEqual([1, 1, 1, 1, 10]);
  });

  it('failed: the failure code and its ACK at the end of ringing', () => {
    const c = call({ failCode: 486, ringSec: 4 });
    expect(lines(c, 3)).toEqual(['INVITE sip:2002@10.0.0.2 SIP/2.0', 'SIP/2.0 100 Trying', 'SIP/2.0 180 Ringing']);
    expect(lines(c, 4).slice(3)).toEqual(['SIP/2.0 486 Busy Here', 'ACK sip:2002@10.0.0.2 SIP/2.0']);
    expect(lastSip(c, 4)).toBe(486);
  });

  it('never a packet after the scenario clock; times in µs, ports as strings', () => {
    for (const age of [0, 1, 3, 6, 30]) {
      const c = call({});
      for (const p of sipPackets(c, c.start + age)) {
        expect(p['time'] as number).toBeLessThanOrEqual((c.start + age + 1) * 1e6);
        expect(typeof p['src_port']).toBe('string');
      }
    }
  });

  it('both modes through the client: the ladder with the option, the plain-words "off" without', () => {
    const sc = new Scenario({ count: 0 });
    const c = call({ start: sc.now - 20 });
    sc.calls.set(c.ref, c);
    const f = new IsoFormatter('UTC');
    const on = parseCallDetail('sim', 'sim:1', Buffer.from(activeCallInfo(sc, c.ref, 0, true)), f).sipLadder!;
    expect(on.state).toBe('available');
    expect(on.messages.map((m) => m.status ?? m.method)).toEqual(['INVITE', 100, 180, 200, 'ACK']);
    expect(on.parties).toEqual(['10.0.0.1:5060', '10.0.0.2:5060']);
    const off = parseCallDetail('sim', 'sim:1', Buffer.from(activeCallInfo(sc, c.ref, 0, false)), f).sipLadder!;
    expect(off.state).toBe('disabled');
  });
});
