/**
 * An operator's pass over the console, end to end at 1440×900 and 1024×640: the built renderer in
 * Chromium, the real router and services, the UCM and VoIPmonitor simulators on 127.0.0.1.
 *
 * The process and the browser run in America/New_York, the UCM's clock is UTC+02:00 (its CDR times
 * carry that offset), so "my zone", "the PBX's clock" and UTC all show different wall times and a
 * mix-up cannot pass.
 */
process.env.TZ = 'America/New_York';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { makeSimCert, startUcmSim, type UcmSim } from '../sims/ucm/sim';
import { generateUcmCdrs } from '../sims/ucm/seed';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../sims/voipmonitor';
import { displayZone, formatTime } from '../../src-shared/time-format';
import { seriousViolations, type AxeFinding } from './axe';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 640 },
] as const;

async function shotBoth(app: AppHarness, name: string): Promise<void> {
  for (const s of SIZES) {
    await app.page.setViewportSize(s);
    await app.page.waitForTimeout(150);
    await app.screenshot(`operator-${name}-${s.width}x${s.height}`);
  }
  await app.page.setViewportSize(SIZES[0]);
}

const cellTexts = (page: Page, col: number) =>
  page.locator('[data-testid^="cdr-row-"]').evaluateAll((rows, c) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[c]?.textContent ?? ''), col);

describe.runIf(haveChromium())('operator pass', () => {
  let app: AppHarness;
  let ucm: UcmSim;
  let sensor: VoipmonitorSim;
  let tmp: string;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-operator-'));
    ucm = await startUcmSim({ cert: await makeSimCert(), cdrs: generateUcmCdrs({ count: 900, seed: 3 }) });
    sensor = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: 30, seed: 5, degradeRatio: 0.3 }, registrations: 8 });
    const secrets = new MemorySecretStore();
    app = await launchRenderer({
      secrets,
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'pbx', name: 'HQ UCM', kind: 'ucm', baseUrl: ucm.url, user: 'cdrapi', tlsCertSha256: ucm.fingerprint, operatorExtension: '1001', dialPolicy: { defaultCountry: 'CZ', allowInternational: true }, sipvaultProfileId: 'vault' } as never);
        await secrets.set('pbx', 'password', 'cdrapi123');
        await ctx.profiles.upsert({ id: 'hq', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sensor.port }, cipher: 'aes-128-cbc', pollIntervalSec: 1, timeZone: 'Asia/Tokyo', sipvaultProfileId: 'vault' } as never);
        await secrets.set('hq', 'aesKey', DEMO_AES.keyB64);
        await secrets.set('hq', 'aesIv', DEMO_AES.ivB64);
        await ctx.profiles.upsert({ id: 'vault', name: 'SIP VAULT', kind: 'sipvault', baseUrl: 'https://vault.example.test', customerId: 'acme' } as never);
        await secrets.set('vault', 'hmacSecret', 'operator-e2e-secret');
      },
    });
  });
  afterAll(async () => {
    await app?.page.evaluate(() => (window as unknown as { callboard: { live: { unsubscribe(r: object): Promise<unknown> } } }).callboard.live.unsubscribe({})).catch(() => undefined);
    await app?.close();
    await ucm?.stop();
    await sensor?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('one display zone: the same time in the CDR table, its detail panel and the CSV, named in the headers', async () => {
    const { page } = app;
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('cdr-from').fill('2024-04-01T00:00');
    await page.getByTestId('cdr-to').fill('2024-07-01T00:00');
    await page.getByTestId('cdr-search').click();
    await expect.poll(() => page.getByTestId('cdr-progress').getAttribute('data-phase'), { timeout: 30_000 }).toBe('done');
    const first = page.locator('[data-testid^="cdr-row-"]').first();
    const id = ((await first.getAttribute('data-testid')) ?? '').replace('cdr-row-', '');
    const page0 = app.messages.find((m) => m.dir === 'event' && m.channel.endsWith('cdr:page') && (m.payload as { records: { id: string }[] }).records.some((r) => r.id === id));
    const rec = (page0?.payload as { records: { id: string; start: string }[] }).records.find((r) => r.id === id)!;
    expect(rec.start).toMatch(/\+02:00$/);

    for (const [choice, label] of [['utc', 'UTC'], ['source', 'PBX clock'], ['operator', 'America/New_York']] as const) {
      await page.getByTestId('nav-settings').click();
      await page.getByTestId(`display-zone-${choice}`).check();
      await expect.poll(() => fs.readFile(path.join(app.ctx.configDir, 'settings/display.json'), 'utf8').catch(() => '')).toContain(`"${choice}"`);
      await page.getByTestId('nav-cdr').click();
      const expected = formatTime(rec.start, displayZone(choice, 'America/New_York'));
      // Table: header names the zone, the cell shows the wall time on it.
      expect(await page.locator('[data-testid="cdr-table"] [role="columnheader"]').first().innerText()).toContain(`Start (${label})`);
      await expect.poll(() => page.getByTestId(`cdr-row-${id}`).locator('[role="gridcell"]').first().innerText()).toBe(expected);
      // Detail panel: the same text.
      await page.getByTestId(`cdr-row-${id}`).dblclick();
      await page.getByTestId('cdr-detail').waitFor();
      expect(await page.getByTestId('cdr-detail').innerText()).toContain(expected);
      if (choice === 'utc') await shotBoth(app, 'cdr-detail-utc');
      await page.keyboard.press('Escape');
      await page.getByTestId('cdr-detail').waitFor({ state: 'hidden' });
      // CSV: the same text, the zone in the header.
      const file = path.join(tmp, `zone-${choice}.csv`);
      app.nextSavePath = file;
      await page.getByTestId('cdr-export').click();
      await expect.poll(() => fs.stat(file).then(() => true, () => false)).toBe(true);
      const lines = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      expect(lines[0]).toContain(`start (${label})`);
      const row = lines.find((l) => l.startsWith(`${id},`)) ?? '';
      expect(row.split(',')[2]).toBe(expected);
    }
    // The three choices really differ (New York, UTC and the PBX's +02:00 are different clocks).
    const all = (['operator', 'utc', 'source'] as const).map((c) => formatTime(rec.start, displayZone(c, 'America/New_York')).slice(0, 19));
    expect(new Set(all).size).toBe(3);
  });

  it('the live detail panel and the ticket show the same start time on the chosen clock', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('display-zone-source').check();
    await page.getByTestId('nav-live').click();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-hq').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid^="live-row-hq:"]').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    const row = page.locator('[data-testid^="live-row-hq:"]').first();
    const key = (await row.getAttribute('data-key')) ?? '';
    await row.dblclick();
    await page.getByTestId('call-detail').waitFor();
    const detail = await page.getByTestId('call-detail').innerText();
    // The sensor's own zone (Asia/Tokyo, +09:00) with the offset, since "sensor clock" is chosen.
    const m = /Start \(sensor clock\)\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+09:00)/.exec(detail);
    expect(m, detail).not.toBeNull();
    const clips = app.clipboard.length;
    await page.getByTestId(`copy-ticket-${key}`).click();
    await expect.poll(() => app.clipboard.length).toBe(clips + 1);
    expect(app.clipboard.at(-1)).toContain(`Start: ${m![1]} (PBX clock)`);
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('display-zone-operator').check();
  });

  it('quick filter: the counter and the exported CSV agree with the rows shown', async () => {
    const { page } = app;
    await page.getByTestId('nav-cdr').click();
    const total = Number((await page.getByTestId('cdr-progress').innerText()).replace(/[^0-9]/g, ''));
    expect(total).toBeGreaterThan(100);
    const callers = await cellTexts(page, 1);
    const term = callers.find((c) => /^\d{4}$/.test(c.trim()))!.trim();
    await page.getByTestId('cdr-quick-filter').fill(term);
    await expect.poll(() => page.getByTestId('cdr-progress').innerText()).toMatch(/of [\d,]+ records match the filter/);
    const shown = Number((await page.getByTestId('cdr-progress').innerText()).split(' of ')[0]!.replace(/[^0-9]/g, ''));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    const file = path.join(tmp, 'filtered.csv');
    app.nextSavePath = file;
    await page.getByTestId('cdr-export').click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain(`Exported ${shown.toLocaleString('en')} call record`);
    const lines = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(shown + 1);
    // Every exported row contains the term; the table's first row is the CSV's first row (same sort).
    expect(lines.slice(1).every((l) => l.toLowerCase().includes(term))).toBe(true);
    const firstShown = ((await page.locator('[data-testid^="cdr-row-"]').first().getAttribute('data-testid')) ?? '').replace('cdr-row-', '');
    expect(lines[1]!.startsWith(`${firstShown},`)).toBe(true);
    await shotBoth(app, 'cdr-filtered');
  });

  it('results stay with the search that made them: leaving and coming back keeps form, filter and rows; a changed form is flagged', async () => {
    const { page } = app;
    const resultsOf = await page.getByTestId('cdr-results-of').innerText();
    expect(resultsOf).toContain('HQ UCM');
    expect(await page.getByTestId('cdr-results-of').getAttribute('data-current')).toBe('true');
    const quick = await page.getByTestId('cdr-quick-filter').inputValue();
    const progress = await page.getByTestId('cdr-progress').innerText();
    await page.getByTestId('nav-live').click();
    await page.getByTestId('nav-cdr').click();
    expect(await page.getByTestId('cdr-from').inputValue()).toBe('2024-04-01T00:00');
    expect(await page.getByTestId('cdr-quick-filter').inputValue()).toBe(quick);
    expect(await page.getByTestId('cdr-progress').innerText()).toBe(progress);
    await page.getByTestId('cdr-caller').fill('1001');
    await expect.poll(() => page.getByTestId('cdr-results-of').getAttribute('data-current')).toBe('false');
    expect(await page.getByTestId('cdr-results-of').innerText()).toContain('the form has changed');
    await page.getByTestId('cdr-caller').fill('');
    await expect.poll(() => page.getByTestId('cdr-results-of').getAttribute('data-current')).toBe('true');
    await page.getByTestId('cdr-quick-filter').fill('');
  });

  it('date presets and a relative saved search ("yesterday" is recomputed when loaded)', async () => {
    const { page } = app;
    await page.getByTestId('cdr-preset-yesterday').click();
    const from = await page.getByTestId('cdr-from').inputValue();
    const to = await page.getByTestId('cdr-to').inputValue();
    expect(to.slice(11)).toBe('00:00');
    expect(from.slice(11)).toBe('00:00');
    expect((Date.parse(to) - Date.parse(from)) / 3600_000).toBeGreaterThanOrEqual(23);
    await page.getByTestId('cdr-saved').locator('summary').click();
    await page.getByTestId('cdr-save-name').fill('yesterday calls');
    await page.getByTestId('cdr-save').click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('recomputed each time');
    const stored = JSON.parse(await fs.readFile(path.join(app.ctx.configDir, 'cdr-searches.json'), 'utf8')) as { saved: { name: string; relative?: string }[] };
    expect(stored.saved.find((s) => s.name === 'yesterday calls')?.relative).toBe('yesterday');
    // Typing a date by hand makes the range absolute again.
    await page.getByTestId('cdr-from').fill('2024-04-01T00:00');
    expect(await page.getByTestId('cdr-preset-yesterday').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('cdr-saved-load-yesterday calls').click();
    expect(await page.getByTestId('cdr-from').inputValue()).toBe(from);
    expect(await page.getByTestId('cdr-preset-yesterday').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape');
  });

  it('every row action by keyboard only: shortcuts on the selected row, the row menu, the panel buttons, Esc, and the ? overlay', async () => {
    const { page } = app;
    await page.getByTestId('nav-live').click();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-pbx').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid^="live-row-pbx:"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Focus the table the way a keyboard user does: Tab from the quick filter until the table body has focus.
    await page.getByTestId('live-quick-filter').focus();
    for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.classList.contains('vtable-scroll'))); i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('vtable-scroll'))).toBe(true);
    // Select the first VoIPmonitor row (it has a Call-ID): Home, then down until the selection is an hq row.
    await page.keyboard.press('Home');
    const selectedKey = () => page.evaluate(() => document.querySelector('[data-testid="live-table"] [aria-selected="true"]')?.getAttribute('data-key') ?? '');
    for (let i = 0; i < 80 && !(await selectedKey()).startsWith('hq:'); i++) await page.keyboard.press('ArrowDown');
    const key = await selectedKey();
    expect(key.startsWith('hq:')).toBe(true);

    const clips = app.clipboard.length;
    await page.keyboard.press('l');
    await expect.poll(() => app.clipboard.length).toBe(clips + 1);
    expect(app.clipboard.at(-1)).toMatch(/^https:\/\/vault\.example\.test\//);
    await page.keyboard.press('t');
    await expect.poll(() => app.clipboard.length).toBe(clips + 2);
    expect(app.clipboard.at(-1)).toContain('Call-ID:');
    const opened = app.opened.length;
    await page.keyboard.press('v');
    await expect.poll(() => app.opened.length).toBe(opened + 1);
    // Focus is still on the table: the actions never moved it away.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('vtable-scroll'))).toBe(true);

    // D dials the caller: the originate dialog opens for that number; Esc cancels it.
    const caller = (await page.getByTestId(`dial-caller-${key}`).innerText()).trim();
    await page.keyboard.press('d');
    await page.getByTestId('originate-dialog').waitFor();
    await expect.poll(() => page.getByTestId('originate-number').inputValue()).toBe(caller);
    await page.keyboard.press('Escape');
    await page.getByTestId('originate-dialog').waitFor({ state: 'hidden' });

    // H on a sensor row says why not; the row menu (Shift+F10) lists every action with its key.
    await page.getByTestId('live-table').locator('.vtable-scroll').focus();
    await page.keyboard.press('h');
    await expect.poll(() => page.getByTestId('notice').innerText()).toMatch(/Hang up: not available, only calls from a Grandstream UCM or Kamailio SIP proxy can be hung up from here/);
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('row-menu').waitFor();
    const items = await page.getByTestId('row-menu').locator('[role="menuitem"]').allInnerTexts();
    expect(items.length).toBe(8);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('row-menu-details');
    await page.keyboard.press('Enter');
    await page.getByTestId('call-detail').waitFor();
    // The detail panel's actions are buttons in the Tab order; Esc closes the panel wherever focus is.
    const bar = page.getByTestId('call-detail-action');
    expect(await bar.locator('button:not([disabled])').count()).toBeGreaterThanOrEqual(6);
    await bar.locator('button').first().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toMatch(/^call-detail-action-/);
    await shotBoth(app, 'live-detail-actions');
    await page.keyboard.press('Escape');
    await page.getByTestId('call-detail').waitFor({ state: 'hidden' });

    // A UCM row: H asks first, and the dialog starts on Cancel, so Enter does not hang up.
    await page.getByTestId('live-table').locator('.vtable-scroll').focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 80 && !(await selectedKey()).startsWith('pbx:'); i++) await page.keyboard.press('ArrowDown');
    expect((await selectedKey()).startsWith('pbx:')).toBe(true);
    const hangups = app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'calls:hangup').length;
    await page.keyboard.press('h');
    await page.getByTestId('hangup-dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('hangup-dialog-cancel');
    await shotBoth(app, 'hangup-dialog');
    await page.keyboard.press('Enter');
    await page.getByTestId('hangup-dialog').waitFor({ state: 'hidden' });
    expect(app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'calls:hangup').length).toBe(hangups);

    // "?" shows every shortcut.
    await page.getByTestId('live-table').locator('.vtable-scroll').focus();
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts').waitFor();
    const help = await page.getByTestId('shortcuts').innerText();
    for (const k of ['Ctrl+1', 'Shift+F10', 'Dial the caller', 'Copy ticket text', 'Hang up']) expect(help).toContain(k);
    await shotBoth(app, 'shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts').waitFor({ state: 'hidden' });
  });

  it('CDR rows: the same keys and menu; the international confirmation names the country and needs the last digits typed', async () => {
    const { page } = app;
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('cdr-table').locator('.vtable-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ContextMenu');
    await page.getByTestId('row-menu').waitFor();
    expect(await page.getByTestId('row-menu-copy-link').getAttribute('aria-disabled')).toBe('true');
    expect(await page.getByTestId('row-menu-copy-link').innerText()).toContain('no SIP Call-ID');
    await page.keyboard.press('Escape');
    await page.getByTestId('row-menu').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('vtable-scroll'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('cdr-detail').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('cdr-detail').waitFor({ state: 'hidden' });

    await page.getByTestId('nav-directory').click();
    await page.getByTestId('dial-typed').click();
    await page.getByTestId('originate-number').fill('+49 30 12345678');
    await page.keyboard.press('Enter');
    await page.getByTestId('originate-summary').waitFor();
    expect(await page.getByTestId('originate-class').innerText()).toContain('Germany');
    await page.keyboard.press('Enter');
    await page.getByTestId('originate-confirm2').waitFor();
    expect(await page.getByTestId('originate-dialog').locator('.dialog-title').innerText()).toContain('Germany');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('originate-digits');
    const dials = ucm.dials.length;
    // Enter, Enter no longer passes it.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('originate-confirm2').isVisible()).toBe(true);
    expect(await page.getByTestId('originate-dialog-confirm').isDisabled()).toBe(true);
    await page.getByTestId('originate-digits').fill('9999');
    expect(await page.getByTestId('originate-dialog-confirm').isDisabled()).toBe(true);
    await shotBoth(app, 'international-confirm');
    await page.getByTestId('originate-digits').fill('5678');
    await page.keyboard.press('Enter');
    await page.getByTestId('originate-result').waitFor();
    expect(ucm.dials.length).toBe(dials + 1);
    await page.keyboard.press('Escape');
  });

  it('axe-core finds no serious or critical violations in any view, panel, menu or dialog', async () => {
    const { page } = app;
    const found: Record<string, AxeFinding[]> = {};
    const scan = async (name: string) => {
      const v = await seriousViolations(page);
      if (v.length) found[name] = v;
    };
    const navIds = await page.locator('nav [data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
    expect(navIds.length).toBeGreaterThanOrEqual(7);
    for (const id of navIds) {
      await page.getByTestId(`nav-${id}`).click();
      await page.waitForTimeout(400);
      await scan(`view ${id}`);
    }
    await page.getByTestId('nav-cdr').click();
    await page.locator('[data-testid^="cdr-row-"]').first().dblclick();
    await page.getByTestId('cdr-detail').waitFor();
    await scan('CDR detail panel');
    await page.getByTestId('cdr-table').locator('.vtable-scroll').focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('row-menu').waitFor();
    await scan('row menu');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-live').click();
    await page.locator('[data-testid^="live-row-hq:"]').first().dblclick();
    await page.getByTestId('call-detail').waitFor();
    await scan('live detail panel');
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts').waitFor();
    await scan('shortcuts overlay');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-directory').click();
    await page.getByTestId('dial-typed').click();
    await page.getByTestId('originate-dialog').waitFor();
    await scan('originate dialog');
    await page.keyboard.press('Escape');
    expect(found).toEqual({});
  });

  it('layout and wording: the live table fits 1440 px with actions pinned; registrations sortable with the sensor first; templates checked; presets ask first', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('nav-live').click();
    await page.locator('[data-testid^="live-row-"]').first().waitFor();
    const fit = await page.getByTestId('live-table').locator('.vtable-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    const headers = await page.locator('[data-testid="live-table"] [role="columnheader"]').allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(expect.arrayContaining(['Sensor', 'Actions']));
    // At 1024 px the table scrolls sideways but the actions column stays on screen.
    await page.setViewportSize({ width: 1024, height: 640 });
    await page.waitForTimeout(200);
    const pinned = await page.locator('[data-testid="live-table"] .vtd.pinned').first().boundingBox();
    expect(pinned && pinned.x + pinned.width).toBeLessThanOrEqual(1024);
    await app.screenshot('operator-live-1024x640');
    await page.setViewportSize({ width: 1440, height: 900 });
    await app.screenshot('operator-live-1440x900');

    await page.getByTestId('nav-registrations').click();
    await expect.poll(() => page.locator('[data-testid^="reg-row-"]').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    expect((await page.locator('[data-testid="reg-table"] [role="columnheader"]').first().innerText()).trim()).toMatch(/^Sensor/);
    await page.getByTestId('sort-user').click();
    const users = await page.locator('[data-testid^="reg-row-"]').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[2]?.textContent ?? ''));
    expect(users).toEqual([...users].sort());
    const expired = await page.locator('[data-testid^="reg-row-"]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent ?? '')).filter((c) => /Expired|Unregister/.test(c[1] ?? '')).map((c) => c[6]));
    expect(expired.every((e) => /^expired/.test(e ?? ''))).toBe(true);
    await shotBoth(app, 'registrations');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('template-text').fill('Call {{calId}} at {{start}}');
    await page.getByTestId('template-save').click();
    expect(await page.getByTestId('template-error').innerText()).toContain('did you mean {{callId}}');
    await page.getByTestId('template-text').fill('Call {{callId}} at {{start}}');
    await page.getByTestId('template-save').click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('Ticket template saved');
    await page.getByTestId('template-markdown').click();
    await page.getByTestId('template-replace').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('template-replace-cancel');
    await page.keyboard.press('Enter');
    await page.getByTestId('template-replace').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('template-text').inputValue()).toBe('Call {{callId}} at {{start}}');
    await shotBoth(app, 'settings');
  });

  it('call drill-down: the quality timeline keeps MOS, loss and jitter from poll to poll while the call is watched', async () => {
    const { page } = app;
    await page.getByTestId('nav-live').click();
    const row = page.locator('[data-testid^="live-row-hq:"]').first();
    await row.waitFor();
    await row.dblclick();
    await page.getByTestId('quality-timeline').waitFor();
    const samples = async () => Number(await page.getByTestId('quality-timeline').getAttribute('data-samples'));
    expect(await samples()).toBeGreaterThanOrEqual(1);
    // The simulated calls move on; each poll that changes the call adds a sample to the same panel.
    for (let i = 0; i < 3; i++) {
      sensor.scenario.tick(3);
      await page.waitForTimeout(1300);
    }
    await expect.poll(samples, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('quality-chart').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('quality-summary').innerText()).toMatch(/\d+ polls while this panel is open · lowest MOS/);
    await shotBoth(app, 'drilldown-quality');
    await page.keyboard.press('Escape');
  });

  it('audit: sortable, the whole record (full reason) on Enter, headers not clipped', async () => {
    const { page } = app;
    await page.getByTestId('nav-audit').click();
    await expect.poll(() => page.locator('[data-testid^="audit-row-"]').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const clipped = await page.locator('[data-testid="audit-table"] [role="columnheader"]').evaluateAll((hs) => hs.filter((h) => h.scrollWidth > h.clientWidth + 1).map((h) => h.textContent));
    expect(clipped).toEqual([]);
    await page.getByTestId('sort-action').click();
    const actions = await page.locator('[data-testid^="audit-row-"]').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[1]?.textContent ?? ''));
    expect(actions).toEqual([...actions].sort());
    await page.getByTestId('audit-table').locator('.vtable-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-record').waitFor();
    expect(await page.getByTestId('audit-record').innerText()).toContain('Reason');
    await shotBoth(app, 'audit-record');
    await page.keyboard.press('Escape');
    await page.getByTestId('audit-record').waitFor({ state: 'hidden' });
  });
});
