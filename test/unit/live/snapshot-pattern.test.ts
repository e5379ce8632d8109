import { describe, it, expect } from 'vitest';
import { contains, sensorPattern } from '../../../src-main/services/live/snapshot';

describe('live number patterns (the sniffer LIKE wildcards)', () => {
  it('"420%" finds numbers written with a leading +, as the README example says', () => {
    expect(contains('420%', '+420601234567')).toBe(true);
    expect(contains('420%', '420601234567')).toBe(true);
    expect(contains('420%', '+1420555')).toBe(false);
    expect(contains('+420%', '420601')).toBe(false);
    expect(contains('10_', '101')).toBe(true);
    expect(contains('10_', '1011')).toBe(false);
    expect(contains('601', '+420601234567')).toBe(true);
    // The sensor gets a superset; the exact match is made locally.
    expect(sensorPattern('420%')).toBe('%420%');
    expect(sensorPattern('+420%')).toBe('+420%');
    expect(sensorPattern('601')).toBe('%601%');
  });
});
