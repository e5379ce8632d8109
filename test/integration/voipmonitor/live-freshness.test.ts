/**
 * Freshness is part of the data: every push carries a sequence number, every subscribe starts from a
 * snapshot (a reloaded window sees the full table at once), a failing source says since when its
 * rows are stale and when it last polled well.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { LiveCallsService } from '../../../src-main/services/live/service';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';
import { liveEvents } from '../../../src-main/ipc/contract/live';
import type { LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import { until } from '../../helpers/until';

let sim: VoipmonitorSim;
let ctx: FakeContext;

beforeAll(async () => {
  sim = await startVoipmonitorSim({ scenario: { count: 400, seed: 4 } });
  ctx = await fakeContext([{ id: 'big', name: 'Big', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'none', timeoutMs: 1000 }]);
});
afterAll(async () => {
  await sensorPoolFor(ctx).closeAll();
  await sim.stop();
  await ctx.cleanup();
});

describe('snapshots and sequence numbers', () => {
  it('re-subscribing (a reload) gets the whole table at once, not only what changed since', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100 });
    const first: LiveDiff[] = [];
    await svc.subscribe('w', ['big'], { diff: (d) => first.push(d), status: () => undefined });
    try {
      await until(() => first.some((d) => d.reset));
      sim.scenario.tick(20);
      await until(() => first.some((d) => !d.reset));
      // Every push is the previous one + 1.
      first.forEach((d, i) => expect(d.seq).toBe(i + 1));
      // The same window reloads: the poller keeps running, and the new page starts from a snapshot.
      const second: LiveDiff[] = [];
      const statuses: SourceStatus[] = [];
      await svc.subscribe('w', ['big'], { diff: (d) => second.push(d), status: (s) => statuses.push(s) });
      expect(second[0]?.reset).toBe(true);
      expect(second[0]?.added.length).toBe(400);
      expect(second[0]?.seq).toBe((first.at(-1)?.seq ?? 0) + 1);
      expect(statuses[0]).toMatchObject({ sensor: 'big', state: 'connected', staleSince: null });
      expect(Date.parse(statuses[0]?.lastGoodPollAt ?? '')).toBeGreaterThan(Date.now() - 5000);
      expect(liveEvents['live:diff'].safeParse(second[0]).success).toBe(true);
      // A second window gets the full table at once, from the poller the first window already has,
      // and shares that poller: the sensor is not polled twice, and both see the same changes, each
      // in its own sequence.
      const other: LiveDiff[] = [];
      await svc.subscribe('w2', ['big'], { diff: (d) => other.push(d), status: () => undefined });
      expect(other[0]).toMatchObject({ reset: true, seq: 1 });
      expect(other[0]?.added.length).toBe(400);
      expect(svc.pollerCount).toBe(1);
      const polls = () => sim.requests.filter((r) => r.command === 'listcalls').length;
      const before = polls();
      await new Promise((r) => setTimeout(r, 1000));
      expect(polls() - before).toBeLessThanOrEqual(11); // one poller at 100 ms, not two
      const mine = second.length;
      sim.scenario.tick(20);
      await until(() => other.some((d) => d.seq === 2) && second.length > mine);
      expect(other.find((d) => d.seq === 2)).toMatchObject({ reset: false });
      expect(other.find((d) => d.seq === 2)?.added).toEqual(second[mine]?.added);
      await svc.unsubscribe('w2');
      expect(svc.pollerCount).toBe(1); // the first window still watches
      // A receiver that saw a gap asks for a snapshot.
      const lastSeq = second.at(-1)?.seq ?? 0;
      svc.snapshot('w', ['big']);
      expect(second.at(-1)).toMatchObject({ reset: true, seq: lastSeq + 1 });
      expect(second.at(-1)?.added.length).toBe(400);
    } finally {
      await svc.stopAll();
    }
  });

  it('a failing source is stale from its first failed poll, keeps its last good poll time, and recovers with a snapshot', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100, maxBackoffMs: 300 });
    const diffs: LiveDiff[] = [];
    const statuses: SourceStatus[] = [];
    await svc.subscribe('s', ['big'], { diff: (d) => diffs.push(d), status: (s) => statuses.push(s) });
    try {
      await until(() => statuses.some((s) => s.state === 'connected'));
      const good = statuses.filter((s) => s.state === 'connected').at(-1) as SourceStatus;
      const before = Date.now();
      sim.restart(700, 'drop');
      await until(() => statuses.some((s) => s.state === 'error'));
      const err = statuses.find((s) => s.state === 'error') as SourceStatus;
      expect(err.staleSince).not.toBeNull();
      expect(Date.parse(err.staleSince ?? '')).toBeGreaterThanOrEqual(before - 250);
      // The rows are as of the last good poll, and the status says when that was.
      expect(Date.parse(err.lastGoodPollAt ?? '')).toBeGreaterThanOrEqual(Date.parse(good.lastGoodPollAt ?? ''));
      expect(Date.parse(err.lastGoodPollAt ?? '')).toBeLessThanOrEqual(Date.parse(err.staleSince ?? ''));
      // Later failures keep the first stale time.
      await until(() => statuses.filter((s) => s.state === 'error').length >= 2 || statuses.at(-1)?.state === 'connected', 4000);
      const errs = statuses.filter((s) => s.state === 'error');
      expect(new Set(errs.map((s) => s.staleSince)).size).toBe(1);
      await until(() => statuses.at(-1)?.state === 'connected', 8000);
      expect(statuses.at(-1)?.staleSince).toBeNull();
      const resets = diffs.filter((d) => d.reset);
      expect(resets.length).toBe(2);
      expect(resets.at(-1)?.added.length).toBe(400);
      diffs.forEach((d, i) => expect(d.seq).toBe(i + 1));
    } finally {
      await svc.stopAll();
    }
  });
});
