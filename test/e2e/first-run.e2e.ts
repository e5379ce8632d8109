/**
 * First start: no profiles → the welcome screen → "Add a VoIPmonitor sensor" → the form → the sensor's
 * calls in the live view, against the simulator on 127.0.0.1; plus an axe scan of the welcome screen.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../sims/voipmonitor';
import { seriousViolations } from './axe';
import { CONTENT_SECURITY_POLICY } from '../../src-main/app/policy';

describe.runIf(haveChromium())('first start', () => {
  let app: AppHarness;
  let sim: VoipmonitorSim;

  beforeAll(async () => {
    sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: 12, seed: 4 } });
    app = await launchRenderer({ secrets: new MemorySecretStore() });
  });
  afterAll(async () => {
    await app?.page.evaluate(() => (window as unknown as { callboard: { live: { unsubscribe(r: object): Promise<unknown> } } }).callboard.live.unsubscribe({})).catch(() => undefined);
    await app?.close();
    await sim?.stop();
  });

  it('from no profiles to a working sensor', async () => {
    const { page } = app;
    await page.getByTestId('first-run').waitFor();
    for (const s of [{ width: 1440, height: 900 }, { width: 1024, height: 640 }]) {
      await page.setViewportSize(s);
      await app.screenshot(`first-run-${s.width}x${s.height}`);
    }
    expect(await seriousViolations(page)).toEqual([]);
    // The built page's CSP <meta> is the policy main sends as a header (one definition, src-main/app/policy.ts).
    expect(await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))).toBe(CONTENT_SECURITY_POLICY);
    // Each kind says what it is for and what its form asks.
    const text = await page.getByTestId('first-run').innerText();
    for (const w of ['VoIPmonitor sensor', 'Grandstream UCM', 'Wildix', 'SIP VAULT', 'Operator extension', 'Import a profile file', 'npm run demo']) expect(text).toContain(w);
    // Every view but Settings shows it while there are no profiles.
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('first-run').waitFor();

    await page.getByTestId('first-run-add-voipmonitor').click();
    await page.getByTestId('view-settings').waitFor();
    await page.getByTestId('profile-form').waitFor();
    await page.getByTestId('field-id').fill('first');
    await page.getByTestId('field-name').fill('First sensor');
    await page.getByTestId('field-transport.host').fill('127.0.0.1');
    await page.getByTestId('field-transport.port').fill(String(sim.port));
    await page.getByTestId('field-cipher').selectOption('aes-128-cbc');
    app.confirmAnswers.push(true, true);
    await page.getByTestId('profile-save').click();
    await page.getByTestId('secrets-section').waitFor();
    // Only the two secrets a TCP sensor with AES uses count.
    await expect.poll(() => page.getByTestId('profile-row-first').innerText()).toContain('0/2 set');
    await page.getByTestId('secret-aesKey-input').fill(DEMO_AES.keyB64);
    await page.getByTestId('secret-aesKey-set').click();
    await page.getByTestId('secret-aesIv-input').fill(DEMO_AES.ivB64);
    await page.getByTestId('secret-aesIv-set').click();
    await expect.poll(() => page.getByTestId('profile-row-first').innerText()).toContain('2/2 set');

    await page.getByTestId('nav-live').click();
    await page.getByTestId('view-live').waitFor();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-first').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 15_000 }).toBe('12 calls');
    await app.screenshot('first-run-working-sensor');
  });
});
