/**
 * A source is polled once however many subscribers watch it: two windows and the NOC watch share one
 * poller (the sensor sees one listcalls per interval), each with its own sequence and pause; the
 * poller pauses only when every subscriber has paused and stops with the last one.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { LiveCallsService, liveCallsServiceFor } from '../../../src-main/services/live/service';
import { WatchService, WATCH_SUBSCRIBER } from '../../../src-main/services/watch/service';
import { watchSettingsSchema } from '../../../src-main/domain/alerts';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';
import type { LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import { until } from '../../helpers/until';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: VoipmonitorSim;
let ctx: FakeContext;
const polls = () => sim.requests.filter((r) => r.command === 'listcalls').length;

function recorder() {
  const diffs: LiveDiff[] = [];
  const statuses: SourceStatus[] = [];
  return { diffs, statuses, sink: { diff: (d: LiveDiff) => diffs.push(d), status: (s: SourceStatus) => statuses.push(s) } };
}

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

  it('a text filter gets its own poller (it lists other rows); the unfiltered subscribers still share', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100 });
    try {
      await svc.subscribe('w1', ['hq'], recorder().sink);
      await svc.subscribe('w2', ['hq'], recorder().sink);
      await svc.subscribe('w3', ['hq'], recorder().sink, '42');
      expect(svc.pollerCount).toBe(2);
    } finally {
      await svc.stopAll();
    }
    expect(svc.pollerCount).toBe(0);
  });

  it('the NOC watch and a window on the same context poll a watched profile once', async () => {
    const live = liveCallsServiceFor(ctx);
    const settings = watchSettingsSchema.parse({ profiles: [{ profileId: 'hq', watch: true }], rules: [{ id: 'cap', name: 'Capacity', kind: 'concurrent-above', threshold: 1000 }] });
    const watch = new WatchService(ctx, { settings, tickMs: 0 });
    const win = recorder();
    try {
      await watch.start();
      await live.subscribe('window-1', ['hq'], win.sink);
      await until(() => win.diffs.some((d) => d.reset));
      expect(live.pollerCount).toBe(1);
      const p0 = polls();
      await sleep(2500); // the profile's own interval: 1 s
      expect(polls() - p0).toBeLessThanOrEqual(3);
      expect(polls() - p0).toBeGreaterThanOrEqual(1);
    } finally {
      await live.unsubscribe('window-1');
      await watch.stop();
      await live.unsubscribe(WATCH_SUBSCRIBER);
    }
    expect(live.pollerCount).toBe(0);
  });
});
