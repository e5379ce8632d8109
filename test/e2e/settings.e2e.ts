/**
 * Settings view end to end: the built renderer in Chromium over the real router and profile store.
 * Secrets go to an in-memory store unless the run has a Secret Service (keychain wrapper), then to
 * a throwaway keychain service.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, testKeychain, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';

const useKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe.runIf(haveChromium())('Settings view', () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await launchRenderer({ secrets: useKeychain ? testKeychain() : new MemorySecretStore() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('loads the shell and switches views with Ctrl+5', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('app').isVisible()).toBe(true);
    await page.keyboard.press('Control+5');
    await page.getByTestId('view-settings').waitFor();
    await page.keyboard.press('Control+1');
    // No profiles yet: every view but Settings shows the first-run screen instead of an empty table.
    await page.getByTestId('first-run').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('view-settings').waitFor();
    expect(await page.getByTestId('profiles-table').innerText()).toContain('No profiles yet');
  });

  it('creates a UCM profile, shows field errors from main, edits and deletes it', async () => {
    const { page } = app;
    await page.getByTestId('new-kind').selectOption('ucm');
    await page.getByTestId('profile-add').click();
    await page.getByTestId('field-id').fill('pbx-main');
    await page.getByTestId('field-name').fill('Main PBX');
    await page.getByTestId('field-baseUrl').fill('http://ucm.example.net:8089');
    await page.getByTestId('field-user').fill('cdrapi');
    await page.getByTestId('profile-save').click();
    // Main refuses http:// and the form puts the message next to the field.
    await page.getByTestId('field-baseUrl-error').waitFor();
    expect(await page.getByTestId('field-baseUrl-error').innerText()).toMatch(/https/);
    expect(await app.ctx.profiles.list()).toHaveLength(0);

    await page.getByTestId('field-baseUrl').fill('https://ucm.example.net:8089');
    await page.getByTestId('field-operatorExtension').fill('101');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-row-pbx-main').waitFor();
    const saved = await app.ctx.profiles.get('pbx-main');
    expect(saved).toMatchObject({ kind: 'ucm', name: 'Main PBX', baseUrl: 'https://ucm.example.net:8089', user: 'cdrapi', operatorExtension: '101' });

    // Edit: the id is fixed, the name changes.
    expect(await page.getByTestId('field-id').isDisabled()).toBe(true);
    await page.getByTestId('field-name').fill('Main PBX (Prague)');
    await page.getByTestId('field-dialPolicy.allowInternational').check();
    // Allowing international calls relaxes the dial policy: main asks in its own dialog (Cancel first).
    const asked = app.confirmations.length;
    await page.getByTestId('profile-save').click();
    await expect.poll(() => app.confirmations.length).toBe(asked + 1);
    expect(app.confirmations.at(-1)?.policyDiff).toContainEqual({ label: 'International numbers', from: 'refused', to: 'allowed' });
    await expect.poll(() => page.getByTestId('form-error').innerText()).toMatch(/not confirmed/);
    expect((await app.ctx.profiles.get('pbx-main')).name).toBe('Main PBX');
    app.confirmAnswers.push(true);
    await page.getByTestId('profile-save').click();
    await expect.poll(async () => (await app.ctx.profiles.get('pbx-main')).name).toBe('Main PBX (Prague)');
    const edited = await app.ctx.profiles.get('pbx-main');
    expect(edited.kind === 'ucm' && edited.dialPolicy.allowInternational).toBe(true);
    await app.screenshot('settings-ucm-edit');

    // Delete with confirmation.
    await page.getByTestId('profile-delete-pbx-main').click();
    await page.getByTestId('delete-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('profile-row-pbx-main').count()).toBe(0);
    expect(await app.ctx.profiles.list()).toHaveLength(0);
  });

  it('creates a VoIPmonitor ssh profile with transport-specific fields', async () => {
    const { page } = app;
    await page.getByTestId('new-kind').selectOption('voipmonitor');
    await page.getByTestId('profile-add').click();
    await page.getByTestId('field-id').fill('hq-sensor');
    await page.getByTestId('field-name').fill('HQ sensor');
    await page.getByTestId('field-transport.type').selectOption('ssh');
    expect(await page.getByTestId('field-transport.port').inputValue()).toBe('22');
    await page.getByTestId('field-transport.host').fill('10.0.0.5');
    await page.getByTestId('field-transport.user').fill('voipmon');
    await page.getByTestId('field-transport.auth').selectOption('agent');
    await page.getByTestId('field-cipher').selectOption('aes-256-cbc');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-row-hq-sensor').waitFor();
    const p = await app.ctx.profiles.get('hq-sensor');
    expect(p.kind).toBe('voipmonitor');
    if (p.kind !== 'voipmonitor') return;
    expect(p.transport).toMatchObject({ type: 'ssh', host: '10.0.0.5', port: 22, user: 'voipmon', auth: 'agent', mode: 'streamlocal' });
    expect(p.cipher).toBe('aes-256-cbc');
  });

  it('sets a secret write-only: cleared input, never echoed in the DOM or across the bridge', async () => {
    const { page } = app;
    const canary = `CANARY-${Math.random().toString(36).slice(2)}-key`;
    await page.getByTestId('profile-edit-hq-sensor').click();
    await page.getByTestId('secret-aesKey').waitFor();
    expect(await page.getByTestId('secret-aesKey-state').innerText()).toBe('not set');
    await page.getByTestId('secret-aesKey-input').fill(canary);
    expect(await page.getByTestId('secret-aesKey-input').getAttribute('type')).toBe('password');
    await page.getByTestId('secret-aesKey-set').click();
    await expect.poll(() => page.getByTestId('secret-aesKey-state').innerText()).toBe('set');
    expect(await page.getByTestId('secret-aesKey-input').inputValue()).toBe('');
    expect(await app.ctx.secrets.isSet('hq-sensor', 'aesKey')).toBe(true);
    expect(await page.getByTestId('secret-aesKey-set').innerText()).toBe('Replace');

    // The only message allowed to carry the value is the secrets:set request itself.
    const carrying = app.messages.filter((m) => JSON.stringify(m.payload).includes(canary));
    expect(carrying.map((m) => `${m.dir} ${m.channel}`)).toEqual(['invoke secrets:set']);
    const html = await page.content();
    expect(html).not.toContain(canary);
    // Nor in anything the page can read back through input values.
    const values = await page.$$eval('input', (els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(values.join('\n')).not.toContain(canary);
    await app.screenshot('settings-secrets');

    await page.getByTestId('secret-aesKey-clear').click();
    await expect.poll(() => page.getByTestId('secret-aesKey-state').innerText()).toBe('not set');
    expect(await app.ctx.secrets.isSet('hq-sensor', 'aesKey')).toBe(false);
  });

  it('tests a connection and shows the plain-language result', async () => {
    const { page } = app;
    await page.getByTestId('profile-test-hq-sensor').click();
    await expect.poll(() => page.getByTestId('profile-test-result-hq-sensor').innerText()).not.toMatch(/^(|Testing…)$/);
    const text = await page.getByTestId('profile-test-result-hq-sensor').innerText();
    // Nothing listens on 10.0.0.5 from here, or the secret is missing: either way a sentence naming the profile.
    expect(text.length).toBeGreaterThan(10);
  });
});
