import { describe, it, expect } from 'vitest';
import { AlertBook } from '../../../src-main/services/watch/alert-book';
import { alertRuleSchema, watchSettingsSchema, type AlertRuleInput } from '../../../src-main/domain/alerts';
import type { Observation } from '../../../src-main/services/watch/observations';

const rule = (p: Partial<AlertRuleInput> = {}) => alertRuleSchema.parse({ id: 'mos', name: 'MOS', kind: 'mos-below', threshold: 3.5, clearThreshold: 3.8, forSec: 10, clearForSec: 20, minSample: 3, ...p });
const obs = (value: number | null, n = 5): Observation[] => [{ kind: 'source', key: 's1', label: 'S1', value, n, enough: n >= 3, callKeys: [] }];

describe('alert state machine', () => {
  it('opens only after the breach held forSec, clears only past the clear threshold for clearForSec', () => {
    const b = new AlertBook();
    const r = rule();
    expect(b.observe(r, 's1', obs(3.0), 0)).toEqual([]);
    expect(b.observe(r, 's1', obs(3.0), 9_000)).toEqual([]);
    const opened = b.observe(r, 's1', obs(3.1), 10_000);
    expect(opened.map((c) => c.change)).toEqual(['opened']);
    expect(opened[0]!.alert.message).toBe('S1: MOS 3.10 below 3.50 (n = 5).');
    // Between threshold and clear threshold (hysteresis band): stays open however long.
    expect(b.observe(r, 's1', obs(3.6), 20_000)).toEqual([]);
    expect(b.observe(r, 's1', obs(3.7), 60_000)).toEqual([]);
    expect(b.summary()).toEqual({ open: 1, unacknowledged: 1, worst: 'warning' });
    // Past the clear threshold, but not for long enough, then back: no clear.
    b.observe(r, 's1', obs(3.9), 61_000);
    b.observe(r, 's1', obs(3.6), 70_000);
    b.observe(r, 's1', obs(3.9), 71_000);
    expect(b.observe(r, 's1', obs(3.9), 90_000)).toEqual([]);
    const cleared = b.observe(r, 's1', obs(4.0), 91_000);
    expect(cleared.map((c) => c.change)).toEqual(['cleared']);
    expect(cleared[0]!.alert.clearedAt).toBe(new Date(91_000).toISOString());
    expect(b.summary().open).toBe(0);
    expect(b.all()).toHaveLength(1);
  });

  it('a figure flapping faster than forSec never opens; a small sample is never a breach', () => {
    const b = new AlertBook();
    const r = rule();
    let changes = 0;
    for (let t = 0; t < 600_000; t += 2000) changes += b.observe(r, 's1', obs(Math.floor(t / 6000) % 2 ? 3.0 : 4.2), t).length;
    expect(changes).toBe(0);
    for (let t = 600_000; t < 700_000; t += 2000) changes += b.observe(r, 's1', obs(1.0, 2), t).length;
    expect(changes).toBe(0);
  });

  it('above-rules, and a group that vanishes clears after clearForSec', () => {
    const b = new AlertBook();
    const r = rule({ id: 'loss', kind: 'loss-above', threshold: 3, clearThreshold: 1, forSec: 0, clearForSec: 5 });
    expect(b.observe(r, 's1', obs(5), 0).map((c) => c.change)).toEqual(['opened']);
    expect(b.observe(r, 's1', [], 1000)).toEqual([]);
    expect(b.observe(r, 's1', [], 7000).map((c) => c.change)).toEqual(['cleared']);
  });

  it('a source nobody polls any more clears its alerts at once', () => {
    const b = new AlertBook();
    const r = rule({ forSec: 0 });
    b.observe(r, 's1', obs(1), 0);
    b.observe(r, 's2', obs(1), 0);
    expect(b.summary().open).toBe(2);
    const c = b.dropProfile('s1', 5000);
    expect(c.map((x) => [x.change, x.alert.profileId])).toEqual([['cleared', 's1']]);
    expect(b.open().map((a) => a.profileId)).toEqual(['s2']);
  });

  it('settings are strict and validated', () => {
    expect(watchSettingsSchema.safeParse({ rules: [{ id: 'x', name: 'x', kind: 'sip-code-rate', threshold: 5 }] }).success).toBe(false);
    expect(watchSettingsSchema.safeParse({ rules: [{ id: 'x', name: 'x', kind: 'sip-code-rate', threshold: 5, codes: [503, '5xx'] }] }).success).toBe(true);
    expect(watchSettingsSchema.safeParse({ rules: [{ id: 'x', name: 'x', kind: 'mos-below', threshold: 3, command: 'rm -rf' }] }).success).toBe(false);
    expect(watchSettingsSchema.safeParse({ rules: [rule(), rule()] }).success).toBe(false);
  });
});
