import { describe, it, expect, beforeEach } from 'vitest';
import { useLive } from '../../../src-renderer/src/stores/live';
import type { LiveCall, LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';

const call = (key: string): LiveCall => ({
  key, sensor: key.split(':')[0] ?? 'a', source: 'voipmonitor', callId: `cid-${key}`, caller: '100', called: '200', callerName: null, start: null,
  durationSec: 10, state: 'connected', lastSipResponse: 200, codec: 'PCMA', mosCaller: 4.2, mosCalled: 4.1, jitterCaller: 1, jitterCalled: 2,
  lossCaller: 0, lossCalled: 0, loss10sCaller: 0, loss10sCalled: 0, callerIp: null, calledIp: null, rtpCallerIp: null, rtpCalledIp: null, channel: null, extra: {},
});
const push = (seq: number, over: Partial<LiveDiff> = {}): LiveDiff => ({ sensor: 'a', added: [], changed: [], removed: [], reset: false, seq, polledAt: new Date().toISOString(), ...over });
const status = (over: Partial<SourceStatus>): SourceStatus => ({ sensor: 'a', state: 'connected', message: '', retryInSec: null, lastPollMs: 5, callCount: 2, lastGoodPollAt: null, staleSince: null, ...over });

beforeEach(() => {
  useLive.getState().forget('a');
  useLive.getState().forget('b');
});

describe('live store: sequence gaps', () => {
  it('applies a snapshot and the pushes after it in order, skips a gap and reports it until the next snapshot', () => {
    const s = useLive.getState;
    expect(s().applyDiffs([push(1, { reset: true, added: [call('a:1'), call('a:2')] })])).toEqual([]);
    expect(s().applyDiffs([push(2, { added: [call('a:3')] })])).toEqual([]);
    expect(s().rows.size).toBe(3);
    // seq 3 was lost: 4 must not be applied on top of a table that misses 3.
    expect(s().applyDiffs([push(4, { removed: ['a:1'] }), push(1, { sensor: 'b', reset: true, added: [call('b:1')] })])).toEqual(['a']);
    expect(s().rows.has('a:1')).toBe(true);
    expect(s().rows.has('b:1')).toBe(true);
    expect(s().applyDiffs([push(5, { added: [call('a:9')] })])).toEqual(['a']);
    // The snapshot main sends on request replaces the sensor's rows.
    expect(s().applyDiffs([push(6, { reset: true, added: [call('a:2'), call('a:3')] })])).toEqual([]);
    expect([...s().rows.keys()].filter((k) => k.startsWith('a:')).sort()).toEqual(['a:2', 'a:3']);
  });

  it('a push before any snapshot (a page that reloaded after it) is a gap, never a partial table', () => {
    expect(useLive.getState().applyDiffs([push(7, { added: [call('a:1')] })])).toEqual(['a']);
    expect(useLive.getState().rows.size).toBe(0);
  });
});

describe('live store: stale rows', () => {
  it('removes a stale source\'s rows after the grace period, keeps them before it and with "keep until it recovers"', () => {
    const s = useLive.getState;
    s().applyDiffs([push(1, { reset: true, added: [call('a:1'), call('a:2')] }), push(1, { sensor: 'b', reset: true, added: [call('b:1')] })]);
    const since = Date.now() - 20_000;
    s().setStatus(status({ state: 'error', staleSince: new Date(since).toISOString() }));
    s().setStatus(status({ sensor: 'b' }));
    s().setStaleGrace(0);
    s().expireStale(Date.now());
    expect(s().rows.size).toBe(3);
    s().setStaleGrace(60);
    s().expireStale(Date.now());
    expect(s().rows.size).toBe(3);
    s().setStaleGrace(15);
    s().expireStale(Date.now());
    expect([...s().rows.keys()]).toEqual(['b:1']);
    // Not a choice the view offers: ignored.
    s().setStaleGrace(7);
    expect(s().staleGraceSec).toBe(15);
  });
});
