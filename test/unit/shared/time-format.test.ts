/** The one time and duration formatter every surface uses (src-shared/time-format.ts). */
import { describe, it, expect } from 'vitest';
import { displayZone, formatDuration, formatIso, formatOffset, formatTime, plural, rangeBound, timeHeader, wallToMs, isoOffsetMinutes, msToInput } from '../../../src-shared/time-format';

// A UCM CDR as the issue saw it: 23:58:17 in the operator's table, 01:58:17+02:00 on the PBX.
const ISO = '2024-05-02T01:58:17+02:00';

describe('formatTime', () => {
  it('shows one instant on the chosen clock', () => {
    expect(formatTime(ISO, displayZone('utc', 'Europe/Prague'))).toBe('2024-05-01 23:58:17');
    expect(formatTime(ISO, displayZone('operator', 'America/New_York'))).toBe('2024-05-01 19:58:17');
    expect(formatTime(ISO, displayZone('operator', 'Europe/Prague'))).toBe('2024-05-02 01:58:17');
    // The source's clock keeps the PBX's own offset and names it, since rows may differ.
    expect(formatTime(ISO, displayZone('source', 'America/New_York'))).toBe('2024-05-02 01:58:17 +02:00');
    expect(formatTime('2024-05-02T01:58:17-03:30', displayZone('source', 'UTC'))).toBe('2024-05-02 01:58:17 -03:30');
  });

  it('uses the sensor zone for instants without a source offset, and epoch ms works too', () => {
    const ms = Date.parse(ISO);
    expect(formatTime(ms, displayZone('source', 'UTC'), 'Asia/Tokyo')).toBe('2024-05-02 08:58:17 +09:00');
    expect(formatTime('2024-05-01T23:58:17Z', displayZone('source', 'UTC'), 'Europe/Prague')).toBe('2024-05-02 01:58:17 +02:00');
    expect(formatTime(ms, displayZone('utc'))).toBe('2024-05-01 23:58:17');
  });

  it('returns empty for no value and the text itself for garbage', () => {
    expect(formatTime(null, displayZone('utc'))).toBe('');
    expect(formatTime('soon', displayZone('utc'))).toBe('soon');
  });

  it('follows DST changes of the zone', () => {
    expect(formatTime('2024-03-31T00:30:00Z', displayZone('operator', 'Europe/Prague'))).toBe('2024-03-31 01:30:00');
    expect(formatTime('2024-03-31T01:30:00Z', displayZone('operator', 'Europe/Prague'))).toBe('2024-03-31 03:30:00');
    expect(formatIso('2024-03-31T01:30:00Z', displayZone('operator', 'Europe/Prague'))).toBe('2024-03-31T03:30:00+02:00');
  });

  it('names the zone in headers', () => {
    expect(timeHeader('Start', displayZone('utc'))).toBe('Start (UTC)');
    expect(timeHeader('Start', displayZone('operator', 'Europe/Prague'))).toBe('Start (Europe/Prague)');
    expect(timeHeader('Start', displayZone('source'), 'PBX clock')).toBe('Start (PBX clock)');
  });
});

describe('ranges and inputs', () => {
  it('a bare date is the whole day: --from D --to D covers D', () => {
    expect(rangeBound('2024-05-01', 'from', 'Europe/Prague')).toBe('2024-05-01T00:00:00+02:00');
    expect(rangeBound('2024-05-01', 'to', 'Europe/Prague')).toBe('2024-05-02T00:00:00+02:00');
    const from = Date.parse(rangeBound('2024-05-01', 'from', 'UTC')!);
    const to = Date.parse(rangeBound('2024-05-01', 'to', 'UTC')!);
    expect((to - from) / 3600_000).toBe(24);
    // Across the autumn DST change the day has 25 hours.
    const a = Date.parse(rangeBound('2024-10-27', 'from', 'Europe/Prague')!);
    const b = Date.parse(rangeBound('2024-10-27', 'to', 'Europe/Prague')!);
    expect((b - a) / 3600_000).toBe(25);
  });

  it('keeps explicit offsets, reads naive times on the zone clock, rejects non-dates', () => {
    expect(rangeBound('2024-05-01T10:00+05:00', 'to', 'UTC')).toBe('2024-05-01T10:00+05:00');
    expect(rangeBound('2024-05-01T10:00', 'from', 'America/New_York')).toBe('2024-05-01T10:00:00-04:00');
    expect(rangeBound('2024-02-31', 'from', 'UTC')).toBeNull();
    expect(rangeBound('yesterday', 'from', 'UTC')).toBeNull();
  });

  it('round-trips datetime-local values on a zone clock', () => {
    const ms = wallToMs('2024-06-01T08:00', 'Asia/Kolkata')!;
    expect(new Date(ms).toISOString()).toBe('2024-06-01T02:30:00.000Z');
    expect(msToInput(ms, 'Asia/Kolkata')).toBe('2024-06-01T08:00');
    expect(isoOffsetMinutes('2024-06-01T08:00:00-03:30')).toBe(-210);
    expect(isoOffsetMinutes('2024-06-01')).toBeNull();
    expect(formatOffset(-210)).toBe('-03:30');
  });
});

describe('durations and counts', () => {
  it('one rounding rule: whole seconds elapsed', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.9)).toBe('0:59');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('');
  });

  it('plurals with thousands separators', () => {
    expect(plural(1, 'call')).toBe('1 call');
    expect(plural(0, 'call')).toBe('0 calls');
    expect(plural(10401, 'call')).toBe('10,401 calls');
  });
});
