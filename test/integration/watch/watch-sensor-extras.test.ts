/**
 * The NOC watch's sensor-side rules end to end against the simulated VoIPmonitor sensor, through the
 * real live service, connector and health/registration requests: capture drops rising, registrations
 * failing, and toll fraud (calls to a premium-rate number, a burst of calls to one foreign number).
 * Each opens only once its cause is on the sensor, and names what is behind it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';
import { WatchService } from '../../../src-main/services/watch/service';
import { LiveCallsService } from '../../../src-main/services/live/service';
import { watchSettingsSchema } from '../../../src-main/domain/alerts';
import type { AlertChange } from '../../../src-main/services/watch/alert-book';
import type { SimCall } from '../../sims/voipmonitor/scenario';
import { until as untilAt } from '../../helpers/until';

const until = (cond: () => boolean, ms = 8000) => untilAt(cond, ms);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: VoipmonitorSim;
let ctx: FakeContext;

beforeAll(async () => {
  sim = await startVoipmonitorSim({ scenario: { count: 40, seed: 11, degradeRatio: 0 }, registrations: 30 });
  ctx = await fakeContext([{ id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'none', timeoutMs: 2000 }]);
});
afterAll(async () => {
  await sensorPoolFor(ctx).closeAll();
  await sim.stop();
  await ctx.cleanup();
});

/** New calls (new keys) on the sensor to `called`, copied from an existing call's shape. */
function dial(called: string, n: number): string[] {
  const template = [...sim.scenario.calls.values()][0] as SimCall;
  const refs: string[] = [];
  for (let i = 0; i < n; i++) {
    const ref = `0x7fee${String(sim.scenario.calls.size + i).padStart(6, '0')}${called.slice(-3)}`;
    sim.scenario.calls.set(ref, { ...template, ref, callId: `fraud-${ref}@sim.invalid`, called, start: sim.scenario.now, ringSec: 600, talkSec: 0, failCode: null });
    refs.push(ref);
  }
  sim.scenario.touch();
  return refs.map((r) => `hq:${r}`);
}

describe('NOC watch: capture drops, registrations and toll fraud on a simulated sensor', () => {
  it('opens each alert when its cause appears on the sensor, not before, with the calls or the number behind it', async () => {
    const failedAtStart = sim.registrations.filter((r) => r.state === 2).length;
    const settings = watchSettingsSchema.parse({
      homeCountry: 'CZ',
      profiles: [{ profileId: 'hq' }],
      rules: [
        { id: 'drops', name: 'Capture drops', kind: 'capture-drops', threshold: 100, windowSec: 30, forSec: 0, clearForSec: 0, severity: 'critical' },
        { id: 'regs', name: 'Registrations failing', kind: 'registrations-failed', threshold: failedAtStart + 2, forSec: 0, clearForSec: 0 },
        { id: 'fraud', name: 'Toll fraud', kind: 'fraud-destination', threshold: 0, countries: ['SK'], forSec: 0, clearForSec: 0, severity: 'critical' },
        { id: 'burst', name: 'Burst', kind: 'fraud-burst', threshold: 4, windowSec: 60, forSec: 0, clearForSec: 0 },
      ],
    });
    const live = new LiveCallsService(ctx, { intervalMsOverride: 200, maxBackoffMs: 400 });
    const watch = new WatchService(ctx, { live, settings, now: () => Date.now(), tickMs: 100, healthEveryMs: 200, registrationsEveryMs: 200 });
    const changes: AlertChange[] = [];
    watch.addListener({ alerts: (cs) => changes.push(...cs) });
    const opened = (rule: string) => changes.filter((c) => c.change === 'opened' && c.alert.ruleId === rule);
    await watch.start();
    try {
      // A quiet sensor: internal calls only, steady drop counters, the seeded failed registrations.
      await until(() => watch.kpis().length === 1);
      await sleep(1500);
      expect(changes.filter((c) => c.change === 'opened')).toEqual([]);

      // 1. Capture drops rise: 600 more in a few samples is far above 100 per minute.
      sim.drops.pcap += 300;
      await sleep(300);
      sim.drops.buffer += 300;
      await until(() => opened('drops').length === 1);
      expect(opened('drops')[0]!.alert.value).toBeGreaterThan(100);
      expect(opened('drops')[0]!.alert.message).toMatch(/capture drops .* above 100\/min/);

      // 2. Three more phones fail to register.
      for (const r of sim.registrations.filter((x) => x.state !== 2).slice(0, 3)) r.state = 2;
      await until(() => opened('regs').length === 1);
      expect(opened('regs')[0]!.alert).toMatchObject({ value: failedAtStart + 3, n: 30 });
      // … and register again: it clears.
      for (const r of sim.registrations.filter((x) => x.state === 2).slice(0, 3)) r.state = 1;
      await until(() => changes.some((c) => c.change === 'cleared' && c.alert.ruleId === 'regs'));

      // 3. Two calls to a premium-rate number (GB 909) and one to an allowed country (SK).
      expect(opened('fraud')).toEqual([]);
      const premium = dial('+449098790000', 2);
      dial('+421212345678', 1);
      await until(() => opened('fraud').length === 1);
      expect(opened('fraud')[0]!.alert.value).toBe(2);
      expect([...opened('fraud')[0]!.alert.callKeys].sort()).toEqual([...premium].sort());

      // 4. A burst: five calls to one foreign number (more than 4) names that number.
      expect(opened('burst')).toEqual([]);
      const burst = dial('+4930123456', 5);
      await until(() => opened('burst').length === 1);
      const b = opened('burst')[0]!.alert;
      expect(b.group.label).toBe('HQ → +4930123456');
      expect(b.value).toBe(5);
      expect([...b.callKeys].sort()).toEqual([...burst].sort());
      // The foreign calls are toll-fraud destinations too: the open fraud alert's figure follows them.
      await until(() => watch.alerts().some((a) => a.ruleId === 'fraud' && a.state !== 'cleared' && a.value === 7));
    } finally {
      await watch.stop();
      await live.stopAll();
    }
  }, 40_000);
});
