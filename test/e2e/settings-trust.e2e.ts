/**
 * The two security-relevant flows of the Settings view, end to end (built renderer in Chromium, real
 * router, services, UCM connector and profile store; the protocol-faithful UCM simulator on 127.0.0.1):
 *  1. First contact with an unpinned UCM certificate: the trust dialog shows what main saw, nothing is
 *     sent before "Accept", "Cancel" pins nothing, the renderer cannot pin a fingerprint of its own,
 *     and a changed certificate is a hard error naming both fingerprints with no way to accept it.
 *  2. Import / export of profiles files: secrets never leave the keychain, a corrupt file changes nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { haveChromium, testKeychain, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { ROOT } from './renderer-server';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { makeSimCert, startUcmSim, type UcmSim } from '../sims/ucm/sim';
import { parseProfilesText, PROFILES_FILE } from '../../src-main/profiles/store';
import { secretNamesFor } from '../../src-main/profiles/schema';
import type { AppContext } from '../../src-main/core/context';

const useKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const secretStore = () => (useKeychain ? testKeychain() : new MemorySecretStore());

/** Removes every secret this spec may have set (a real keychain outlives the test process). */
async function clearSecrets(ctx: AppContext): Promise<void> {
  for (const p of await ctx.profiles.list().catch(() => [])) await ctx.secrets.clearAll(p.id, secretNamesFor(p.kind)).catch(() => undefined);
}

/** Result of `window.callboard.connection.trust(...)` called by page script (not through the UI). */
interface Envelope {
  ok: boolean;
  error?: { code: string; message: string };
}

describe.runIf(haveChromium())('Settings: first contact with a UCM certificate', () => {
  const ID = 'pbx-trust';
  let app: AppHarness;
  let sim: UcmSim;
  let impostor: UcmSim | undefined;

  beforeAll(async () => {
    sim = await startUcmSim({ cert: await makeSimCert('UCM6304') });
    app = await launchRenderer({ secrets: secretStore() });
  });
  afterAll(async () => {
    if (app) await clearSecrets(app.ctx);
    await app?.close();
    await sim?.stop();
    await impostor?.stop();
  });

  const testResult = () => app.page.getByTestId(`profile-test-result-${ID}`);
  /** Clicks "Test connection" and waits for the finished result (a new connection:test reply). */
  async function runTest(): Promise<void> {
    const before = app.messages.filter((m) => m.dir === 'reply' && m.channel === 'connection:test').length;
    await app.page.getByTestId(`profile-test-${ID}`).click();
    await expect.poll(() => app.messages.filter((m) => m.dir === 'reply' && m.channel === 'connection:test').length).toBeGreaterThan(before);
    await expect.poll(() => testResult().innerText()).not.toMatch(/^(|Testing…)$/);
  }
  const lastTestReply = () => [...app.messages].reverse().find((m) => m.dir === 'reply' && m.channel === 'connection:test')?.payload as { ok: boolean; value: { ok: boolean; message: string; trust?: { fingerprint: string } } };

  it('creates an unpinned UCM profile and sets its password through the write-only field', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('view-settings').waitFor();
    await page.getByTestId('new-kind').selectOption('ucm');
    await page.getByTestId('profile-add').click();
    await page.getByTestId('field-id').fill(ID);
    await page.getByTestId('field-name').fill('Trust PBX');
    await page.getByTestId('field-baseUrl').fill(sim.url);
    await page.getByTestId('field-user').fill('cdrapi');
    expect(await page.getByTestId('field-tlsCertSha256').inputValue()).toBe('');
    await page.getByTestId('profile-save').click();
    await page.getByTestId(`profile-row-${ID}`).waitFor();
    const saved = await app.ctx.profiles.get(ID);
    expect(saved).toMatchObject({ kind: 'ucm', baseUrl: sim.url, user: 'cdrapi' });
    expect(saved.kind === 'ucm' && saved.tlsCertSha256).toBeFalsy();

    await page.getByTestId('secret-password-input').fill('cdrapi123');
    await page.getByTestId('secret-password-set').click();
    await expect.poll(() => page.getByTestId('secret-password-state').innerText()).toBe('set');
    expect(await app.ctx.secrets.isSet(ID, 'password')).toBe(true);
    expect(sim.requests).toHaveLength(0);
  });

  it('first contact shows the certificate (fingerprint, subject, issuer, validity) and sends nothing before Accept', async () => {
    const { page } = app;
    await runTest();
    const dialog = page.getByTestId('trust-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('trust-fingerprint').innerText()).toBe(sim.fingerprint);
    const x509 = new X509Certificate(sim.cert.cert);
    const text = await dialog.innerText();
    expect(text).toContain(`Accept the certificate of ${ID}?`);
    expect(text).toMatch(/Subject\s+.*CN=UCM6304/);
    expect(text).toMatch(/Issuer\s+.*O=Grandstream/);
    expect(text).toContain(new Date(x509.validFrom).toISOString());
    expect(text).toContain(new Date(x509.validTo).toISOString());
    expect(await page.getByTestId('trust-dialog-confirm').innerText()).toBe('Accept');
    // The TLS handshake is all first contact needs: not one HTTP request, so no challenge and no login.
    expect(sim.requests).toEqual([]);
    expect(sim.counts()).toMatchObject({ challenges: 0, logins: 0 });
    await app.screenshot('settings-trust-first-contact');
  });

  it('"Cancel" pins nothing and still sends nothing', async () => {
    const { page } = app;
    await page.getByTestId('trust-dialog-cancel').click();
    await expect.poll(() => page.getByTestId('trust-dialog').count()).toBe(0);
    const p = await app.ctx.profiles.get(ID);
    expect(p.kind === 'ucm' && p.tlsCertSha256).toBeFalsy();
    expect(app.messages.filter((m) => m.channel === 'connection:trust')).toHaveLength(0);
    // The row says what happened, in words, with the fingerprint to compare.
    expect(await testResult().innerText()).toContain(sim.fingerprint);
    expect(sim.requests).toEqual([]);
  });

  it('the renderer cannot pin a fingerprint of its own choosing', async () => {
    const before = JSON.stringify(await app.ctx.profiles.get(ID));
    const madeUp = Array.from({ length: 32 }, () => 'AA').join(':');
    const replies = await app.page.evaluate(
      async ([profileId, fps]) => {
        const cb = (window as unknown as { callboard: { connection: { trust(r: unknown): Promise<unknown> } } }).callboard;
        const out: unknown[] = [];
        for (const fingerprint of fps) out.push(await cb.connection.trust({ profileId, fingerprint }));
        return out;
      },
      [ID, [madeUp, sim.fingerprint.toLowerCase(), '']] as const,
    );
    for (const r of replies as Envelope[]) {
      expect(r.ok).toBe(false);
      expect(r.error?.message).toMatch(/not the one Callboard was shown/);
    }
    expect(JSON.stringify(await app.ctx.profiles.get(ID))).toBe(before);
    expect(sim.requests).toEqual([]);
  });

  it('"Accept" pins exactly the fingerprint shown, the open form keeps it, and the test then succeeds in plain words', async () => {
    const { page } = app;
    await runTest();
    await page.getByTestId('trust-dialog').waitFor();
    expect(await page.getByTestId('trust-fingerprint').innerText()).toBe(sim.fingerprint);
    // The page's Accept only asks main; main shows its own dialog with the fingerprint it saw, and the
    // operator (played here) confirms there.
    const dialogs = app.confirmations.length;
    app.confirmAnswers.push(true);
    await page.getByTestId('trust-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('trust-dialog').count()).toBe(0);
    await expect.poll(() => app.confirmations.length).toBe(dialogs + 1);
    expect(app.confirmations.at(-1)?.fingerprints?.[0]?.value).toBe(sim.fingerprint);
    await expect.poll(async () => {
      const p = await app.ctx.profiles.get(ID);
      return p.kind === 'ucm' ? p.tlsCertSha256 : undefined;
    }).toBe(sim.fingerprint);
    // Accepting re-runs the test by itself; it logs in now.
    await expect.poll(() => testResult().innerText()).toMatch(/^Logged in to UCM Trust PBX as cdrapi; firmware 1\.0\.33\.30/);
    expect(sim.counts().logins).toBeGreaterThanOrEqual(1);

    // The edit pane that was open while accepting shows the pin, and saving it does not drop the pin.
    await expect.poll(() => page.getByTestId('field-tlsCertSha256').inputValue()).toBe(sim.fingerprint);
    await page.getByTestId('field-name').fill('Trust PBX (pinned)');
    await page.getByTestId('profile-save').click();
    await expect.poll(async () => (await app.ctx.profiles.get(ID)).name).toBe('Trust PBX (pinned)');
    const p = await app.ctx.profiles.get(ID);
    expect(p.kind === 'ucm' && p.tlsCertSha256).toBe(sim.fingerprint);

    // Testing again: success, shown as success.
    await runTest();
    expect(lastTestReply().value).toMatchObject({ ok: true });
    expect(lastTestReply().value.trust).toBeUndefined();
    expect(await testResult().innerText()).toMatch(/^Logged in to UCM Trust PBX \(pinned\) as cdrapi; firmware 1\.0\.33\.30 \(UCM6304\s+V1\.0A\), time zone UTC\+02:00; checked with a fresh login\.$/);
    expect(await testResult().locator('.ok-text').count()).toBe(1);
    expect(await page.getByTestId('trust-dialog').count()).toBe(0);
  });

  it('a different certificate at the pinned address is a hard error naming both fingerprints, with no "Accept"', async () => {
    const { page } = app;
    const port = sim.port;
    const pinned = sim.fingerprint;
    await sim.stop();
    impostor = await startUcmSim({ port, cert: await makeSimCert('UCM6304') });
    expect(impostor.url).toBe(sim.url);
    expect(impostor.fingerprint).not.toBe(pinned);

    await runTest();
    const text = await testResult().innerText();
    expect(text).toContain(`pinned ${pinned}`);
    expect(text).toContain(`now presented ${impostor.fingerprint}`);
    expect(text).toMatch(/has changed/);
    expect(await testResult().locator('.error').count()).toBe(1);
    expect(lastTestReply().value).toMatchObject({ ok: false, code: 'connection' });
    expect(lastTestReply().value.trust).toBeUndefined();
    expect(await page.getByTestId('trust-dialog').count()).toBe(0);
    // Nothing (no cookie, no login) reached the server with the new certificate.
    expect(impostor.requests).toEqual([]);

    // Neither can the page pin the new certificate behind the operator's back.
    const r = (await page.evaluate(
      ([profileId, fingerprint]) => (window as unknown as { callboard: { connection: { trust(r: unknown): Promise<unknown> } } }).callboard.connection.trust({ profileId, fingerprint }),
      [ID, impostor.fingerprint] as const,
    )) as Envelope;
    expect(r.ok).toBe(false);
    const p = await app.ctx.profiles.get(ID);
    expect(p.kind === 'ucm' && p.tlsCertSha256).toBe(pinned);
    await app.screenshot('settings-trust-mismatch');
  });

  it('a host change shows main\'s dialog naming old and new address; Cancel changes nothing', async () => {
    const { page } = app;
    const elsewhere = await startUcmSim({ cert: await makeSimCert('UCM6304') });
    try {
      const before = await fs.readFile(path.join(app.ctx.configDir, PROFILES_FILE), 'utf8');
      const old = await app.ctx.profiles.get(ID);
      await page.getByTestId(`profile-edit-${ID}`).click();
      await page.getByTestId('field-baseUrl').fill(elsewhere.url);
      const dialogs = app.confirmations.length;
      await page.getByTestId('profile-save').click(); // the fake operator presses Cancel
      await expect.poll(() => app.confirmations.length).toBe(dialogs + 1);
      const asked = app.confirmations.at(-1)!;
      expect(asked.changes).toContainEqual({ label: 'Base URL', from: old.kind === 'ucm' ? old.baseUrl : '', to: elsewhere.url });
      expect(await fs.readFile(path.join(app.ctx.configDir, PROFILES_FILE), 'utf8')).toBe(before);
      await expect.poll(() => page.getByTestId('form-error').innerText()).toMatch(/not confirmed/);

      // Confirmed this time, but the stored password is not sent to the new address (second dialog: Cancel).
      app.confirmAnswers.push(true, false);
      await page.getByTestId('profile-save').click();
      await expect.poll(async () => { const p = await app.ctx.profiles.get(ID); return p.kind === 'ucm' ? p.baseUrl : ''; }).toBe(elsewhere.url);
      expect(app.confirmations.at(-1)?.title).toMatch(/^Send the stored secrets/);
      // Main does not hand the stored password to the connector for the new address, so nothing
      // reaches it; the row says why in words.
      await runTest();
      expect(lastTestReply().value).toMatchObject({ ok: false, code: 'config' });
      expect(await testResult().innerText()).toMatch(/entered for a different host or user/);
      expect(elsewhere.requests).toEqual([]);
      expect(elsewhere.counts()).toMatchObject({ challenges: 0, logins: 0 });
    } finally {
      await elsewhere.stop();
    }
  });
});

describe.runIf(haveChromium())('Settings: import and export of profiles files', () => {
  const EXAMPLE = path.join(ROOT, 'docs/examples/profiles.example.json');
  let app: AppHarness;
  let tmp: string;
  let exampleIds: string[];
  const canary = `CANARY-${Math.random().toString(36).slice(2)}-pw`;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-settings-io-'));
    exampleIds = parseProfilesText(await fs.readFile(EXAMPLE, 'utf8'), EXAMPLE).profiles.map((p) => p.id);
    app = await launchRenderer({ secrets: secretStore() });
  });
  afterAll(async () => {
    if (app) await clearSecrets(app.ctx);
    await app?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  const notice = () => app.page.getByTestId('notice');
  /** The status-bar message without its dismiss button. */
  const noticeText = async () => (await notice().innerText()).replace(/\s*✕$/, '');

  it('imports the example file: all its profiles (one per kind at least) appear in the list', async () => {
    const { page } = app;
    const n = exampleIds.length;
    expect(n).toBeGreaterThanOrEqual(6);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('view-settings').waitFor();
    app.nextOpenPath = EXAMPLE;
    // Main lists what the import adds in its own dialog; the operator confirms it.
    app.confirmAnswers.push(true);
    await page.getByTestId('profiles-import').click();
    await expect.poll(noticeText).toBe(`Imported profiles: ${n} added, 0 updated.`);
    expect(app.confirmations.at(-1)?.title).toMatch(new RegExp(`^Import ${n} profile\\(s\\)`));
    for (const id of exampleIds) await page.getByTestId(`profile-row-${id}`).waitFor();
    expect((await app.ctx.profiles.list()).map((p) => p.id).sort()).toEqual([...exampleIds].sort());
  });

  it('exports a profiles file with the same ids and without the secret set in the UI', async () => {
    const { page } = app;
    await page.getByTestId('profile-edit-ucm-hq').click();
    await page.getByTestId('secret-password-input').fill(canary);
    await page.getByTestId('secret-password-set').click();
    await expect.poll(() => page.getByTestId('secret-password-state').innerText()).toBe('set');
    expect(await app.ctx.secrets.isSet('ucm-hq', 'password')).toBe(true);

    const out = path.join(tmp, 'exported.json');
    app.nextSavePath = out;
    await page.getByTestId('profiles-export').click();
    await expect.poll(noticeText).toBe(`Exported ${exampleIds.length} profiles (no secrets) to ${out}.`);
    const text = await fs.readFile(out, 'utf8');
    const parsed = parseProfilesText(text, out);
    expect(parsed.profiles.map((p) => p.id)).toEqual(exampleIds);
    expect(text).not.toContain(canary);
    // The value crossed the bridge once, in the secrets:set request; no reply or event carries it.
    const carrying = app.messages.filter((m) => JSON.stringify(m.payload).includes(canary));
    expect(carrying.map((m) => `${m.dir} ${m.channel}`)).toEqual(['invoke secrets:set']);
    expect(app.transcript().split(canary)).toHaveLength(2);
    expect(await page.content()).not.toContain(canary);
  });

  it('a corrupt import file shows main\'s plain-language error and changes nothing', async () => {
    const { page } = app;
    const file = path.join(app.ctx.configDir, PROFILES_FILE);
    const before = await fs.readFile(file, 'utf8');
    const rowsBefore = await page.locator('[data-testid^="profile-row-"]').count();
    const corrupt = path.join(tmp, 'corrupt.json');
    await fs.writeFile(corrupt, '{"version":1,"profiles":[');
    app.nextOpenPath = corrupt;
    await page.getByTestId('profiles-import').click();
    await expect.poll(noticeText).toMatch(new RegExp(`^${corrupt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON\\b.*It was left untouched`));
    expect(await notice().getAttribute('role')).toBe('alert');
    const reply = [...app.messages].reverse().find((m) => m.dir === 'reply' && m.channel === 'profiles:import')?.payload as Envelope;
    expect(reply).toMatchObject({ ok: false, error: { code: 'config' } });
    expect(await fs.readFile(file, 'utf8')).toBe(before);
    expect(await page.locator('[data-testid^="profile-row-"]').count()).toBe(rowsBefore);
    expect(await app.ctx.secrets.isSet('ucm-hq', 'password')).toBe(true);

    // Cancelling the open dialog is not an error and imports nothing either.
    app.nextOpenPath = null;
    const invokes = app.messages.filter((m) => m.channel === 'profiles:import' && m.dir === 'reply').length;
    await page.getByTestId('profiles-import').click();
    await expect.poll(() => app.messages.filter((m) => m.channel === 'profiles:import' && m.dir === 'reply').length).toBe(invokes + 1);
    expect(await fs.readFile(file, 'utf8')).toBe(before);
  });
});
