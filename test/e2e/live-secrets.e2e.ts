/**
 * Secret changes take effect at once, end to end: a sensor watched with a wrong AES key recovers
 * within one poll of the right key being saved in Settings (no re-watching), and "Test connection"
 * of a UCM profile whose password was changed to a wrong one fails (a fresh login, never the cached
 * session's cookie).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, testKeychain, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../sims/voipmonitor';
import { makeSimCert, startUcmSim, type UcmSim } from '../sims/ucm/sim';
import { secretNamesFor } from '../../src-main/profiles/schema';
import { getUcmSession } from '../../src-main/connectors/ucm/session';

const useKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const CALLS = 30;

describe.runIf(haveChromium())('Live calls and Test connection follow changed secrets', () => {
  let app: AppHarness;
  let sim: VoipmonitorSim;
  let ucm: UcmSim;

  beforeAll(async () => {
    sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: CALLS, seed: 12 } });
    ucm = await startUcmSim({ cert: await makeSimCert('UCM6304') });
    app = await launchRenderer({
      secrets: useKeychain ? testKeychain() : new MemorySecretStore(),
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'keyed', name: 'Keyed sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'aes-128-cbc', pollIntervalSec: 1, timeoutMs: 1500 });
        await ctx.secrets.set('keyed', 'aesKey', Buffer.from('not-the-real-key').toString('base64'));
        await ctx.secrets.set('keyed', 'aesIv', DEMO_AES.ivB64);
        await ctx.profiles.upsert({ id: 'pbx', name: 'PBX', kind: 'ucm', baseUrl: ucm.url, user: 'cdrapi', tlsCertSha256: ucm.fingerprint, timeoutMs: 5000 });
        await ctx.secrets.set('pbx', 'password', 'cdrapi123');
      },
    });
  });
  afterAll(async () => {
    for (const p of await app?.ctx.profiles.list().catch(() => []) ?? []) await app.ctx.secrets.clearAll(p.id, secretNamesFor(p.kind)).catch(() => undefined);
    await app?.page.evaluate(() => (window as unknown as { callboard: { live: { unsubscribe(r: object): Promise<unknown> } } }).callboard.live.unsubscribe({})).catch(() => undefined);
    await app?.close();
    await sim?.stop();
    await ucm?.stop();
  });

  it('a wrong AES key shows as such; saving the right key in Settings brings the calls within one poll', async () => {
    const { page } = app;
    await page.getByTestId('view-live').waitFor();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-keyed').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('chip-keyed').getAttribute('data-state'), { timeout: 10_000 }).toBe('error');
    expect(await page.getByTestId('chip-keyed').getAttribute('title')).toMatch(/AES key or IV .* is wrong/);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId(`profile-edit-keyed`).click();
    await page.getByTestId('secret-aesKey-input').fill(DEMO_AES.keyB64);
    const savedAt = Date.now();
    await page.getByTestId('secret-aesKey-set').click();
    await page.getByTestId('nav-live').click();
    await page.getByTestId('view-live').waitFor();
    // One poll interval (1 s) plus the change check (1 s); the error backoff alone would be 30 s.
    await expect.poll(() => page.getByTestId('chip-keyed').getAttribute('data-state'), { timeout: 4000 }).toBe('connected');
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 2000 }).toBe(`${CALLS} calls`);
    expect(Date.now() - savedAt).toBeLessThan(4500);
    expect(await page.locator('[data-testid^="live-row-keyed:"].stale').count()).toBe(0);
  });

  it('Test connection with a changed, wrong UCM password fails although a session with the old one is cached', async () => {
    const { page } = app;
    // A shared session logged in with the right password, as live calls or CDR search leave it.
    await getUcmSession(app.ctx, await app.ctx.profiles.get('pbx') as Parameters<typeof getUcmSession>[1]).call('getSystemStatus');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('profile-edit-pbx').click();
    await page.getByTestId('secret-password-input').fill('not-the-password');
    await page.getByTestId('secret-password-set').click();
    await expect.poll(() => page.getByTestId('secret-password-state').innerText()).toBe('set');
    await page.getByTestId('profile-test-pbx').click();
    const result = page.getByTestId('profile-test-result-pbx');
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).not.toMatch(/^(|Testing…)$/);
    expect(await result.innerText()).not.toMatch(/Logged in/);
    expect(await result.locator('.error').count()).toBe(1);
    // And back: the right password logs in afresh, and says so.
    await page.getByTestId('secret-password-input').fill('cdrapi123');
    await page.getByTestId('secret-password-set').click();
    await page.getByTestId('profile-test-pbx').click();
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toMatch(/^Logged in to UCM PBX as cdrapi; .*checked with a fresh login\.$/);
  });
});
