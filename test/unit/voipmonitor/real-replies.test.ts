/**
 * The client's parsing of replies captured from the real sniffer 2026.04.0 (fixture header says how):
 * the places where the client, the simulator and the protocol note used to disagree with it.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { normaliseCalls, parseListcallsBody } from '../../../src-main/connectors/voipmonitor/listcalls';
import { parseRegistrations } from '../../../src-main/connectors/voipmonitor/registrations';
import { parsePcapstat, parseSnifferStat } from '../../../src-main/connectors/voipmonitor/health';
import { parseCallDetail } from '../../../src-main/connectors/voipmonitor/call-detail';
import { IsoFormatter } from '../../../src-main/connectors/voipmonitor/values';

const real = JSON.parse(readFileSync(new URL('../../fixtures/voipmonitor/real-sniffer-2026.04.0.json', import.meta.url), 'utf8')) as Record<string, string>;
const utc = new IsoFormatter('UTC');
const prague = new IsoFormatter('Europe/Prague');
const calls = (body: string) => normaliseCalls(parseListcallsBody('real', body), { sensor: 'real', formatter: utc });
const byCaller = (body: string, caller: string) => calls(body).find((c) => c.caller === caller);

describe('listcalls from the real sniffer', () => {
  it('a ringing call (no RTP) has no codec although the sniffer reports calledcodec 0, and no MOS although it reports 45', () => {
    expect(byCaller(real['listcallsEarly'] ?? '', '1001')).toMatchObject({ state: 'ringing', lastSipResponse: 180, codec: null, mosCaller: null, mosCalled: null, jitterCaller: null });
    // The sniffer leaves calledcodec uninitialised until the callee sends RTP: garbage shows as nothing too.
    const garbled = (real['listcallsEarly'] ?? '').split(',null,null,null,null,-1,0,45,').join(',null,null,null,null,-1,1935635305,45,');
    expect(garbled).not.toBe(real['listcallsEarly']);
    expect(byCaller(garbled, '1001')?.codec).toBeNull();
  });

  it('a 486 call: failed, no codec, no MOS', () => {
    expect(byCaller(real['listcallsEarly'] ?? '', '1002')).toMatchObject({ state: 'failed', lastSipResponse: 486, codec: null, mosCaller: null });
  });

  it('an answered call in its first seconds: codec and loss yes, MOS no (45 with average 0 is a placeholder)', () => {
    const c = byCaller(real['listcallsEarly'] ?? '', '+420601111222');
    expect(c).toMatchObject({ state: 'connected', codec: 'PCMA', mosCaller: null, mosCalled: null });
    expect(c?.lossCaller).toBeCloseTo(4.477612, 5);
    expect(c?.start).toBe('2026-12-01T10:37:29+00:00');
  });

  it('after the first 10 s interval the MOS is the sniffer\'s adaptive-jitterbuffer value', () => {
    const c = byCaller(real['listcallsScored'] ?? '', '+420601111222');
    expect(c?.mosCaller).toBe(3.0);
    expect(c?.mosCalled).toBe(3.0);
  });
});

describe('the rest, from the real sniffer', () => {
  it('pcapstat with two capture interfaces on one line', () => {
    expect(parsePcapstat(Buffer.from(real['pcapstatTwoInterfaces'] ?? ''))).toEqual([
      { name: 'lo', pdrops: 0, pcapdrop: 0, ifdrop: 0 },
      { name: 'lo', pdrops: 0, pcapdrop: 0, ifdrop: 0 },
    ]);
    expect(parsePcapstat(Buffer.from('ok'))).toEqual([]);
  });

  it('registration times get the sensor zone\'s offset (the sniffer prints local time without one)', () => {
    const regs = parseRegistrations('real', Buffer.from(real['listregisters'] ?? ''), utc);
    expect(regs.map((r) => [r.user, r.state, r.lastChange, r.expiresAt])).toEqual([
      ['1001', 'UnknownMessageOK', '2026-12-01T10:37:29+00:00', '2026-12-01T11:37:29+00:00'],
      ['1002', 'Failed', '2026-12-01T10:37:29+00:00', '2026-12-01T11:37:29+00:00'],
    ]);
    // The same wall-clock text from a sensor in Prague is an hour earlier in UTC.
    expect(parseRegistrations('real', Buffer.from(real['listregisters'] ?? ''), prague)[0]?.lastChange).toBe('2026-12-01T10:37:29+01:00');
  });

  it('active_call_info stream times are microseconds: the right year, with the zone', () => {
    const d = parseCallDetail('real', 'real:0x7f9ae4033010', Buffer.from(real['activeCallInfo'] ?? ''), utc);
    expect(d.rtpStreams.map((s) => [s.srcIp, s.srcPort, s.codec, s.firstSeen, s.lastSeen])).toEqual([
      ['127.0.0.2', 40008, 'PCMA', '2026-12-01T10:37:29+00:00', '2026-12-01T10:37:31+00:00'],
      ['127.0.0.3', 40010, 'PCMA', '2026-12-01T10:37:29+00:00', '2026-12-01T10:37:31+00:00'],
    ]);
    expect(d.fields['calldate']).toBe('2026-12-01T10:37:29+00:00');
    expect(d.sipLadder).toMatchObject({ state: 'disabled', messages: [], note: 'The sensor does not keep SIP messages for live calls (its option active_call_info is off).' });
  });

  it('sniffer_stat while initializing: an empty pbStatString is no call count, not zero', () => {
    const s = parseSnifferStat('real', Buffer.from(real['snifferStat'] ?? ''));
    expect(s).toMatchObject({ version: '2026.04.0', initializing: true, activeCalls: null, memoryFull: false, bufferDrops: 0 });
  });
});
