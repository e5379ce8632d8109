import { describe, it, expect } from 'vitest';
import { summarizeCdrs } from '../../../src-main/services/kpi/cdr-summary';
import { DestinationClassifier, channelPeer, ipMatcher, trunkResolver } from '../../../src-main/services/kpi/groups';
import type { CdrRecord } from '../../../src-main/domain/cdr';

function rec(i: number, start: string, disposition: string, billsec: number, p: Partial<CdrRecord> = {}): CdrRecord {
  return {
    id: String(i), profileId: 'pbx', source: 'ucm', callId: null, start, answer: null, end: null, durationSec: billsec + 5, billsec,
    caller: '1001', callerName: null, callee: '+420224123456', disposition, legs: [], recordFiles: [], extra: {}, ...p,
  };
}

// Hand-counted: hour 10: 3 calls (2 answered: 60 + 30 s), hour 11: 1 busy, hour 12: none, hour 13: 1 answered 90 s.
const records = [
  rec(1, '2026-03-02T10:05:00Z', 'ANSWERED', 60, { extra: { dstTrunk: 'Carrier' } }),
  rec(2, '2026-03-02T10:15:00+00:00', 'ANSWERED', 30),
  rec(3, '2026-03-02T11:59:59+01:00', 'NO ANSWER', 0, { callee: '+442079460000' }), // 10:59:59 UTC
  rec(4, '2026-03-02T11:20:00Z', 'BUSY', 0, { extra: { dstTrunk: 'Carrier' } }),
  rec(5, '2026-03-02T13:00:00Z', 'ANSWERED', 90, { callee: '2001' }),
];
const opts = { minSample: 1, trunks: trunkResolver([{ label: 'Carrier A', ips: [], names: ['Carrier'] }]), destinations: new DestinationClassifier('CZ') };

describe('CDR summary', () => {
  it('totals and hour buckets (empty hours of the range included)', () => {
    const s = summarizeCdrs(records, { ...opts, by: 'hour', fromMs: Date.parse('2026-03-02T10:00:00Z'), toMs: Date.parse('2026-03-02T14:00:00Z') });
    expect(s.calls).toBe(5);
    expect(s.answered).toBe(3);
    expect(s.asr).toBe(60);
    expect(s.ner).toBe(100); // busy and no answer are user-side
    expect(s.acd).toBe(60); // (60+30+90)/3
    expect(s.buckets.map((b) => [b.start, b.calls, b.answered, b.asr, b.acd])).toEqual([
      ['2026-03-02T10:00:00.000Z', 3, 2, 66.67, 45],
      ['2026-03-02T11:00:00.000Z', 1, 0, 0, null],
      ['2026-03-02T12:00:00.000Z', 0, 0, null, null],
      ['2026-03-02T13:00:00.000Z', 1, 1, 100, 90],
    ]);
  });
  it('by trunk (UCM trunk names through the map) and by destination (dial policy classes)', () => {
    const t = summarizeCdrs(records, { ...opts, by: 'trunk' });
    expect(t.buckets.map((b) => [b.label, b.calls, b.answered])).toEqual([['(no trunk)', 3, 2], ['Carrier A', 2, 1]]);
    const d = summarizeCdrs(records, { ...opts, by: 'destination' });
    expect(d.buckets.map((b) => [b.label, b.calls])).toEqual([['CZ national', 3], ['GB international', 1], ['internal', 1]]);
  });
  it('below the minimum sample the figures are marked, not hidden', () => {
    const s = summarizeCdrs(records, { ...opts, by: 'hour', minSample: 10 });
    expect(s.kpis.asr).toEqual({ value: 60, n: 5, enough: false });
  });
  it('IP/CIDR and channel matching', () => {
    expect(ipMatcher('10.0.0.0/8')('10.200.1.1')).toBe(true);
    expect(ipMatcher('10.0.0.0/8')('11.0.0.1')).toBe(false);
    expect(ipMatcher('192.0.2.5')('192.0.2.5')).toBe(true);
    expect(ipMatcher('2001:db8::1')('2001:DB8::1')).toBe(true);
    expect(channelPeer('PJSIP/trunk_1-0000026e')).toBe('trunk_1');
    expect(channelPeer('SIP/trunk1-0a')).toBe('trunk1');
  });
});
