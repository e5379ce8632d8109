/**
 * The SIP ladder from `active_call_info`: the real sniffer's reply shapes (fixture header says how they
 * were captured) and hostile input (bad times, addresses, control and bidi characters, floods).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCallDetail } from '../../../src-main/connectors/voipmonitor/call-detail';
import { MAX_INPUT, MAX_LINE, MAX_MESSAGES, parseSipLadder, SIP_OFF_NOTE } from '../../../src-main/connectors/voipmonitor/sip-ladder';
import { IsoFormatter } from '../../../src-main/connectors/voipmonitor/values';
import { sipLadderSchema } from '../../../src-main/domain/sip-ladder';

const real = JSON.parse(readFileSync(new URL('../../fixtures/voipmonitor/real-sniffer-2026.04.0-active-call-info.json', import.meta.url), 'utf8')) as Record<string, string>;
const utc = new IsoFormatter('UTC');
const prague = new IsoFormatter('Europe/Prague');
const detail = (name: string, f = utc) => parseCallDetail('real', 'real:0x1', Buffer.from(real[name] ?? ''), f);

const pkt = (o: Partial<Record<string, unknown>> = {}) => ({
  time: 1_796_131_798_029_786, src_ip: '10.0.0.1', src_port: '5060', dst_ip: '10.0.0.2', dst_port: '5060', sip: 'INVITE sip:100@10.0.0.2 SIP/2.0', sip_len: 500, packet_len: 542, cseq_m: 1, cseq_n: 1, ...o,
});

describe('the real sniffer with active_call_info = yes', () => {
  it('an answered call: INVITE, 100, 180, 200, ACK; each packet captured twice on lo,lo is shown once with its copies', () => {
    const l = detail('answered').sipLadder!;
    expect(sipLadderSchema.parse(l)).toEqual(l);
    expect(l.state).toBe('available');
    expect(l.note).toBeNull();
    expect(l.messages.map((m) => [m.firstLine.split(' ').slice(0, 2).join(' '), m.cseq, m.direction, m.copies])).toEqual([
      ['INVITE sip:5093@127.0.0.3', '1 INVITE', 'from-caller', 2],
      ['SIP/2.0 100', '1 INVITE', 'from-called', 2],
      ['SIP/2.0 180', '1 INVITE', 'from-called', 2],
      ['SIP/2.0 200', '1 INVITE', 'from-called', 2],
      ['ACK sip:5093@127.0.0.3:5060', '1 ACK', 'from-caller', 2],
    ]);
    expect(l.parties).toEqual(['127.0.0.2:5060', '127.0.0.3:5060']);
    const [inv, , , ok] = l.messages;
    expect(inv).toMatchObject({ kind: 'request', method: 'INVITE', status: null, src: '127.0.0.2', srcPort: 5060, dst: '127.0.0.3', dstPort: 5060, offsetUs: 0 });
    expect(ok).toMatchObject({ kind: 'response', method: 'INVITE', status: 200, firstLine: 'SIP/2.0 200 OK' });
    // The sniffer escapes "/" as "\/": the line reads as sent.
    expect(inv?.firstLine).toBe('INVITE sip:5093@127.0.0.3 SIP/2.0');
    // Microsecond capture times: milliseconds in the ISO text, the zone's offset, offsets rising.
    for (const m of l.messages) expect(m.time).toMatch(/^2026-12-01T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    const offs = l.messages.map((m) => m.offsetUs);
    expect(offs).toEqual([...offs].sort((a, b) => a - b));
    expect(offs.at(-1)).toBeGreaterThan(0);
    expect(offs.at(-1)).toBeLessThan(1_000_000);
  });

  it('the same instant in another sensor zone carries that zone\'s offset', () => {
    const a = detail('answered').sipLadder!.messages[0]!;
    const b = detail('answered', prague).sipLadder!.messages[0]!;
    expect(b.time).toMatch(/\+01:00$/);
    expect(Date.parse(b.time)).toBe(Date.parse(a.time));
  });

  it('a cancelled call: CANCEL and its 200 carry CSeq "1 CANCEL", the 487 answers the INVITE', () => {
    const l = detail('cancelled').sipLadder!;
    expect(l.messages.map((m) => `${m.firstLine.startsWith('SIP/2.0') ? m.firstLine.slice(8) : m.method} | ${m.cseq}`)).toEqual([
      'INVITE | 1 INVITE', '100 Trying | 1 INVITE', '180 Ringing | 1 INVITE', 'CANCEL | 1 CANCEL', '200 OK | 1 CANCEL', '487 Request Terminated | 1 INVITE', 'ACK | 1 ACK',
    ]);
  });

  it('a hostile request line: the sniffer\'s reply is not valid JSON, the client still reads the call, bounded and without the control byte', () => {
    expect(() => JSON.parse(real['hostile'] ?? '')).toThrow();
    const d = detail('hostile');
    expect(d.fields['callid']).toBe('hostile-1@127.0.0.5');
    const m = d.sipLadder!.messages[0]!;
    expect(m.firstLine.length).toBe(MAX_LINE);
    expect(m.firstLine.endsWith('…')).toBe(true);
    expect(m.firstLine).not.toMatch(/[\u0000-\u001f]/);
    expect(m.cseq).toBe('7 INVITE');
    expect(d.sipLadder!.messages).toHaveLength(1);
    expect(m.copies).toBe(2);
  });

  it('without the option: the sniffer\'s text becomes a plain-words "off"', () => {
    expect(parseSipLadder('active call info is disabled (option active_call_info)', utc)).toEqual({ state: 'disabled', note: SIP_OFF_NOTE, messages: [], parties: [], omitted: 0, rejected: 0 });
  });
});

describe('hostile and odd sip_packets', () => {
  it('missing, another text, or not an array: unavailable, said in words', () => {
    expect(parseSipLadder(undefined, utc)).toMatchObject({ state: 'unavailable', note: expect.stringMatching(/no SIP messages/) });
    expect(parseSipLadder('\u202Eevil\u0007 text', utc)).toMatchObject({ state: 'unavailable', note: 'The sensor sent no SIP messages for this call: "\ufffdevil\ufffd text".' });
    expect(parseSipLadder({ a: 1 }, utc)).toMatchObject({ state: 'unavailable', note: expect.stringMatching(/form Callboard does not read/) });
    expect(parseSipLadder([], utc)).toEqual({ state: 'available', note: null, messages: [], parties: [], omitted: 0, rejected: 0 });
  });

  it('entries with a bad time, address, port or line are left out and counted; the rest stay', () => {
    const l = parseSipLadder([
      pkt(),
      pkt({ time: 1e20 }), pkt({ time: -5 }), pkt({ time: '1796131798029786' }), pkt({ time: 1.5 }),
      pkt({ src_ip: '10.0.0.1; rm -rf' }), pkt({ dst_ip: 'x'.repeat(100) }), pkt({ src_ip: 2130706433 }),
      pkt({ sip: '' }), pkt({ sip: 42 }), null, 'text', [1, 2],
      pkt({ time: 1_796_131_798_529_786, src_port: '99999', dst_port: 'abc', sip: 'SIP/2.0 180 Ringing', cseq_m: 999, cseq_n: -1, sip_len: 'x' }),
    ], utc);
    expect(l.rejected).toBe(12);
    expect(l.note).toMatch(/^12 entries from the sensor had no valid time, address or first line and are left out\.$/);
    expect(l.messages).toHaveLength(2);
    expect(l.messages[1]).toMatchObject({ srcPort: null, dstPort: null, status: 180, method: null, cseq: null, sipBytes: null, kind: 'response' });
  });

  it('control and bidirectional-override characters never reach a line; an unknown first line is "other"', () => {
    const l = parseSipLadder([pkt({ sip: 'INVITE sip:\u202Egnp.exe@x SIP/2.0' }), pkt({ time: 1_796_131_799_000_000, sip: '\u0000\u001b[31mhello\u2066' })], utc);
    expect(l.messages.map((m) => m.firstLine)).toEqual(['INVITE sip:\ufffdgnp.exe@x SIP/2.0', '\ufffd\ufffd[31mhello\ufffd']);
    expect(l.messages[1]).toMatchObject({ kind: 'other', method: 'INVITE', status: null });
  });

  it('IPv6 parties are bracketed; direction follows the call\'s caller address when given', () => {
    const l = parseSipLadder([
      pkt({ src_ip: '2001:db8::2', dst_ip: '2001:db8::1', sip: 'SIP/2.0 100 Trying' }),
      pkt({ time: 1_796_131_799_000_000, src_ip: '2001:db8::1', dst_ip: '2001:db8::2' }),
    ], utc, '2001:db8::1');
    expect(l.parties).toEqual(['[2001:db8::1]:5060', '[2001:db8::2]:5060']);
    expect(l.messages.map((m) => m.direction)).toEqual(['from-called', 'from-caller']);
  });

  it('a retransmission 500 ms later is its own row; copies within 2 ms fold', () => {
    const t = 1_796_131_798_000_000;
    const l = parseSipLadder([pkt({ time: t }), pkt({ time: t + 3 }), pkt({ time: t + 500_000 }), pkt({ time: t + 1500, sip_len: 501 })], utc);
    expect(l.messages.map((m) => [m.offsetUs, m.copies])).toEqual([[0, 2], [1500, 1], [500_000, 1]]);
  });

  it('a flood is bounded: at most MAX_INPUT entries read and MAX_MESSAGES shown, the rest counted and said', () => {
    const flood = Array.from({ length: MAX_INPUT + 100 }, (_, i) => pkt({ time: 1_796_131_798_000_000 + i * 10_000, cseq_n: i }));
    const started = performance.now();
    const l = parseSipLadder(flood, utc);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(l.messages).toHaveLength(MAX_MESSAGES);
    expect(l.omitted).toBe(flood.length - MAX_MESSAGES);
    expect(l.note).toMatch(/Only the first 500 messages are shown; 4,600 more are not\./);
  });

  it('many parties: lanes are bounded, every message still listed', () => {
    const many = Array.from({ length: 40 }, (_, i) => pkt({ time: 1_796_131_798_000_000 + i * 10_000, src_ip: `10.0.1.${i + 1}` }));
    const l = parseSipLadder(many, utc);
    expect(l.parties.length).toBeLessThanOrEqual(12);
    expect(l.messages).toHaveLength(40);
  });
});
