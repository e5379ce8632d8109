import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { LiveCallsService } from '../../../src-main/services/live/service';
import { liveHandlers } from '../../../src-main/ipc/handlers/live';
import { testVoipmonitor } from '../../../src-main/connectors/voipmonitor/tester';
import { callsCommand } from '../../../src-main/cli/commands/calls';
import { registrationsCommand } from '../../../src-main/cli/commands/registrations';
import { voipmonitorProfileSchema } from '../../../src-main/profiles/schema';
import type { LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import type { HandlerContext } from '../../../src-main/ipc/router';
import type { CliIO } from '../../../src-main/cli/types';
import { liveChannels, liveEvents } from '../../../src-main/ipc/contract/live';
import { until } from '../../helpers/until';

/** Waits (bounded) until `cond` holds. */

let simA: VoipmonitorSim;
let simB: VoipmonitorSim;
let ctx: FakeContext;

beforeAll(async () => {
  simA = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: 40, seed: 1 } });
  simB = await startVoipmonitorSim({ scenario: { count: 15, seed: 2 } });
  ctx = await fakeContext([
    { id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: simA.port }, cipher: 'aes-128-cbc', timeoutMs: 2000 },
    { id: 'dc', name: 'DC', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: simB.port }, cipher: 'none', timeoutMs: 2000, timeZone: 'Europe/Prague' },
  ]);
  await ctx.secrets.set('hq', 'aesKey', DEMO_AES.keyB64);
  await ctx.secrets.set('hq', 'aesIv', DEMO_AES.ivB64);
});
afterAll(async () => {
  await ctx.connections.closeAll();
  await Promise.all([simA.stop(), simB.stop()]);
  await ctx.cleanup();
});

describe('live calls service', () => {
  it('merges several sensors, pushes only changes, and recovers by itself from a sensor restart', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100, maxBackoffMs: 400 });
    const diffs: LiveDiff[] = [];
    const statuses: SourceStatus[] = [];
    await svc.subscribe('w1', ['hq', 'dc'], { diff: (d) => diffs.push(d), status: (s) => statuses.push(s) });
    try {
      await until(() => diffs.filter((d) => d.reset).length === 2);
      const first = diffs.filter((d) => d.reset);
      expect(first.find((d) => d.sensor === 'hq')!.added.length).toBe(40);
      expect(first.find((d) => d.sensor === 'dc')!.added.length).toBe(15);
      expect(first.find((d) => d.sensor === 'dc')!.added[0]!.start).toMatch(/\+0[12]:00$/); // Prague offset
      // No change on the sensor -> no diffs (durations are not changes).
      const n = diffs.length;
      await new Promise((r) => setTimeout(r, 350));
      expect(diffs.length).toBe(n);
      // Time passes on sensor A: calls end (removed), new ones ring (added), some answer (changed).
      simA.scenario.tick(30);
      await until(() => diffs.length > n);
      const d = diffs.at(-1)!;
      expect(d.sensor).toBe('hq');
      expect(d.reset).toBe(false);
      expect(d.added.length + d.changed.length + d.removed.length).toBeGreaterThan(0);
      expect(d.removed.length).toBe(d.added.length); // the scenario keeps the count stable
      // Restart: empty replies for a while -> visible error with a retry time, then connected and a reset push.
      simA.restart(600, 'empty');
      await until(() => statuses.some((s) => s.sensor === 'hq' && s.state === 'error'));
      const err = statuses.find((s) => s.sensor === 'hq' && s.state === 'error')!;
      expect(err.message).toMatch(/starting up or shutting down/);
      expect(err.retryInSec).toBeGreaterThanOrEqual(1);
      const errIdx = statuses.indexOf(err);
      await until(() => statuses.slice(errIdx).some((s) => s.sensor === 'hq' && s.state === 'connected'), 8000);
      await until(() => diffs.filter((x) => x.sensor === 'hq' && x.reset).length === 2);
      expect(diffs.filter((x) => x.sensor === 'hq' && x.reset).at(-1)!.added.length).toBe(40);
      expect(statuses.filter((s) => s.sensor === 'dc' && s.state === 'error')).toEqual([]);
    } finally {
      await svc.stopAll();
    }
    expect(statuses.filter((s) => s.state === 'stopped').map((s) => s.sensor).sort()).toEqual(['dc', 'hq']);
  });

  it('applies the free-text filter and pauses/resumes', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100 });
    const some = [...simB.scenario.calls.values()][0]!;
    const diffs: LiveDiff[] = [];
    const statuses: SourceStatus[] = [];
    await svc.subscribe('w2', ['dc'], { diff: (d) => diffs.push(d), status: (s) => statuses.push(s) }, some.callId);
    try {
      await until(() => diffs.length === 1);
      expect(diffs[0]!.added.map((c) => c.callId)).toEqual([some.callId]);
      svc.pause('w2');
      await until(() => statuses.some((s) => s.state === 'paused'));
      const reqs = simB.requests.length;
      await new Promise((r) => setTimeout(r, 300));
      expect(simB.requests.length - reqs).toBeLessThanOrEqual(1);
      svc.resume('w2');
      await until(() => simB.requests.length > reqs + 1);
    } finally {
      await svc.stopAll();
    }
  });
});

describe('live IPC handlers, tester and CLI', () => {
  const emitted: Array<{ event: string; payload: unknown }> = [];
  const hctx: HandlerContext = { sender: { url: 'app://callboard/', isMainFrame: true, id: 7 }, emit: (event, payload) => emitted.push({ event, payload }) };

  it('serves health, registrations, call detail and an audited manager_file', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 100 });
    const h = liveHandlers(ctx, svc);
    const health = await h['live:health']({ profileId: 'hq' }, hctx);
    expect(health).toMatchObject({ sensor: 'hq', version: '2026.04.0', activeCalls: 40, captureDrops: 4 });
    const regs = await h['live:registrations']({ profileId: 'hq', filter: { states: ['OK'] } }, hctx);
    expect(regs.registrations.length).toBeGreaterThan(0);
    expect(regs.registrations.every((r) => r.state === 'OK')).toBe(true);
    await h['live:subscribe']({ profileIds: ['hq'] }, hctx);
    try {
      await until(() => emitted.some((e) => e.event === 'live:diff'));
      const diff = emitted.find((e) => e.event === 'live:diff')!.payload as LiveDiff;
      const answered = diff.added.find((c) => c.state === 'connected')!;
      const detail = await h['live:callDetail']({ key: answered.key }, hctx);
      expect(detail.call?.key).toBe(answered.key);
      expect(detail.rtpStreams.length).toBe(2);
      expect(detail.streams[0]).toHaveProperty('codec');
      expect(detail.fields['caller']).toBe(answered.caller);
      // What the router checks before anything reaches the window.
      expect(liveChannels['live:callDetail'].response.safeParse(detail).success).toBe(true);
      expect(liveChannels['live:health'].response.safeParse(health).success).toBe(true);
      expect(liveChannels['live:registrations'].response.safeParse(regs).success).toBe(true);
      for (const e of emitted) {
        const schema = e.event === 'live:diff' ? liveEvents['live:diff'] : liveEvents['live:status'];
        expect(schema.safeParse(e.payload).success).toBe(true);
      }
    } finally {
      await h['live:unsubscribe']({}, hctx);
    }
    // manager_file changes the sensor: main asks the operator (who says yes here, twice).
    ctx.platform.answers.push(true, true);
    const mf = await h['live:managerFile']({ profileId: 'hq', action: 'start', socketPath: `/tmp/vm_manager_cb${process.pid}` }, hctx);
    expect(mf.message).toMatch(/^OK \(/);
    expect((await h['live:managerFile']({ profileId: 'hq', action: 'stop' }, hctx)).message).toBe('OK');
    const audit = await ctx.audit.list({ action: 'manager-file', limit: 10 });
    expect(audit.filter((r) => r.phase === 'result' && r.outcome === 'ok').length).toBe(2);
  });

  it('Test connection reports version and call count', async () => {
    const p = voipmonitorProfileSchema.parse(await ctx.profiles.get('hq'));
    expect(await testVoipmonitor(ctx, p)).toMatch(/^Connected to sensor hq \(VoIPmonitor 2026\.04\.0\) over a fresh tcp 127\.0\.0\.1:\d+ connection, aes-128-cbc; 40 live calls\.$/);
  });

  function io(): CliIO & { out: string } {
    const o = { out: '', stdout: (t: string) => void (o.out += t), stderr: () => {}, readStdin: async () => '', confirm: async () => false, isTTY: false };
    return o;
  }

  it('callboard calls --json prints normalised calls; the text table is aligned', async () => {
    const one = [...simA.scenario.calls.values()][3]!;
    const j = io();
    expect(await callsCommand.run(['hq', '--called', one.called, '--json'], j, ctx)).toBe(0);
    const arr = JSON.parse(j.out) as Array<Record<string, unknown>>;
    expect(arr.length).toBeGreaterThanOrEqual(1);
    for (const c of arr) {
      expect(String(c['called'])).toContain(one.called);
      for (const k of ['callId', 'caller', 'called', 'start', 'durationSec', 'lastSipResponse', 'mosCaller', 'mosCalled', 'lossCaller', 'lossCalled', 'callerIp', 'calledIp', 'sensor']) expect(c).toHaveProperty(k);
      expect(String(c['start'])).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const t = io();
    expect(await callsCommand.run(['dc', '--limit', '3'], t, ctx)).toBe(0);
    const lines = t.out.trim().split('\n');
    expect(lines[0]).toMatch(/^SENSOR\s+CALLER\s+CALLED/);
    expect(lines.length).toBe(2 + 3 + 1);
    expect(lines.at(-1)).toBe('3 calls');
    await expect(callsCommand.run(['hq', '--limit', 'x'], io(), ctx)).rejects.toThrow(/--limit/);
  });

  it('callboard registrations prints a table and --json', async () => {
    const j = io();
    expect(await registrationsCommand.run(['hq', '--json'], j, ctx)).toBe(0);
    expect((JSON.parse(j.out) as unknown[]).length).toBe(25);
    const t = io();
    expect(await registrationsCommand.run(['hq', '--state', 'ok'], t, ctx)).toBe(0);
    expect(t.out).toMatch(/^USER\s+STATE/);
  });
});
