/**
 * A secret changed by ANOTHER process reaches a running app: the app watches a sensor with a wrong
 * AES key; the operator fixes it with the real CLI (`callboard secret set`, a separate Node process,
 * the real Secret Service); the app's live table recovers within the live service's change check,
 * without a restart. Needs the real keychain (npm test runs vitest under scripts/with-keyring.sh);
 * skipped loudly elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../../src-main/services/create-context';
import { KeytarSecretStore } from '../../../src-main/secrets/keychain';
import { LiveCallsService } from '../../../src-main/services/live/service';
import type { AppContext, Platform } from '../../../src-main/core/context';
import type { LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../../sims/voipmonitor';
import { until } from '../../helpers/until';

const real = process.env.CALLBOARD_REAL_KEYCHAIN === '1';
const service = `Callboard-test-${randomBytes(4).toString('hex')}`;
const platform = { openFile: async () => null, saveFile: async () => null, writeClipboard: async () => undefined, openExternal: async () => undefined, confirm: async () => false } as Platform;

if (!real) console.warn('cross-process secrets test skipped: run it under scripts/with-keyring.sh (npm test does)');

describe.runIf(real)('secrets changed by another process (real CLI, real keychain)', () => {
  let sim: VoipmonitorSim;
  let dir: string;
  let ctx: AppContext;
  const store = new KeytarSecretStore(service);

  beforeAll(async () => {
    const b = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
    expect(b.status).toBe(0);
    sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: 25, seed: 31 } });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-xproc-'));
    ctx = createAppContext({ configDir: dir, platform, appVersion: 't', secrets: store });
    await ctx.profiles.upsert({ id: 'keyed', name: 'Keyed', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'aes-128-cbc', timeoutMs: 1500 });
    await ctx.secrets.set('keyed', 'aesKey', Buffer.from('not-the-real-key').toString('base64'));
    await ctx.secrets.set('keyed', 'aesIv', DEMO_AES.ivB64);
  });
  afterAll(async () => {
    await store.clearAll('keyed', ['aesKey', 'aesIv']).catch(() => undefined);
    await ctx?.connections.closeAll();
    await sim?.stop();
  });

  it('a wrong AES key fixed with `callboard secret set` in another process brings the calls back', async () => {
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 200, maxBackoffMs: 400 });
    const diffs: LiveDiff[] = [];
    const statuses: SourceStatus[] = [];
    await svc.subscribe('w', ['keyed'], { diff: (d) => diffs.push(d), status: (s) => statuses.push(s) });
    try {
      await until(() => statuses.some((s) => s.state === 'error'), 10_000, 'the wrong-key error');
      expect(statuses.find((s) => s.state === 'error')?.message).toMatch(/AES key or IV/);
      expect(diffs.some((d) => d.added.length > 0)).toBe(false);

      // The operator, in a terminal: the right key on stdin, into the same keychain and config folder.
      const cli = spawnSync(process.execPath, ['out/cli/callboard.cjs', '--config-dir', dir, 'secret', 'set', 'keyed', 'aesKey'], {
        input: `${DEMO_AES.keyB64}\n`,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, CALLBOARD_KEYCHAIN_SERVICE: service },
      });
      expect(cli.status, cli.stderr).toBe(0);
      const fixedAt = Date.now();
      // The live service checks once a second; marks are read at most twice a second; then one poll.
      await until(() => diffs.some((d) => d.added.length === 25), 5_000, 'the calls after the fix');
      expect(Date.now() - fixedAt).toBeLessThan(5_000);
      expect(statuses.at(-1)).toMatchObject({ state: 'connected' });
    } finally {
      await svc.stopAll();
    }
  });
});
