/**
 * Profile and secret changes take effect at once: pollers and pooled connections are keyed on the
 * profile and its secrets generation, and "Test connection" always makes its own fresh handshake.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { LiveCallsService } from '../../../src-main/services/live/service';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';
import { testVoipmonitor } from '../../../src-main/connectors/voipmonitor/tester';
import { connectionKey, secretsGeneration } from '../../../src-main/secrets/generation';
import { getUcmSession } from '../../../src-main/connectors/ucm/session';
import { testUcm } from '../../../src-main/connectors/ucm/tester';
import { appContext, rig } from '../ucm/helpers';
import type { LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import type { VoipmonitorProfile } from '../../../src-main/connectors/voipmonitor/profile';
import { until } from '../../helpers/until';

const WRONG_KEY = Buffer.from('not-the-real-key').toString('base64');

let sim: VoipmonitorSim;
let ctx: FakeContext;

async function hq(): Promise<VoipmonitorProfile> {
  const p = await ctx.profiles.get('hq');
  if (p.kind !== 'voipmonitor') throw new Error('hq is a VoIPmonitor profile');
  return p;
}

beforeAll(async () => {
  sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: 25, seed: 3 } });
  ctx = await fakeContext([{ id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'aes-128-cbc', timeoutMs: 1000 }]);
  await ctx.secrets.set('hq', 'aesIv', DEMO_AES.ivB64);
});
afterAll(async () => {
  await sensorPoolFor(ctx).closeAll();
  await sim.stop();
  await ctx.cleanup();
});

describe('secrets generation', () => {
  it('is bumped by every set and clear, and changes the connection key', async () => {
    const p = await ctx.profiles.get('hq');
    const g0 = secretsGeneration(ctx.secrets, 'hq');
    const k0 = connectionKey(ctx.secrets, p);
    await ctx.secrets.set('hq', 'aesKey', WRONG_KEY);
    expect(secretsGeneration(ctx.secrets, 'hq')).toBe(g0 + 1);
    await ctx.secrets.clear('hq', 'aesKey');
    expect(secretsGeneration(ctx.secrets, 'hq')).toBe(g0 + 2);
    expect(connectionKey(ctx.secrets, p)).not.toBe(k0);
    // Another profile's generation is untouched.
    expect(secretsGeneration(ctx.secrets, 'other')).toBe(0);
  });
});

describe('live calls follow a changed secret at once', () => {
  it('wrong AES key -> error; the right key -> connected with a full table within a second, although the error backoff is 30 s; and back', async () => {
    await ctx.secrets.set('hq', 'aesKey', WRONG_KEY);
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 200 });
    const diffs: LiveDiff[] = [];
    const statuses: SourceStatus[] = [];
    await svc.subscribe('w', ['hq'], { diff: (d) => diffs.push(d), status: (s) => statuses.push(s) });
    try {
      await until(() => statuses.some((s) => s.state === 'error'));
      expect(statuses.find((s) => s.state === 'error')?.message).toMatch(/AES key or IV .* is wrong/);
      // Test connection says the same, on its own connection.
      await expect(testVoipmonitor(ctx, await hq())).rejects.toThrow(/AES key or IV .* is wrong/);

      const fixedAt = Date.now();
      await ctx.secrets.set('hq', 'aesKey', DEMO_AES.keyB64);
      await until(() => statuses.at(-1)?.state === 'connected', 3000);
      expect(Date.now() - fixedAt).toBeLessThan(1500);
      expect(diffs.at(-1)).toMatchObject({ reset: true });
      expect(diffs.at(-1)?.added.length).toBe(25);
      expect(await testVoipmonitor(ctx, await hq())).toMatch(/fresh tcp .* connection/);

      // The reverse: a connection built with the right key must not keep working after a wrong one is saved.
      const n = statuses.length;
      await ctx.secrets.set('hq', 'aesKey', WRONG_KEY);
      await until(() => statuses.slice(n).some((s) => s.state === 'error'), 3000);
      expect(statuses.slice(n).find((s) => s.state === 'error')?.message).toMatch(/AES key or IV .* is wrong/);
    } finally {
      await svc.stopAll();
      await ctx.secrets.set('hq', 'aesKey', DEMO_AES.keyB64);
    }
  });

  it('an edited profile restarts its poller from a snapshot, keeping the stale time of a failing source', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 200 });
    const statuses: SourceStatus[] = [];
    const diffs: LiveDiff[] = [];
    const p = await hq();
    // Point it at a port nobody listens on: stale.
    await ctx.profiles.upsert({ ...p, transport: { type: 'tcp', host: '127.0.0.1', port: 9 } });
    await svc.subscribe('e', ['hq'], { diff: (d) => diffs.push(d), status: (s) => statuses.push(s) });
    try {
      await until(() => statuses.some((s) => s.state === 'error'));
      const staleSince = statuses.find((s) => s.state === 'error')?.staleSince;
      expect(staleSince).toBeTruthy();
      await ctx.profiles.upsert(p);
      await svc.checkChanges();
      // The replacement's first status still says the rows are stale, until its first good poll.
      const after = statuses.slice(statuses.findIndex((s) => s.state === 'connecting' && s.staleSince === staleSince));
      expect(after.length).toBeGreaterThan(0);
      await until(() => statuses.at(-1)?.state === 'connected', 3000);
      expect(statuses.at(-1)?.staleSince).toBeNull();
      expect(statuses.some((s) => s.state === 'stopped')).toBe(false);
      expect(diffs.at(-1)).toMatchObject({ reset: true, seq: 1 });
    } finally {
      await svc.stopAll();
      await ctx.profiles.upsert(p);
    }
  });
});

describe('UCM: a changed password is never hidden by a cached session', () => {
  it('Test connection logs in afresh and fails with a wrong password; the shared session is replaced too', async () => {
    const r = await rig();
    try {
      const actx = await appContext(r);
      const shared = getUcmSession(actx, r.profile);
      await shared.call('getSystemStatus');
      expect(shared.stats.logins).toBe(1);
      await r.secrets.set('hq', 'password', 'wrong-password');
      await expect(testUcm(actx, r.profile)).rejects.toMatchObject({ code: 'auth' });
      // The shared session was built with the old password: the pool hands out a new one, which fails too.
      const next = getUcmSession(actx, r.profile);
      expect(next).not.toBe(shared);
      await expect(next.call('getSystemStatus')).rejects.toMatchObject({ code: 'auth' });
      await r.secrets.set('hq', 'password', 'cdrapi123');
      expect(await testUcm(actx, r.profile)).toMatch(/checked with a fresh login\.$/);
    } finally {
      await r.connections.closeAll();
      await r.sim.stop();
    }
  });
});
