/**
 * The fifth backend end to end, with nothing in the renderer that names it: Settings builds the
 * Kamailio form from `profiles:kinds`, the password goes through the write-only field, first contact
 * asks to accept the proxy's certificate (main confirms), and then the live table, the registrations
 * view and hang-up show what a real kamailio on 127.0.0.1 reports for calls SIP phones place through it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { kamailioSkipReason, startKamailio, SipPhone, type PhoneCall, type TestKamailio } from '../helpers/kamailio';

const ID = 'edge';

describe.runIf(haveChromium() && kamailioSkipReason() === null)('Kamailio profile from Settings to live calls', () => {
  let app: AppHarness;
  let k: TestKamailio;
  let phones: SipPhone[] = [];
  let answered: PhoneCall;
  let ringing: PhoneCall;

  beforeAll(async () => {
    k = await startKamailio();
    const proxy = { host: '127.0.0.1', port: k.sipPort };
    phones = await Promise.all([SipPhone.open('alice', proxy), SipPhone.open('bob', proxy), SipPhone.open('carol', proxy)]);
    const [alice, bob, carol] = phones as [SipPhone, SipPhone, SipPhone];
    carol.answer = 'ring';
    expect(await Promise.all(phones.map((p) => p.register(300)))).toEqual([200, 200, 200]);
    answered = alice.call('bob');
    await answered.waitFor(200);
    ringing = bob.call('carol');
    await ringing.waitFor(180);
    app = await launchRenderer({ secrets: new MemorySecretStore() });
  });
  afterAll(async () => {
    await app?.page.evaluate(() => (window as unknown as { callboard: { live: { unsubscribe(r: object): Promise<unknown> } } }).callboard.live.unsubscribe({})).catch(() => undefined);
    await app?.close();
    await Promise.all(phones.map((p) => p.close()));
    await k?.stop();
  });

  it('adds the profile with the form the descriptor describes, sets the password, and accepts the certificate main shows', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('view-settings').waitFor();
    await page.getByTestId('new-kind').selectOption('kamailio');
    await page.getByTestId('profile-add').click();
    await page.getByTestId('field-id').fill(ID);
    await page.getByTestId('field-name').fill('Edge proxy');
    await page.getByTestId('field-rpcUrl').fill(k.rpcUrl.replace('https', 'http'));
    await page.getByTestId('field-user').fill(k.user);
    await page.getByTestId('profile-save').click();
    // Main's schema refuses plain HTTP, next to the field.
    await page.getByTestId('field-rpcUrl-error').waitFor();
    await page.getByTestId('field-rpcUrl').fill(k.rpcUrl);
    await page.getByTestId('profile-save').click();
    await page.getByTestId(`profile-row-${ID}`).waitFor();
    expect(await app.ctx.profiles.get(ID)).toMatchObject({ kind: 'kamailio', rpcUrl: k.rpcUrl, auth: 'basic', user: k.user, pollIntervalSec: 2 });

    await page.getByTestId('secret-rpcPassword-input').fill(k.password);
    await page.getByTestId('secret-rpcPassword-set').click();
    await expect.poll(() => page.getByTestId('secret-rpcPassword-state').innerText()).toBe('set');

    await page.getByTestId(`profile-test-${ID}`).click();
    await page.getByTestId('trust-dialog').waitFor();
    expect(await page.getByTestId('trust-fingerprint').innerText()).toBe(k.certFingerprint);
    app.confirmAnswers.push(true);
    await page.getByTestId('trust-dialog-confirm').click();
    await expect.poll(async () => {
      const p = await app.ctx.profiles.get(ID);
      return p.kind === 'kamailio' ? p.tlsCertSha256 : undefined;
    }).toBe(k.certFingerprint);
    expect(app.confirmations.at(-1)?.fingerprints?.[0]?.value).toBe(k.certFingerprint);
    await expect.poll(() => page.getByTestId(`profile-test-result-${ID}`).innerText(), { timeout: 10_000 }).toMatch(/^Reached Kamailio 5\.\d+\.\d+ at .* as noc/);
    await app.screenshot('kamailio-settings');
  });

  it('the live table shows the ringing and the answered dialog the proxy tracks', async () => {
    const { page } = app;
    await page.keyboard.press('Control+1');
    await page.getByTestId('view-live').waitFor();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId(`watch-${ID}`).check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 10_000 }).toBe('2 calls');
    await expect.poll(() => page.getByTestId(`chip-${ID}`).getAttribute('data-state')).toBe('connected');
    const rows = await page.locator(`[data-testid^="live-row-${ID}:"]`).allInnerTexts();
    expect(rows.some((t) => t.includes('alice') && t.includes('bob'))).toBe(true);
    expect(rows.some((t) => t.includes('bob') && t.includes('carol'))).toBe(true);
    await expect.poll(() => page.getByTestId(`health-${ID}`).innerText()).toMatch(/v5\.\d+\.\d+/);
    await app.screenshot('kamailio-live');
  });

  it('registrations list the three phones usrloc holds', async () => {
    const { page } = app;
    await page.keyboard.press('Control+3');
    await page.getByTestId('view-registrations').waitFor();
    await expect.poll(() => page.getByTestId('reg-count').innerText(), { timeout: 10_000 }).toBe('3 registrations');
    for (const u of ['alice', 'bob', 'carol']) await page.getByTestId(`reg-row-${u}`).waitFor();
  });

  it('hang-up asks first, then the proxy ends the dialog with BYE to both phones and the row leaves', async () => {
    const { page } = app;
    await page.keyboard.press('Control+1');
    await page.getByTestId('live-table').locator('.vtable-scroll').focus();
    await page.keyboard.press('Home');
    const selected = () => page.evaluate(() => document.querySelector('[data-testid="live-table"] [aria-selected="true"]')?.textContent ?? '');
    for (let i = 0; i < 4 && !/alice[\s\S]*bob/.test(await selected()); i++) await page.keyboard.press('ArrowDown');
    expect(await selected()).toMatch(/alice[\s\S]*bob/);
    await page.keyboard.press('h');
    await page.getByTestId('hangup-dialog').waitFor();
    await page.getByTestId('hangup-dialog-confirm').click();
    await expect.poll(() => answered.byeReceived, { timeout: 5000 }).toBe(true);
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 10_000 }).toBe('1 call');
    const audit = await app.ctx.audit.list({ action: 'hangup' });
    expect(audit.some((r) => r.phase === 'result' && r.outcome === 'ok' && r.target?.includes(answered.callId))).toBe(true);
    await ringing.hangup();
  });
});
