import { describe, it, expect } from 'vitest';
import { BinnedValues } from '../../../src-main/services/kpi/live-agg';
import { attemptKpis, nearestRank, withMinSample } from '../../../src-main/services/kpi/definitions';

describe('binned percentiles (live loss and jitter)', () => {
  it('nearest rank over 0.1-wide bins equals the exact nearest rank rounded down to 0.1; max is exact', () => {
    const values = [0, 0, 0.04, 0.3, 1.25, 2.5, 2.5, 3.71, 9.99, 42.123];
    const b = new BinnedValues(100);
    for (const v of values) b.add(v);
    const sorted = [...values].sort((x, y) => x - y);
    for (const p of [10, 50, 90, 95, 100]) expect(b.percentile(p)).toBe(Math.min(Math.floor((nearestRank(sorted, p) as number) * 10 + 1e-9) / 10, 42.123));
    expect(b.figures(5).max).toEqual({ value: 42.123, n: 10, enough: true });
    expect(b.percentile(50)).toBe(1.2);
    b.reset();
    expect(b.percentile(50)).toBeNull();
    const over = new BinnedValues(1);
    over.add(7);
    expect(over.percentile(95)).toBe(1); // clipped to the top bin, never above the max
    expect(over.figures(1).max.value).toBe(7);
  });
  it('withMinSample re-judges every figure without changing values', () => {
    const k = attemptKpis([{ atMs: 0, answered: true, talkSec: 10, code: 200, userCause: null, srdMs: null, mos: null }], 1);
    const k5 = withMinSample(k, 5);
    expect(k5.asr).toEqual({ value: 100, n: 1, enough: false });
    expect(k.asr.enough).toBe(true);
    expect(k5.attempts).toBe(1);
  });
});
