/**
 * The NOC watch against a simulated VoIPmonitor sensor: a trunk that degrades raises its alert within
 * one poll after the minimum duration, clears with hysteresis, a flapping trunk does not spam, and an
 * unreachable sensor raises "source down".
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';
import { WatchService } from '../../../src-main/services/watch/service';
import { LiveCallsService } from '../../../src-main/services/live/service';
import { liveObservers } from '../../../src-main/services/live/observers';
import { watchSettingsSchema } from '../../../src-main/domain/alerts';
import type { AlertChange } from '../../../src-main/services/watch/alert-book';
import { until as untilAt } from '../../helpers/until';

const until = (cond: () => boolean, ms = 8000) => untilAt(cond, ms);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const POLL_MS = 200;
const FOR_SEC = 1;
const CLEAR_FOR_SEC = 1;
/** Trunk B: called IPs 10.0.1.0–127 of the scenario; trunk C the rest. */
const isTrunkB = (ip: number) => (ip & 0xff) < 128;

let sim: VoipmonitorSim;
let ctx: FakeContext;

beforeAll(async () => {
  sim = await startVoipmonitorSim({ scenario: { count: 60, seed: 7, degradeRatio: 0 } });
  ctx = await fakeContext([{ id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'none', timeoutMs: 2000 }]);
});
afterAll(async () => {
  await sensorPoolFor(ctx).closeAll();
  await sim.stop();
  await ctx.cleanup();
});

function setDegraded(on: boolean): void {
  for (const c of sim.scenario.calls.values()) if (isTrunkB(c.calledIp)) c.degradeAfter = on ? 0 : -1;
  sim.scenario.touch();
}

describe('NOC watch on a simulated sensor', () => {
  it('degrading a trunk opens its alert within one poll after forSec, clears with hysteresis, and flapping does not spam', async () => {
    const settings = watchSettingsSchema.parse({
      homeCountry: 'CZ',
      profiles: [{ profileId: 'hq', trunks: [{ label: 'Trunk B', ips: ['10.0.1.0/25'] }, { label: 'Trunk C', ips: ['10.0.1.128/25'] }] }],
      rules: [
        { id: 'trunk-mos', name: 'Trunk MOS', kind: 'mos-below', groupBy: 'trunk', threshold: 3.8, clearThreshold: 4.0, minSample: 3, forSec: FOR_SEC, clearForSec: CLEAR_FOR_SEC, severity: 'critical' },
        { id: 'down', name: 'Sensor down', kind: 'source-down', threshold: 1.5, forSec: 0, clearForSec: 0, severity: 'critical' },
      ],
    });
    const live = new LiveCallsService(ctx, { intervalMsOverride: POLL_MS, maxBackoffMs: 400 });
    const watch = new WatchService(ctx, { live, settings, now: () => Date.now(), tickMs: 100 });
    const changes: Array<AlertChange & { at: number }> = [];
    watch.addListener({ alerts: (cs) => changes.push(...cs.map((c) => ({ ...c, at: Date.now() }))) });
    // When did a poll first carry the degraded trunk (ground truth from the same poll the watch sees)?
    let firstBadPoll: number | null = null;
    const probe = {
      calls: (_s: string, calls: readonly { calledIp: string | null; mosCaller: number | null }[]) => {
        if (firstBadPoll === null && calls.some((c) => c.calledIp?.startsWith('10.0.1.') && Number(c.calledIp.split('.')[3]) < 128 && c.mosCaller !== null && c.mosCaller < 3.8)) firstBadPoll = Date.now();
      },
    };
    liveObservers(ctx).add(probe);
    await watch.start();
    try {
      await until(() => watch.kpis().length === 1 && watch.kpis()[0]!.trunks.length === 2);
      await sleep(1500);
      expect(changes.filter((c) => c.alert.ruleId === 'trunk-mos')).toEqual([]);

      // 1. Degrade trunk B.
      setDegraded(true);
      await until(() => changes.some((c) => c.change === 'opened' && c.alert.ruleId === 'trunk-mos'));
      const opened = changes.find((c) => c.change === 'opened' && c.alert.ruleId === 'trunk-mos')!;
      expect(opened.alert.group).toMatchObject({ kind: 'trunk', key: 'Trunk B' });
      expect(opened.alert.severity).toBe('critical');
      expect(opened.alert.callKeys.length).toBeGreaterThan(0);
      expect(firstBadPoll).not.toBeNull();
      const delay = opened.at - (firstBadPoll as unknown as number);
      expect(delay).toBeGreaterThanOrEqual(FOR_SEC * 1000 - 50);
      expect(delay).toBeLessThanOrEqual(FOR_SEC * 1000 + POLL_MS + 400); // within one poll after forSec (+ scheduling slack)
      // Trunk C is fine.
      expect(changes.some((c) => c.alert.group.key === 'Trunk C')).toBe(false);

      // 2. Recover: clears only after clearForSec.
      const restoredAt = Date.now();
      setDegraded(false);
      await until(() => changes.some((c) => c.change === 'cleared' && c.alert.ruleId === 'trunk-mos'));
      const cleared = changes.find((c) => c.change === 'cleared' && c.alert.ruleId === 'trunk-mos')!;
      expect(cleared.at - restoredAt).toBeGreaterThanOrEqual(CLEAR_FOR_SEC * 1000);
      expect(watch.summary().open).toBe(0);

      // 3. Flapping faster than forSec: no new alert.
      const before = changes.length;
      for (let i = 0; i < 10; i++) {
        setDegraded(i % 2 === 0);
        await sleep(400);
      }
      setDegraded(false);
      await sleep(1500);
      expect(changes.slice(before).filter((c) => c.change === 'opened')).toEqual([]);

      // 4. The sensor stops answering: "source down" opens, then clears when it is back.
      sim.restart(2500, 'empty');
      await until(() => changes.some((c) => c.change === 'opened' && c.alert.ruleId === 'down'));
      await until(() => changes.some((c) => c.change === 'cleared' && c.alert.ruleId === 'down'), 10_000);
      expect(changes.filter((c) => c.change === 'opened' && c.alert.ruleId === 'down')).toHaveLength(1);
    } finally {
      liveObservers(ctx).delete(probe);
      await watch.stop();
      await live.stopAll();
    }
  }, 40_000);
});
