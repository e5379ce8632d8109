/**
 * What the operator sees is what gets exported, end to end at 1440×900 and 1024×640 (the built
 * renderer in Chromium, the real router and services, the UCM simulator on 127.0.0.1):
 * - CDR search: the quick filter moves the counter, the CSV and the summary strip together;
 * - Audit: Export CSV / JSON write the filtered, sorted records main's save dialog was given.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { readCsv } from '../helpers/csv-read';
import { makeSimCert, startUcmSim, type UcmSim } from '../sims/ucm/sim';
import { generateUcmCdrs } from '../sims/ucm/seed';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 640 },
] as const;

const num = (t: string) => Number(t.replace(/[^0-9]/g, ''));

describe.runIf(haveChromium())('exports follow the view', () => {
  let app: AppHarness;
  let ucm: UcmSim;
  let tmp: string;

  async function shotBoth(name: string): Promise<void> {
    for (const s of SIZES) {
      await app.page.setViewportSize(s);
      await app.page.waitForTimeout(150);
      await app.screenshot(`exports-${name}-${s.width}x${s.height}`);
    }
    await app.page.setViewportSize(SIZES[0]);
  }

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-exports-'));
    ucm = await startUcmSim({ cert: await makeSimCert(), cdrs: generateUcmCdrs({ count: 600, seed: 11 }) });
    const secrets = new MemorySecretStore();
    app = await launchRenderer({
      secrets,
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'pbx', name: 'HQ UCM', kind: 'ucm', baseUrl: ucm.url, user: 'cdrapi', tlsCertSha256: ucm.fingerprint, operatorExtension: '1001', dialPolicy: { defaultCountry: 'CZ' } } as never);
        await secrets.set('pbx', 'password', 'cdrapi123');
        const base = { decision: 'allowed', pbxCode: null, outcome: 'ok' } as const;
        for (let i = 0; i < 6; i++) {
          await ctx.audit.append({ ...base, phase: 'event', action: i % 2 ? 'link-copy' : 'ticket-copy', profileId: 'vault', target: `call-${i}@pbx`, reason: null });
        }
        await ctx.audit.append({ ...base, phase: 'refused', action: 'originate', profileId: 'pbx', target: '+4930123456', decision: 'refused', outcome: null, reason: '=1+1 is not a number this policy allows' });
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await ucm?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('CDR quick filter: the counter, the CSV and the summary strip count the same rows', async () => {
    const { page } = app;
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('cdr-from').fill('2024-04-01T00:00');
    await page.getByTestId('cdr-to').fill('2024-07-01T00:00');
    await page.getByTestId('cdr-search').click();
    await expect.poll(() => page.getByTestId('cdr-progress').getAttribute('data-phase'), { timeout: 30_000 }).toBe('done');
    const total = num(await page.getByTestId('cdr-progress').innerText());
    expect(total).toBeGreaterThan(100);
    await expect.poll(() => page.getByTestId('cdr-summary-attempts').innerText()).toContain(total.toLocaleString('en'));
    expect(await page.getByTestId('cdr-summary-scope').textContent()).toBe(`Summary of all ${total.toLocaleString('en')} records`);

    // A caller extension: some of the rows, answered and not.
    const callers = await page.locator('[data-testid^="cdr-row-"]').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[1]?.textContent ?? ''));
    const term = callers.find((c) => /^\d{4}$/.test(c.trim()))!.trim();
    await page.getByTestId('cdr-quick-filter').fill(term);
    await expect.poll(() => page.getByTestId('cdr-progress').innerText()).toMatch(/of [\d,]+ records match the filter/);
    const shown = num((await page.getByTestId('cdr-progress').innerText()).split(' of ')[0]!);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    await expect.poll(() => page.getByTestId('cdr-summary').getAttribute('data-quick')).toBe(term);
    expect(num(await page.getByTestId('cdr-summary-attempts').innerText())).toBe(shown);
    expect(await page.getByTestId('cdr-summary-scope').textContent()).toContain('matching the filter');

    const file = path.join(tmp, 'caller.csv');
    app.nextSavePath = file;
    await page.getByTestId('cdr-export').click();
    await expect.poll(() => fs.stat(file).then(() => true, () => false)).toBe(true);
    const rows = readCsv(await fs.readFile(file, 'utf8'));
    expect(rows).toHaveLength(shown);
    // Answered in the strip = answered rows in the CSV, and fewer than in the whole set.
    const answered = rows.filter((r) => r['disposition'] === 'ANSWERED').length;
    expect(num(await page.getByTestId('cdr-summary-answered').innerText())).toBe(answered);
    expect(rows.every((r) => Object.values(r).join(' ').includes(term))).toBe(true);
    await shotBoth('cdr-summary-filtered');

    // Clearing the filter brings the whole set back in all three.
    await page.getByTestId('cdr-quick-filter').fill('');
    await expect.poll(() => page.getByTestId('cdr-summary').getAttribute('data-quick')).toBe('');
    expect(num(await page.getByTestId('cdr-summary-attempts').innerText())).toBe(total);
  });

  it('audit export: CSV and JSON of the records shown, in the order shown, with formula cells defused', async () => {
    const { page } = app;
    await page.getByTestId('nav-audit').click();
    await expect.poll(() => page.locator('[data-testid^="audit-row-"]').count(), { timeout: 10_000 }).toBe(7);
    await page.getByTestId('audit-action').selectOption('link-copy');
    await expect.poll(() => page.locator('[data-testid^="audit-row-"]').count()).toBe(3);
    await page.getByTestId('sort-target').click();
    const targets = await page.locator('[data-testid^="audit-row-"]').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[6]?.textContent ?? ''));
    expect(targets).toEqual([...targets].sort());

    const csv = path.join(tmp, 'audit.csv');
    app.nextSavePath = csv;
    await page.getByTestId('audit-export-csv').click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('Exported 3 audit records');
    const rows = readCsv(await fs.readFile(csv, 'utf8'));
    expect(rows.map((r) => r['target'])).toEqual(targets);
    expect(rows.every((r) => r['action'] === 'link-copy')).toBe(true);
    const timeCol = Object.keys(rows[0] ?? {})[0] ?? '';
    expect(timeCol).toMatch(/^time \(/);
    const firstTime = await page.locator('[data-testid^="audit-row-"]').first().locator('[role="gridcell"]').first().innerText();
    expect(rows[0]?.[timeCol]).toBe(firstTime);
    await shotBoth('audit-exported');

    await page.getByTestId('audit-action').selectOption('');
    await page.getByTestId('audit-text').fill('policy');
    await expect.poll(() => page.locator('[data-testid^="audit-row-"]').count()).toBe(1);
    const json = path.join(tmp, 'audit.json');
    app.nextSavePath = json;
    await page.getByTestId('audit-export-json').click();
    await expect.poll(() => fs.stat(json).then(() => true, () => false)).toBe(true);
    const j = JSON.parse(await fs.readFile(json, 'utf8')) as { exported: number; records: Array<Record<string, unknown>> };
    expect(j.exported).toBe(1);
    expect(j.records[0]?.['reason']).toBe('=1+1 is not a number this policy allows');
    const csv2 = path.join(tmp, 'audit2.csv');
    app.nextSavePath = csv2;
    await page.getByTestId('audit-export-csv').click();
    await expect.poll(() => fs.stat(csv2).then(() => true, () => false)).toBe(true);
    expect(readCsv(await fs.readFile(csv2, 'utf8'))[0]?.['reason']).toBe("'=1+1 is not a number this policy allows");

    // Cancelling main's dialog writes nothing and says nothing went wrong.
    const before = (await fs.readdir(tmp)).sort();
    app.nextSavePath = null;
    await page.getByTestId('audit-export-csv').click();
    await page.waitForTimeout(300);
    expect((await fs.readdir(tmp)).sort()).toEqual(before);
    expect(await page.getByTestId('notice').textContent().catch(() => '')).not.toMatch(/failed/i);
  });
});
