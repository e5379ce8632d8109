import { describe, it, expect } from 'vitest';
import { checkSeq, clockFor, currentDuration, expiredSources, staleSinceMs } from '../../../src-renderer/src/lib/live-rows';
import type { LiveCall } from '../../../src-main/domain/live-call';

describe('sequence numbers', () => {
  it('applies a snapshot always, the next push only in order, and reports anything else as a gap', () => {
    expect(checkSeq(undefined, { reset: true, seq: 7 })).toBe('apply');
    expect(checkSeq(7, { reset: false, seq: 8 })).toBe('apply');
    expect(checkSeq(7, { reset: false, seq: 9 })).toBe('gap');
    expect(checkSeq(7, { reset: false, seq: 7 })).toBe('gap');
    // Changes before any snapshot (a reloaded page that missed it) are a gap, never a partial table.
    expect(checkSeq(undefined, { reset: false, seq: 1 })).toBe('gap');
    expect(checkSeq(3, { reset: true, seq: 1 })).toBe('apply');
  });
});

describe('stale sources', () => {
  const since = '2026-03-01T10:00:05Z';
  it('is stale from a failure until the next good poll, never while paused', () => {
    expect(staleSinceMs({ state: 'error', staleSince: since })).toBe(Date.parse(since));
    expect(staleSinceMs({ state: 'connected', staleSince: null })).toBeNull();
    expect(staleSinceMs({ state: 'paused', staleSince: since })).toBeNull();
    expect(staleSinceMs({ state: 'connecting', staleSince: null })).toBeNull();
    expect(staleSinceMs({ state: 'connecting', staleSince: since })).toBe(Date.parse(since));
    expect(staleSinceMs(undefined)).toBeNull();
  });

  it('stops a stale source\'s clocks at its last good poll; a live one ticks', () => {
    const polled = Date.parse('2026-03-01T10:00:00Z');
    const now = polled + 30_000;
    const c = { durationSec: 100, start: null } as unknown as LiveCall;
    expect(currentDuration(c, polled, clockFor({ state: 'error', staleSince: since }, polled, now))).toBe(100);
    expect(currentDuration(c, polled, clockFor({ state: 'connected', staleSince: null }, polled, now))).toBe(130);
  });
});

describe('grace period', () => {
  it('lets a stale source\'s rows go after the grace period, never before, never with 0 ("keep until it recovers")', () => {
    const now = Date.parse('2026-03-01T10:00:30Z');
    const st = [
      { sensor: 'a', state: 'error' as const, staleSince: '2026-03-01T10:00:10Z' },
      { sensor: 'b', state: 'connected' as const, staleSince: null },
      { sensor: 'c', state: 'error' as const, staleSince: '2026-03-01T10:00:25Z' },
    ];
    expect(expiredSources(st, 15, now)).toEqual(['a']);
    expect(expiredSources(st, 60, now)).toEqual([]);
    expect(expiredSources(st, 0, now)).toEqual([]);
    expect(expiredSources(st, 5, now)).toEqual(['a', 'c']);
  });
});
