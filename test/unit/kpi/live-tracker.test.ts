import { describe, it, expect } from 'vitest';
import { LiveKpiTracker } from '../../../src-main/services/kpi/live-tracker';
import { DestinationClassifier, trunkResolver } from '../../../src-main/services/kpi/groups';
import { noMediaFields, type LiveCall } from '../../../src-main/domain/live-call';

function call(ref: string, p: Partial<LiveCall> = {}): LiveCall {
  return {
    key: `s1:${ref}`, sensor: 's1', source: 'voipmonitor', callId: null, caller: '1001', called: '+420224123456', callerName: null,
    start: null, durationSec: 0, state: 'ringing', channel: ref, extra: {}, ...noMediaFields(), lastSipResponse: 180, ...p,
  };
}
const up = (ref: string, dur: number, p: Partial<LiveCall> = {}) => call(ref, { state: 'connected', lastSipResponse: 200, durationSec: dur, mosCaller: 4.2, mosCalled: 4.0, lossCaller: 0, lossCalled: 1, jitterCaller: 2, jitterCalled: 3, ...p });

function tracker(minSample = 1) {
  return new LiveKpiTracker('s1', {
    windowMs: 600_000, minSample, graceMs: 1000,
    trunks: trunkResolver([{ label: 'Carrier A', ips: ['192.0.2.0/24'], names: [] }]),
    destinations: new DestinationClassifier('CZ'),
  });
}

describe('live KPI tracker (polls → attempts)', () => {
  it('counts only outcomes seen after the first poll, ends calls missing past the grace, and measures talk time', () => {
    const t = tracker();
    let now = 1_000_000;
    // Baseline: one call already up (pre-existing: not an attempt), one ringing.
    t.ingest([up('a', 50), call('b', { durationSec: 2 })], now);
    expect(t.snapshot(now).window.attempts).toBe(0);
    expect(t.snapshot(now).live.concurrent).toBe(2);
    // b answers; c appears ringing; d appears and fails with 486.
    now += 2000;
    t.ingest([up('a', 52), up('b', 4), call('c'), call('d', { state: 'failed', lastSipResponse: 486 })], now);
    let k = t.snapshot(now);
    expect(k.window.attempts).toBe(2); // b answered, d failed
    expect(k.window.answered).toBe(1);
    expect(k.live.concurrent).toBe(3); // the failed call is still listed but holds no channel
    // c vanishes while ringing (counted after the grace); b talks on until 34 s; a and b end.
    now += 2000;
    t.ingest([up('a', 54), up('b', 34)], now);
    now += 2000;
    t.ingest([], now);
    k = t.snapshot(now);
    expect(k.window.attempts).toBe(3); // b, d, c
    expect(k.window.answered).toBe(1);
    expect(k.window.asr.value).toBeCloseTo(100 / 3, 10);
    // NER: b answered, d busy (486), c gone while ringing (ring-no-answer) -> 3/3
    expect(k.window.ner.value).toBe(100);
    // ACD: b answered at duration 4, last seen at 34 -> 30 s; a was pre-existing.
    expect(k.window.acd).toEqual({ value: 30, n: 1, enough: true });
    // SER over known codes: b 200, d 486 -> 1/2 (c has no code)
    expect(k.window.ser).toEqual({ value: 50, n: 2, enough: true });
    expect(k.live.concurrent).toBe(0);
  });

  it('a second feed lagging behind does not end or double-count calls', () => {
    const t = tracker();
    let now = 0;
    t.ingest([call('x')], now);
    now += 500;
    t.ingest([up('x', 3)], now);
    now += 200;
    t.ingest([], now); // the other poller missed it: within the grace
    now += 300;
    t.ingest([up('x', 4)], now);
    expect(t.snapshot(now).window.attempts).toBe(1);
    now += 5000;
    t.ingest([], now);
    now += 100;
    t.ingest([up('x', 9)], now); // a lagging feed still lists the ended call: ignored
    const k = t.snapshot(now);
    expect(k.window.attempts).toBe(1);
    expect(k.live.concurrent).toBe(1); // it is still in that feed's list
  });

  it('live set: MOS of the worse direction, loss/jitter percentiles, one-way RTP, trunks and destinations', () => {
    const t = tracker();
    let now = 0;
    t.ingest([], now);
    now += 1000;
    t.ingest([
      up('p', 10, { calledIp: '192.0.2.7', mosCaller: 3.0, mosCalled: 4.1, lossCaller: 5, lossCalled: 0 }),
      up('q', 10, { calledIp: '198.51.100.1', called: '+442079460000' }),
      up('r', 10, { calledIp: '192.0.2.8', mosCalled: null }),
    ], now);
    now += 6000; // past the RTP grace
    t.ingest([
      up('p', 16, { calledIp: '192.0.2.7', mosCaller: 3.0, mosCalled: 4.1, lossCaller: 5, lossCalled: 0 }),
      up('q', 16, { calledIp: '198.51.100.1', called: '+442079460000' }),
      up('r', 16, { calledIp: '192.0.2.8', mosCalled: null }),
    ], now);
    const k = t.snapshot(now);
    expect(k.live.mos.value).toBeCloseTo((3.0 + 4.0 + 4.2) / 3, 10);
    expect(k.live.mos.n).toBe(3);
    expect(k.live.loss.max.value).toBe(5);
    expect(k.live.loss.p50.value).toBe(1);
    expect(k.live.oneWayRtp).toBe(1);
    expect(k.live.noRtp).toBe(0);
    expect(k.live.caps.n).toBe(3);
    expect(k.trunks.map((g) => [g.label, g.live.concurrent])).toEqual([['Carrier A', 2]]);
    const dest = Object.fromEntries(k.destinations.map((g) => [g.label, g.live.concurrent]));
    expect(dest).toEqual({ 'CZ national': 2, 'GB international': 1 });
    expect(k.concurrentSeries.map((p) => p[1])).toEqual([0, 3, 3]);
  });
});

describe('live KPI tracker fed by pollers (diffs, one feed per source)', () => {
  it('follows one poller; a second poller of the same source is ignored until the first falls silent or it starts afresh, then takes over from its full list', () => {
    const t = tracker();
    const a = {};
    const b = {};
    let now = 0;
    const none = { added: [], changed: [], removed: [] };
    expect(t.poll(a, [call('x')], { ...none, added: [call('x')] }, true, now)).toBe(true);
    now += 2000;
    const xUp = up('x', 2);
    expect(t.poll(a, [xUp], { ...none, changed: [xUp] }, false, now)).toBe(true);
    // The window's own poller lists the same calls a moment later: not a second poll.
    expect(t.poll(b, [xUp, call('y')], null, false, now + 300)).toBe(false);
    expect(t.snapshot(now + 300).concurrentSeries).toHaveLength(2);
    expect(t.snapshot(now + 300).live.concurrent).toBe(1);
    now += 2000;
    expect(t.poll(a, [xUp], none, false, now)).toBe(true);
    // The followed poller stops: after 2.5 of its intervals the other one's full list is taken.
    expect(t.poll(b, [xUp, call('y')], null, false, now + 4000)).toBe(false);
    expect(t.poll(b, [xUp, call('y')], null, false, now + 5100)).toBe(true);
    const k = t.snapshot(now + 5100);
    expect(k.live.concurrent).toBe(2);
    expect(k.window.attempts).toBe(1); // x answered once, never counted twice
    // From now on b's diffs apply; x ends (missing past the grace) and its talk time is measured.
    now += 5100;
    const xLast = up('x', 12);
    expect(t.poll(b, [call('y')], { ...none, removed: [xLast] }, false, (now += 2000))).toBe(true);
    expect(t.poll(b, [call('y')], none, false, (now += 2000))).toBe(true);
    expect(t.snapshot(now).window.acd).toEqual({ value: 10, n: 1, enough: true });
    // A poller replacing b (profile changed) starts with a reset: taken at once, from its full list.
    const c = {};
    expect(t.poll(c, [call('y'), call('z')], { ...none, added: [call('y'), call('z')] }, true, now + 500)).toBe(true);
    expect(t.snapshot(now + 500).live.concurrent).toBe(2);
    expect(t.poll(b, [call('y')], none, false, now + 1000)).toBe(false);
  });
});
