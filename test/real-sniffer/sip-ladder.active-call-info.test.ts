/**
 * The SIP ladder against the real sniffer started with `active_call_info = yes`
 * (scripts/test-real-sniffer.mjs runs this file in its own sniffer, after the main pass): what the
 * sniffer keeps of each live call's SIP packets, read by the client, and the simulator in the same mode.
 */
import { describe, it, expect } from 'vitest';
import dgram from 'node:dgram';
import { CALLED, CALLER, client, info, ladderSetup, refOf } from './ladder-setup';
import { eventually } from './traffic';

const s = ladderSetup(true);
const ZONED_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/;
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

describe('active_call_info = yes', () => {
  it('an answered call: INVITE, 100, 180, 200, ACK with their CSeq, each captured twice on lo,lo and shown once', async () => {
    const d = await eventually('the ACK in the ladder', async () => {
      const x = await s.sensor.callDetail(await refOf(s, s.answered.callId));
      return x.sipLadder?.messages.some((m) => m.method === 'ACK') ? x : null;
    });
    const l = d.sipLadder!;
    expect(l.state).toBe('available');
    expect(l.note).toBeNull();
    expect(l.messages.map((m) => [m.kind, m.method, m.status, m.cseq, m.direction, m.copies])).toEqual([
      ['request', 'INVITE', null, '1 INVITE', 'from-caller', 2],
      ['response', 'INVITE', 100, '1 INVITE', 'from-called', 2],
      ['response', 'INVITE', 180, '1 INVITE', 'from-called', 2],
      ['response', 'INVITE', 200, '1 INVITE', 'from-called', 2],
      ['request', 'ACK', null, '1 ACK', 'from-caller', 2],
    ]);
    expect(l.messages[0]?.firstLine).toBe(`INVITE sip:5192@${CALLED} SIP/2.0`);
    expect(l.parties).toEqual([`${CALLER}:5060`, `${CALLED}:5060`]);
    for (const m of l.messages) {
      expect(m.time).toMatch(ZONED_MS);
      // Capture times are the packets' own: within a few seconds of when the generator sent them.
      expect(Math.abs(Date.parse(m.time) - s.answered.invitedAt)).toBeLessThan(5000);
      expect(m.sipBytes).toBeGreaterThan(100);
    }
    // The generator waits ~5 ms between messages; the ladder's offsets are µs on the capture clock.
    const offs = l.messages.map((m) => m.offsetUs);
    expect(offs[0]).toBe(0);
    expect(offs[4]).toBeGreaterThan(10_000);
    expect(offs[4]).toBeLessThan(2_000_000);
  });

  it('a cancelled call: CANCEL and its 200 under CSeq "1 CANCEL", then 487 and ACK, before the call leaves the list', async () => {
    await s.ringing.hangup();
    const l = await eventually('the 487 in the ladder', async () => {
      const ref = await refOf(s, s.ringing.callId);
      if (!ref) return null;
      const x = (await s.sensor.callDetail(ref)).sipLadder;
      return x?.messages.some((m) => m.status === 487) ? x : null;
    });
    expect(l.messages.map((m) => `${m.method} ${m.status ?? ''}`.trim())).toEqual(['INVITE', 'INVITE 100', 'INVITE 180', 'CANCEL', 'CANCEL 200', 'INVITE 487', 'ACK']);
    expect(l.messages.find((m) => m.method === 'CANCEL' && m.status === 200)?.cseq).toBe('1 CANCEL');
  });

  it('a hostile request line (2,000 characters and a raw 0x01): the sniffer\'s reply is not valid JSON; the client still reads it, bounded', async () => {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(5060, '127.0.0.25', () => r()));
    const callId = `hostile-${Date.now()}@127.0.0.25`;
    const inv = [`INVITE sip:${'x'.repeat(2000)}\u0001evil@127.0.0.26 SIP/2.0`, 'Via: SIP/2.0/UDP 127.0.0.25:5060;branch=z9hG4bKhostile', 'Max-Forwards: 70', 'From: <sip:666@127.0.0.25>;tag=h1', 'To: <sip:777@127.0.0.26>', `Call-ID: ${callId}`, 'CSeq: 7 INVITE', 'Content-Length: 0', '', ''].join('\r\n');
    await new Promise<void>((r) => sock.send(Buffer.from(inv, 'latin1'), 5060, '127.0.0.26', () => r()));
    sock.close();
    const ref = await eventually('the hostile call', () => refOf(s, callId).then((r) => r || null));
    const raw = await client(info.port).requestText('active_call_info', { json: { callreference: ref } });
    expect(raw).toContain('\u0001');
    expect(() => JSON.parse(raw)).toThrow();
    const d = await s.sensor.callDetail(ref);
    expect(d.fields['callid']).toBe(callId);
    const m = d.sipLadder!.messages[0]!;
    expect(m.cseq).toBe('7 INVITE');
    expect(m.firstLine.length).toBeLessThanOrEqual(300);
    expect(m.firstLine).not.toMatch(/[\u0000-\u001f]/);
  });

  it('the simulator with the option on: the same packet keys, JSON types and escaping as the real sniffer', async () => {
    const realRaw = await client(info.port).requestText('active_call_info', { json: { callreference: await refOf(s, s.answered.callId) } });
    const real = JSON.parse(realRaw) as { sip_packets: Array<Record<string, unknown>> };
    let simRaw = '';
    const answeredRef = await eventually('an answered call on the simulator', async () => {
      for (const [ref] of s.sim.scenario.calls) {
        simRaw = await client(s.sim.port).requestText('active_call_info', { json: { callreference: ref } });
        if (simRaw.includes('SIP\\/2.0 200 OK')) return ref;
      }
      s.sim.scenario.tick(2);
      return null;
    });
    expect(answeredRef).toBeTruthy();
    const fake = JSON.parse(simRaw) as typeof real;
    const sig = (x: Record<string, unknown>) => Object.entries(x).map(([k, v]) => `${k}:${typeOf(v)}`);
    expect(sig(fake.sip_packets[0]!)).toEqual(sig(real.sip_packets[0]!));
    expect(fake.sip_packets.map((p) => p['cseq_m'])).toEqual([1, 1, 1, 1, 10]);
    // Both escape "/" in the first line.
    expect(realRaw).toContain('SIP\\/2.0');
    expect(simRaw).toContain('SIP\\/2.0');
  });
});
