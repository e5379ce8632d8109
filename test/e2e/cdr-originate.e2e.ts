/**
 * CDR search, click-to-call and audit end to end: the built renderer in Chromium, the real router,
 * services and UCM connector, against the protocol-faithful UCM simulator on 127.0.0.1.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchApp, haveChromium, type AppHarness } from './harness';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { makeSimCert, startUcmSim, type UcmSim } from '../sims/ucm/sim';
import { generateUcmCdrs } from '../sims/ucm/seed';

const CDR_COUNT = 2600;

describe.runIf(haveChromium())('CDR search, originate and audit views', () => {
  let app: AppHarness;
  let sim: UcmSim;
  let tmp: string;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-ui2-'));
    sim = await startUcmSim({ cert: await makeSimCert(), cdrs: generateUcmCdrs({ count: CDR_COUNT }) });
    const secrets = new MemorySecretStore();
    app = await launchApp({
      secrets,
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({
          id: 'pbx',
          name: 'HQ UCM',
          kind: 'ucm',
          baseUrl: sim.url,
          user: 'cdrapi',
          tlsCertSha256: sim.fingerprint,
          operatorExtension: '1001',
          dialPolicy: { defaultCountry: 'CZ' },
        } as never);
        await secrets.set('pbx', 'password', 'cdrapi123');
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await sim?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('validates the form before sending anything', async () => {
    const { page } = app;
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('view-cdr').waitFor();
    await expect.poll(() => page.getByTestId('cdr-profileId').inputValue()).toBe('pbx');
    await page.getByTestId('cdr-from').fill('2024-06-30T00:00');
    await page.getByTestId('cdr-to').fill('2024-04-01T00:00');
    await page.getByTestId('cdr-caller').fill('10<1');
    await page.getByTestId('cdr-search').click();
    expect(await page.getByTestId('cdr-to-error').innerText()).toMatch(/after/);
    expect(await page.getByTestId('cdr-caller-error').innerText()).toMatch(/wildcard/);
    expect(app.messages.filter((m) => m.channel === 'cdr:search')).toHaveLength(0);
  });

  it('searches the UCM: pages stream in, rows show, sort and quick filter work, Export CSV writes every row', async () => {
    const { page } = app;
    await page.getByTestId('cdr-from').fill('2024-04-01T00:00');
    await page.getByTestId('cdr-to').fill('2024-06-30T00:00');
    await page.getByTestId('cdr-caller').fill('');
    await page.getByTestId('cdr-search').click();
    await expect.poll(() => page.getByTestId('cdr-progress').getAttribute('data-phase'), { timeout: 30_000 }).toBe('done');
    const pages = app.messages.filter((m) => m.dir === 'event' && m.channel.endsWith('cdr:page'));
    expect(pages.length).toBeGreaterThan(2); // several pages, then done
    const total = pages.reduce((n, m) => n + ((m.payload as { records: unknown[] }).records?.length ?? 0), 0);
    expect(total).toBeGreaterThan(100);
    expect(await page.getByTestId('cdr-progress').innerText()).toContain(`${total.toLocaleString('en')} records`);
    expect(await page.locator('[data-testid^="cdr-row-"]').count()).toBeGreaterThan(10);

    // Sort by duration. The table's convention (CdrSearchView.onSort): the first click on a column sorts
    // ascending (only Start starts newest-first), a second click reverses it.
    const durations = pages.flatMap((m) => ((m.payload as { records?: { durationSec: number }[] }).records ?? []).map((r) => r.durationSec));
    const firstTen = async () => {
      const cells = await page.locator('[data-testid^="cdr-row-"]').evaluateAll((rows) => rows.slice(0, 10).map((r) => r.querySelectorAll('[role="gridcell"]')[5]?.textContent ?? ''));
      return cells.map((d) => d.split(':').reduce((a, x) => a * 60 + Number(x), 0));
    };
    const durationHeader = page.getByRole('columnheader', { name: /Duration/ });
    await page.getByTestId('sort-duration').click();
    await expect.poll(() => durationHeader.getAttribute('aria-sort')).toBe('ascending');
    const asc = await firstTen();
    expect(asc).toHaveLength(10);
    expect(asc[0]).toBe(Math.min(...durations));
    expect([...asc].sort((a, b) => a - b)).toEqual(asc);
    await page.getByTestId('sort-duration').click();
    await expect.poll(() => durationHeader.getAttribute('aria-sort')).toBe('descending');
    const desc = await firstTen();
    expect(desc[0]).toBe(Math.max(...durations));
    expect([...desc].sort((a, b) => b - a)).toEqual(desc);

    // Quick filter: only matching rows stay, and clearing it brings every row back.
    const someCaller = (await page.locator('[data-testid^="cdr-dial-caller-"]').first().innerText()).trim();
    await page.getByTestId('cdr-quick-filter').fill(someCaller);
    await expect.poll(async () => {
      const callers = await page.locator('[data-testid^="cdr-row-"]').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
      return callers.length > 0 && callers.every((t) => t.includes(someCaller));
    }).toBe(true);
    await page.getByTestId('cdr-quick-filter').fill('');
    await expect.poll(() => page.locator('[data-testid^="cdr-row-"]').count()).toBeGreaterThan(10);

    // Open a record: legs and recordings are in the detail.
    await page.locator('[data-testid^="cdr-row-"]').first().dblclick();
    await page.getByTestId('cdr-detail').waitFor();
    await app.screenshot('cdr-search');
    await page.getByTestId('cdr-detail-close').click();

    // Export: main writes the whole result set through its save dialog.
    const file = path.join(tmp, 'export.csv');
    app.nextSavePath = file;
    await page.getByTestId('cdr-export').click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('Exported');
    const csv = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,profileId,start/);
    expect(lines).toHaveLength(total + 1);
    // The renderer never sent a path or rows: only the job id and what it shows (quick filter, sort).
    const exp = app.messages.find((m) => m.dir === 'invoke' && m.channel === 'cdr:exportCsv');
    expect(Object.keys(exp?.payload as object).every((k) => ['jobId', 'quick', 'sort'].includes(k))).toBe(true);
  });

  it('clicking a number and confirming dials exactly once from the operator extension', async () => {
    const { page } = app;
    const before = sim.dials.length;
    // An internal extension: the seed's other callees are the UCM's own DID and 10-digit numbers that the
    // CZ dial policy rightly refuses as invalid (the premium test below covers refusals).
    const btn = page.locator('[data-testid^="cdr-dial-callee-"]').filter({ hasText: /^\s*10\d\d\s*$/ }).first();
    const number = (await btn.innerText()).trim();
    await btn.click();
    await page.getByTestId('originate-summary').waitFor();
    expect(await page.getByTestId('originate-extension').innerText()).toContain('1001');
    await app.screenshot('originate-dialog');
    // Focus stays in the dialog on its primary action, so Enter calls (it fell to <body> before).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('originate-dialog-confirm');
    await page.keyboard.press('Enter');
    await page.getByTestId('originate-result').waitFor();
    expect(sim.dials.length - before).toBe(1);
    const dial = sim.dials.at(-1);
    expect(dial?.params.caller).toBe('1001');
    expect(JSON.stringify(dial?.params)).toContain(number.replace(/[^0-9]/g, '').slice(-4));
    // The renderer sent only {profileId, destination}, then only the token.
    const prep = app.messages.find((m) => m.dir === 'invoke' && m.channel === 'originate:prepare');
    expect(Object.keys(prep?.payload as object).sort()).toEqual(['destination', 'profileId']);
    const conf = app.messages.find((m) => m.dir === 'invoke' && m.channel === 'originate:confirm');
    expect(Object.keys(conf?.payload as object)).toEqual(['token']);
    await page.keyboard.press('Escape');
    await page.getByTestId('originate-dialog').waitFor({ state: 'hidden' });
  });

  it('a premium-rate number is refused in plain words and reaches nothing', async () => {
    const { page } = app;
    const before = sim.dials.length;
    await page.getByTestId('nav-directory').click();
    await page.getByTestId('dial-typed').click();
    await page.getByTestId('originate-number').fill('900 123 456');
    await page.keyboard.press('Enter');
    await page.getByTestId('originate-error').waitFor();
    expect(await page.getByTestId('originate-error').innerText()).toMatch(/premium|not allowed|refused/i);
    await app.screenshot('originate-refused');
    await page.keyboard.press('Escape');
    await page.getByTestId('originate-dialog').waitFor({ state: 'hidden' });
    expect(sim.dials.length).toBe(before);
  });

  it('the audit view lists the call and the refusal, newest first', async () => {
    const { page } = app;
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('view-audit').waitFor();
    await expect.poll(() => page.locator('[data-testid^="audit-row-originate-"]').count()).toBeGreaterThanOrEqual(3);
    const phases = await page.locator('[data-testid^="audit-row-originate-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(phases[0]).toBe('audit-row-originate-refused');
    expect(phases).toContain('audit-row-originate-attempt');
    expect(phases).toContain('audit-row-originate-result');
    await page.getByTestId('audit-action').selectOption('hangup');
    await expect.poll(() => page.locator('[data-testid^="audit-row-"]').count()).toBe(0);
    await page.getByTestId('audit-action').selectOption('');
    await app.screenshot('audit');
  });
});
