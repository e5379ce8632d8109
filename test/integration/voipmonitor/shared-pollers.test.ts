/**
 * A source is polled once however many subscribers watch it and whatever their text filters: two
 * windows, a filtered window and the NOC watch share one poller (the sensor sees one listcalls per
 * interval), each with its own sequence and pause; a filtered window is a view on that poller's polls
 * (only its matching rows, adds and removals as calls start or stop matching); the poller pauses only
 * when every subscriber has paused and stops with the last one.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { LiveCallsService, liveCallsServiceFor } from '../../../src-main/services/live/service';
import { WatchService, WATCH_SUBSCRIBER } from '../../../src-main/services/watch/service';
import { watchSettingsSchema } from '../../../src-main/domain/alerts';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';
import { liveObservers, type LiveObserver } from '../../../src-main/services/live/observers';
import { matchesText } from '../../../src-main/services/live/diff';
import { listDelta } from '../../../src-main/core/list-delta';
import type { LiveCall, LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import type { SimCall } from '../../sims/voipmonitor/scenario';
import { until } from '../../helpers/until';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: VoipmonitorSim;
let ctx: FakeContext;
const polls = () => sim.requests.filter((r) => r.command === 'listcalls').length;

function recorder() {
  const diffs: LiveDiff[] = [];
  const statuses: SourceStatus[] = [];
  /** The table a window builds from the pushes (key -> call). */
  const rows = new Map<string, LiveCall>();
  const apply = (d: LiveDiff) => {
    if (d.reset) rows.clear();
    for (const c of [...d.added, ...d.changed]) rows.set(c.key, c);
    for (const k of d.removed) rows.delete(k);
  };
  return { diffs, statuses, rows, sink: { diff: (d: LiveDiff) => (diffs.push(d), apply(d)), status: (s: SourceStatus) => statuses.push(s) } };
}

/** The simulator's calls a filter should show, as the keys the client gives them. */
const NAME = 'Filtered Person';
const keyOf = (c: SimCall) => `hq:${c.ref}`;
const simMatching = (pred: (c: SimCall) => boolean) => new Set([...sim.scenario.calls.values()].filter(pred).map(keyOf));
const keys = (cs: readonly LiveCall[]) => cs.map((c) => c.key).sort();
/** The whole sequence of one subscriber: each push is the previous one + 1. */
const inSequence = (diffs: LiveDiff[]) => diffs.every((d, i) => d.seq === i + 1);

beforeAll(async () => {
  sim = await startVoipmonitorSim({ scenario: { count: 50, seed: 8 } });
  ctx = await fakeContext([{ id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'none', pollIntervalSec: 1, timeoutMs: 1000 }]);
});
afterAll(async () => {
  await sensorPoolFor(ctx).closeAll();
  await sim.stop();
  await ctx.cleanup();
});

describe('shared pollers', () => {
  it('two windows share one poller, pause on their own, and the poller stops with the last one', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100 });
    const a = recorder();
    const b = recorder();
    try {
      await svc.subscribe('win-a', ['hq'], a.sink);
      await until(() => a.diffs.some((d) => d.reset));
      await svc.subscribe('win-b', ['hq'], b.sink);
      expect(b.diffs[0]).toMatchObject({ reset: true, seq: 1 });
      expect(b.diffs[0]?.added).toHaveLength(50);
      expect(svc.pollerCount).toBe(1);
      const p0 = polls();
      await sleep(1000);
      expect(polls() - p0).toBeLessThanOrEqual(11);
      expect(polls() - p0).toBeGreaterThanOrEqual(3);

      // A pauses: A is told so and gets nothing more; B keeps receiving changes.
      svc.pause('win-a');
      expect(a.statuses.at(-1)).toMatchObject({ sensor: 'hq', state: 'paused' });
      const aDiffs = a.diffs.length;
      const bDiffs = b.diffs.length;
      sim.scenario.tick(30);
      await until(() => b.diffs.length > bDiffs);
      expect(a.diffs.length).toBe(aDiffs);

      // Both paused: the sensor is not polled at all.
      svc.pause('win-b');
      await sleep(250);
      const p1 = polls();
      await sleep(600);
      expect(polls()).toBe(p1);

      // A resumes: polling resumes and A starts again from a snapshot, in its own sequence.
      const lastA = a.diffs.at(-1)?.seq ?? 0;
      svc.resume('win-a');
      expect(a.diffs.at(-1)).toMatchObject({ reset: true, seq: lastA + 1 });
      await until(() => polls() > p1);

      // A leaves: only A is told "stopped"; the poller runs on for B; it stops with B.
      await svc.unsubscribe('win-a');
      expect(a.statuses.at(-1)).toMatchObject({ state: 'stopped' });
      expect(svc.pollerCount).toBe(1);
      await svc.unsubscribe('win-b');
      expect(svc.pollerCount).toBe(0);
      expect(b.statuses.at(-1)).toMatchObject({ state: 'stopped' });
      const p2 = polls();
      await sleep(400);
      expect(polls()).toBe(p2);
    } finally {
      await svc.stopAll();
    }
  });

  it('a filtered window is a view on the one poller: only matching rows, adds and removals as calls start or stop matching', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100 });
    const calls = [...sim.scenario.calls.values()];
    const [c1, c2, c3, c4, c5] = calls as [SimCall, SimCall, SimCall, SimCall, SimCall];
    for (const c of [c1, c2, c3]) c.callerName = NAME;
    sim.scenario.touch();
    const all = recorder();
    const f = recorder();
    const g = recorder();
    const isF = (c: SimCall) => c.callerName === NAME;
    try {
      await svc.subscribe('w-all', ['hq'], all.sink);
      await until(() => all.diffs.some((d) => d.reset));
      // Case and blanks do not matter (matchesText), and the filter needs no poller of its own.
      await svc.subscribe('w-f', ['hq'], f.sink, '  filtered PERSON ');
      expect(svc.pollerCount).toBe(1);
      expect(svc.filteredViewCount).toBe(1);
      // A snapshot at once, from the poller's last poll: exactly the matching calls.
      expect(f.diffs[0]).toMatchObject({ sensor: 'hq', reset: true, seq: 1 });
      expect(keys(f.diffs[0]!.added)).toEqual([...simMatching(isF)].sort());
      expect(f.diffs[0]!.added).toHaveLength(3);

      // A second filter is a second view on the same poller.
      await svc.subscribe('w-g', ['hq'], g.sink, c5.callId);
      expect(svc.pollerCount).toBe(1);
      expect(svc.filteredViewCount).toBe(2);
      expect(keys(g.diffs[0]!.added)).toEqual([keyOf(c5)]);
      const p0 = polls();
      await sleep(1000);
      // One poller at 100 ms for three windows and two filters (three pollers would be ~30).
      expect(polls() - p0).toBeLessThanOrEqual(11);
      expect(polls() - p0).toBeGreaterThanOrEqual(3);

      // c4 starts matching, c1 stops matching, c2 changes while it matches, c3 ends.
      const fBefore = f.diffs.length;
      c4.callerName = NAME;
      c1.callerName = 'Bob';
      c2.called = '29999';
      sim.scenario.calls.delete(c3.ref);
      sim.scenario.touch();
      await until(() => f.diffs.length > fBefore && f.rows.has(keyOf(c4)) && !f.rows.has(keyOf(c1)));
      const step = f.diffs.slice(fBefore);
      expect(step.some((d) => d.reset)).toBe(false);
      expect(keys(step.flatMap((d) => d.added))).toEqual([keyOf(c4)]);
      expect(keys(step.flatMap((d) => d.changed))).toEqual([keyOf(c2)]);
      expect(step.flatMap((d) => d.removed).sort()).toEqual([keyOf(c1), keyOf(c3)].sort());
      expect(f.rows.get(keyOf(c2))?.called).toBe('29999');
      // The other filter saw none of it.
      expect(g.diffs.every((d) => d.reset || !d.added.length)).toBe(true);
      expect([...g.rows.keys()]).toEqual([keyOf(c5)]);

      // A new call that matches is added; the source keeps changing for a while.
      const fresh: SimCall = { ...c5, ref: '0x7fa35ffff0000', callId: 'new-filtered@sim.invalid', callerName: NAME, start: sim.scenario.now };
      sim.scenario.calls.set(fresh.ref, fresh);
      sim.scenario.touch();
      await until(() => f.rows.has(keyOf(fresh)));
      for (let i = 0; i < 5; i++) {
        sim.scenario.tick(7);
        await sleep(150);
      }
      await until(() => polls() > p0 + 20 && [...f.rows.keys()].sort().join() === [...simMatching(isF)].sort().join(), 5000, 'the filtered table to match the simulator');
      // Every row ever pushed to a filtered window matches its filter, and its table is the simulator's.
      for (const d of f.diffs) for (const c of [...d.added, ...d.changed]) expect(matchesText(c, NAME)).toBe(true);
      expect(new Set(f.rows.keys())).toEqual(simMatching(isF));
      expect(inSequence(f.diffs) && inSequence(g.diffs) && inSequence(all.diffs)).toBe(true);

      // Status: the poller's freshness, the view's own count.
      await until(() => f.statuses.at(-1)?.state === 'connected' && f.statuses.at(-1)?.callCount === f.rows.size);
      const st = f.statuses.at(-1)!;
      expect(st.staleSince).toBeNull();
      expect(st.message).toBe(`${f.rows.size} of ${sim.scenario.calls.size} live calls match the filter.`);
      expect(all.statuses.at(-1)?.callCount).toBe(sim.scenario.calls.size);

      // Re-subscribing (a reload) gets the filtered table whole, in its own sequence.
      const f2 = recorder();
      const lastSeq = f.diffs.at(-1)!.seq;
      await svc.subscribe('w-f', ['hq'], f2.sink, 'Filtered Person');
      expect(f2.diffs[0]).toMatchObject({ reset: true, seq: lastSeq + 1 });
      expect(new Set(f2.rows.keys())).toEqual(simMatching(isF));
      expect(f2.statuses[0]).toMatchObject({ state: 'connected', callCount: f2.rows.size });
      // A call of any view is found for the detail panel (the poller holds the whole list).
      expect(svc.findCall(keyOf(c5))?.callId).toBe(c5.callId);
      expect(svc.findCall(keyOf(fresh))?.callId).toBe(fresh.callId);

      // Changing a window's filter moves it to the other view (no poller started or stopped) with a
      // snapshot; a view nobody watches is dropped.
      const gSeq = g.diffs.at(-1)!.seq;
      await svc.subscribe('w-g', ['hq'], g.sink, NAME);
      expect(svc.filteredViewCount).toBe(1);
      expect(g.diffs.at(-1)).toMatchObject({ reset: true, seq: gSeq + 1 });
      expect(new Set(g.rows.keys())).toEqual(simMatching(isF));
      expect(g.statuses.some((s) => s.state === 'stopped')).toBe(false);

      // Pauses: the poller runs while any subscriber, filtered or not, runs.
      svc.pause('w-all');
      svc.pause('w-g');
      const fRunning = f2.diffs.length;
      const more = [...sim.scenario.calls.values()].find((c) => !isF(c))!;
      more.callerName = NAME;
      sim.scenario.touch();
      await until(() => f2.diffs.length > fRunning && f2.rows.has(keyOf(more)));
      svc.pause('w-f');
      expect(f2.statuses.at(-1)).toMatchObject({ state: 'paused', callCount: f2.rows.size });
      await sleep(250);
      const p1 = polls();
      await sleep(600);
      expect(polls()).toBe(p1);
      svc.resume('w-g');
      expect(g.diffs.at(-1)).toMatchObject({ reset: true });
      await until(() => polls() > p1);

      // The last subscriber of the source, filtered, keeps it polled; the poller stops with it.
      await svc.unsubscribe('w-all');
      await svc.unsubscribe('w-f');
      expect(svc.pollerCount).toBe(1);
      const gNow = g.diffs.length;
      more.callerName = null;
      sim.scenario.touch();
      await until(() => g.diffs.length > gNow && !g.rows.has(keyOf(more)));
      await svc.unsubscribe('w-g');
      expect(svc.pollerCount).toBe(0);
      expect(g.statuses.at(-1)).toMatchObject({ state: 'stopped' });
    } finally {
      await svc.stopAll();
    }
  });

  it('a new filter with a deleted profile in the set still leaves nothing running once the window goes', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100 });
    const w = recorder();
    try {
      await svc.subscribe('w', ['hq'], w.sink);
      await until(() => w.diffs.some((d) => d.reset));
      // A window's saved set can name a profile deleted since: the subscribe fails with that reason…
      await expect(svc.subscribe('w', ['gone', 'hq'], w.sink, NAME)).rejects.toThrow(/no profile "gone"/);
      // …and hq is still watched, with the new filter.
      expect(w.diffs.at(-1)).toMatchObject({ reset: true });
      expect(svc.filteredViewCount).toBe(1);
      await svc.unsubscribe('w');
      expect(svc.pollerCount).toBe(0);
      expect(w.statuses.at(-1)).toMatchObject({ state: 'stopped' });
    } finally {
      await svc.stopAll();
    }
  });

  it('a profile change replaces the one poller and every view starts over from a snapshot; stale status reaches filtered views', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100, maxBackoffMs: 300 });
    const one = [...sim.scenario.calls.values()][7]!;
    one.callerName = NAME;
    sim.scenario.touch();
    const all = recorder();
    const f = recorder();
    try {
      await svc.subscribe('w-all', ['hq'], all.sink);
      await svc.subscribe('w-f', ['hq'], f.sink, NAME);
      await until(() => f.rows.has(keyOf(one)) && all.rows.size === sim.scenario.calls.size);
      const profile = await ctx.profiles.get('hq');
      await ctx.profiles.upsert({ ...profile, name: 'HQ (renamed)' });
      const [allResets, fResets] = [all.diffs.filter((d) => d.reset).length, f.diffs.filter((d) => d.reset).length];
      await svc.checkChanges();
      expect(svc.pollerCount).toBe(1);
      await until(() => all.diffs.filter((d) => d.reset).length > allResets && f.diffs.filter((d) => d.reset).length > fResets);
      expect(new Set(f.rows.keys())).toEqual(simMatching((c) => c.callerName === NAME));
      expect(all.rows.size).toBe(sim.scenario.calls.size);

      // The sensor goes away: the filtered window is told its rows are stale, and recovers with a snapshot.
      const before = Date.now();
      sim.restart(700, 'drop');
      await until(() => f.statuses.some((s) => s.state === 'error'));
      const err = f.statuses.find((s) => s.state === 'error')!;
      expect(Date.parse(err.staleSince ?? '')).toBeGreaterThanOrEqual(before - 250);
      expect(err.lastGoodPollAt).not.toBeNull();
      const resets = f.diffs.filter((d) => d.reset).length;
      await until(() => f.statuses.at(-1)?.state === 'connected', 8000);
      expect(f.statuses.at(-1)?.staleSince).toBeNull();
      expect(f.diffs.filter((d) => d.reset).length).toBe(resets + 1);
      expect(new Set(f.rows.keys())).toEqual(simMatching((c) => c.callerName === NAME));
      expect(inSequence(f.diffs)).toBe(true);
    } finally {
      await svc.stopAll();
    }
  });

  it('the NOC watch, a window and a filtered window on the same context poll a watched profile once', async () => {
    const live = liveCallsServiceFor(ctx);
    const settings = watchSettingsSchema.parse({ profiles: [{ profileId: 'hq', watch: true }], rules: [{ id: 'cap', name: 'Capacity', kind: 'concurrent-above', threshold: 1000 }] });
    const watch = new WatchService(ctx, { settings, tickMs: 0 });
    const win = recorder();
    const filtered = recorder();
    // What the watch is handed: every poll's whole list, and whether it follows the list before it.
    const seen: Array<{ size: number; follows: boolean }> = [];
    let prev: readonly LiveCall[] | null = null;
    const probe: LiveObserver = {
      calls: (sensor, calls) => {
        if (sensor !== 'hq') return;
        seen.push({ size: calls.length, follows: prev !== null && listDelta(calls)?.previous === prev });
        prev = calls;
      },
    };
    const some = [...sim.scenario.calls.values()][3]!;
    try {
      await watch.start();
      await live.subscribe('window-1', ['hq'], win.sink);
      await live.subscribe('window-2', ['hq'], filtered.sink, some.called);
      await until(() => win.diffs.some((d) => d.reset) && filtered.diffs.some((d) => d.reset));
      expect(filtered.rows.has(keyOf(some))).toBe(true);
      expect([...filtered.rows.values()].every((c) => matchesText(c, some.called))).toBe(true);
      expect(live.pollerCount).toBe(1);
      liveObservers(ctx).add(probe);
      const p0 = polls();
      for (let i = 0; i < 5; i++) {
        await sleep(500); // the profile's own interval: 1 s
        sim.scenario.tick(2);
      }
      const n = polls() - p0;
      expect(n).toBeLessThanOrEqual(3);
      expect(n).toBeGreaterThanOrEqual(1);
      // The watch sees each listcalls exactly once, unfiltered, and each list follows the one before it
      // (the sensor's row cache is not shared by a second poller, so its ListDelta applies).
      await until(() => seen.length >= n);
      expect(seen.length).toBeLessThanOrEqual(polls() - p0);
      expect(seen.every((x) => x.size === sim.scenario.calls.size)).toBe(true);
      expect(seen.slice(1).every((x) => x.follows)).toBe(true);
    } finally {
      liveObservers(ctx).delete(probe);
      await live.unsubscribe('window-1');
      await live.unsubscribe('window-2');
      await watch.stop();
      await live.unsubscribe(WATCH_SUBSCRIBER);
    }
    expect(live.pollerCount).toBe(0);
  });
});
