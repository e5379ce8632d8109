import { describe, it, expect } from 'vitest';
import { buildCdrParams, normaliseCdrEntry, normalisePartyFilter } from '../../../src-main/connectors/ucm/cdr';
import { isoToUcmLocal, parseUcmOffset, ucmLocalToIso } from '../../../src-main/connectors/ucm/time';
import { cdrQuerySchema } from '../../../src-main/domain/cdr';
import { CallboardError } from '../../../src-main/core/errors';
import { ucmStatusError, KNOWN_STATUSES } from '../../../src-main/connectors/ucm/status';

// A realistic grouped record (docs/UCM.md §4): an inbound call answered by 203, then transferred to 205, and a flat call.
const grouped = {
  cdr: '1716890012345678-0712345678',
  main_cdr: { AcctId: '', src: '0712345678', dst: '0215550100', start: '2024-05-28 10:00:12', answer: '', end: '', duration: '185', billsec: '172', disposition: '', uniqueid: '', userfield: '', session: '1716890012345678-0712345678', action_type: 'DIAL', recordfiles: '', caller_name: '' },
  sub_cdr_2: { AcctId: '4102', src: '0712345678', dst: '205', channel: 'PJSIP/trunk_1-00000041', dstchannel: 'PJSIP/205-00000044', start: '2024-05-28 10:01:05', answer: '2024-05-28 10:01:11', end: '2024-05-28 10:03:17', duration: '132', billsec: '126', disposition: 'ANSWERED', userfield: 'Inbound', recordfiles: '2024-05/auto-1716890071-0712345678-205.wav@', dstanswer: '205' },
  sub_cdr_1: { AcctId: '4101', src: '0712345678', dst: '203', channel: 'PJSIP/trunk_1-00000041', dstchannel: 'PJSIP/203-00000042', start: '2024-05-28 10:00:12', answer: '2024-05-28 10:00:19', end: '2024-05-28 10:01:05', duration: '53', billsec: '46', disposition: 'ANSWERED', userfield: 'Inbound', recordfiles: '2024-05/auto-1716890019-0712345678-203.wav@', dstanswer: '203' },
  sub_cdr_3: null,
};
const flat = { cdr: '1716890400987654-203', AcctId: '4103', src: '203', dst: '0215550199', clid: '"Reception" <0215550100>', channel: 'PJSIP/203-00000046', dstchannel: 'PJSIP/trunk_1-00000047', start: '2024-05-28 10:06:40', answer: '2024-05-28 10:06:52', end: '2024-05-28 10:08:02', duration: '82', billsec: '70', disposition: 'ANSWERED', userfield: 'Outbound', caller_name: 'Reception', recordfiles: '' };

describe('UCM CDR normalisation', () => {
  it('flattens main_cdr + sub_cdr_N into one record with ordered legs', () => {
    const r = normaliseCdrEntry(grouped, 'hq', '+02:00')!;
    expect(r.id).toBe('4101');
    expect(r.start).toBe('2024-05-28T10:00:12+02:00');
    expect(r.answer).toBe('2024-05-28T10:00:19+02:00');
    expect(r.end).toBe('2024-05-28T10:03:17+02:00');
    expect(r.durationSec).toBe(185);
    expect(r.billsec).toBe(172);
    expect(r.caller).toBe('0712345678');
    expect(r.callee).toBe('0215550100');
    expect(r.disposition).toBe('ANSWERED');
    expect(r.legs.map((l) => l.dst)).toEqual(['203', '205']);
    expect(r.legs[1]).toEqual({ channel: 'PJSIP/trunk_1-00000041', dstchannel: 'PJSIP/205-00000044', src: '0712345678', dst: '205', start: '2024-05-28T10:01:05+02:00', billsec: 126, disposition: 'ANSWERED' });
    expect(r.recordFiles).toEqual(['2024-05/auto-1716890019-0712345678-203.wav', '2024-05/auto-1716890071-0712345678-205.wav']);
    expect(r.extra.direction).toBe('Inbound');
    expect(r.extra.answeredBy).toBe('203');
  });

  it('reads a flat record and takes the caller name from caller_name', () => {
    const r = normaliseCdrEntry(flat, 'hq', '-05:00')!;
    expect(r).toMatchObject({ id: '4103', start: '2024-05-28T10:06:40-05:00', billsec: 70, callerName: 'Reception', disposition: 'ANSWERED', recordFiles: [] });
    expect(r.legs).toHaveLength(1);
  });

  it('accepts sub_cdr arrays and skips junk entries', () => {
    const r = normaliseCdrEntry({ main_cdr: grouped.main_cdr, sub_cdr_1: [grouped.sub_cdr_1, null, 5], sub_cdr_2: 'x' }, 'hq', '+00:00')!;
    expect(r.legs).toHaveLength(1);
    expect(normaliseCdrEntry(null, 'hq', '+00:00')).toBeNull();
    expect(normaliseCdrEntry({ start: '0000-00-00 00:00:00' }, 'hq', '+00:00')).toBeNull();
    expect(normaliseCdrEntry({ start: { evil: 1 }, src: ['x'] }, 'hq', '+00:00')).toBeNull();
  });

  it('unanswered grouped call takes the last leg disposition', () => {
    const g = { ...grouped, sub_cdr_1: { ...grouped.sub_cdr_1, disposition: 'NO ANSWER', billsec: '0' }, sub_cdr_2: { ...grouped.sub_cdr_2, disposition: 'BUSY', billsec: '0' } };
    const r = normaliseCdrEntry(g, 'hq', '+00:00')!;
    expect(r.disposition).toBe('BUSY');
    expect(r.answer).toBeNull();
  });
});

describe('UCM CDR filters and times', () => {
  it('parses system-time offsets in both date orders', () => {
    expect(parseUcmOffset('23-11-2022 14:37:26 UTC+00:00')).toBe(0);
    expect(parseUcmOffset('2022-11-23 14:37:26 UTC+08:00')).toBe(480);
    expect(parseUcmOffset('2022-11-23 14:37:26 UTC-03:30')).toBe(-210);
    expect(parseUcmOffset('2022-11-23 14:37:26')).toBeNull();
  });

  it('converts between ISO and UCM local time', () => {
    expect(isoToUcmLocal('2024-05-01T00:00:00Z', 120)).toBe('2024-05-01T02:00:00');
    expect(isoToUcmLocal('2024-05-01T10:00:00+08:00', 120)).toBe('2024-05-01T04:00:00');
    expect(isoToUcmLocal('yesterday', 0)).toBeNull();
    expect(ucmLocalToIso('2024-05-01 02:00:00', '+02:00')).toBe('2024-05-01T02:00:00+02:00');
    expect(ucmLocalToIso('', '+02:00')).toBeNull();
  });

  it('accepts the UCM list/range/wildcard syntax and rejects what the UCM would silently ignore', () => {
    expect(normalisePartyFilter('1000, 1002-1005,10@', 'caller')).toBe('1000,1002-1005,10@');
    for (const bad of [',1000', '1000,,1001', '', '1-2-3', '10 00', '1@-2-3']) {
      expect(() => normalisePartyFilter(bad, 'caller')).toThrow(CallboardError);
    }
  });

  it('omits unused keys and sends naive UCM-local times', () => {
    const q = cdrQuerySchema.parse({ profileId: 'hq', from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z', caller: '1000', minDurationSec: 5 });
    expect(buildCdrParams(q, 60)).toEqual({ format: 'json', startTime: '2024-05-01T01:00:00', endTime: '2024-05-02T01:00:00', caller: '1000', minDur: 5 });
    expect(() => buildCdrParams({ ...q, from: '2024-05-03T00:00:00Z' }, 0)).toThrow(/after the end/);
  });

  it('has an operator message for every status in the table', () => {
    for (const st of KNOWN_STATUSES) {
      const e = ucmStatusError(st, 'UCM "HQ"', 'cdrapi', 'cdrapi');
      expect(e.message).toContain('UCM "HQ"');
      expect(e.message).toContain(`(status ${st})`);
    }
    expect(ucmStatusError(-37, 'UCM "HQ"', 'login', 'cdrapi').message).toMatch(/rejected the password for API user "cdrapi".*will not retry/);
    expect(ucmStatusError(-999, 'UCM "HQ"', 'x').message).toContain('-999');
  });
});
