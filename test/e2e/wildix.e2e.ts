/**
 * Wildix call-history search end to end: the built renderer in Chromium, the real router, CDR search
 * service and Wildix connector (S2S-signed requests over pinned TLS) against the protocol-faithful
 * Wildix simulator on 127.0.0.1. The app secret lives in the harness's keychain store.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { startWildixSim, DEFAULT_APP, type WildixSim } from '../sims/wildix/server';
import { generateWildixSeed } from '../sims/wildix/seed';
import { profileFor } from '../integration/wildix/helpers';

const HISTORY = 300;
const PAGE = 100;

describe.runIf(haveChromium())('Wildix call-history search', () => {
  let app: AppHarness;
  let sim: WildixSim;

  beforeAll(async () => {
    sim = await startWildixSim({ seed: generateWildixSeed({ historyCount: HISTORY, newest: '2026-03-02 18:00:00' }) });
    app = await launchRenderer({
      beforeLoad: async (ctx) => {
        // Pinned leaf: the simulator's self-signed certificate is trusted by its fingerprint, no CA.
        await ctx.profiles.upsert(profileFor(sim, { name: 'Acme Wildix', historyPageSize: PAGE, operatorExtension: '100' }));
        await ctx.secrets.set('acme', 'appSecret', DEFAULT_APP.secret);
      },
    });
  });
  afterAll(async () => {
    await app?.ctx.secrets.clear('acme', 'appSecret').catch(() => undefined);
    await app?.close();
    await sim?.stop();
  });

  /** Searches a range wide enough for any operator time zone (the seed spans ~3 hours of 2 March). */
  async function search(extra: (page: AppHarness['page']) => Promise<void> = async () => undefined): Promise<void> {
    const { page } = app;
    const searchesBefore = app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'cdr:search').length;
    await page.getByTestId('cdr-from').fill('2026-03-01T00:00');
    await page.getByTestId('cdr-to').fill('2026-03-04T00:00');
    await extra(page);
    await page.getByTestId('cdr-search').click();
    await expect.poll(() => app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'cdr:search').length).toBe(searchesBefore + 1);
    await expect.poll(() => page.getByTestId('cdr-progress').getAttribute('data-phase'), { timeout: 20_000 }).toBe('done');
  }

  it('finds every history row through several signed pages and shows them in the table', async () => {
    const { page } = app;
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('view-cdr').waitFor();
    await expect.poll(() => page.getByTestId('cdr-profileId').inputValue()).toBe('acme');
    // Wildix-only free text field is offered for a Wildix profile.
    await page.getByTestId('cdr-text').waitFor();
    await search();

    expect(await page.getByTestId('cdr-progress').innerText()).toContain(`${HISTORY.toLocaleString('en')} records`);
    const history = sim.requests.filter((r) => r.target.toLowerCase().startsWith('/api/v1/pbx/callhistory'));
    expect(history.length).toBeGreaterThanOrEqual(HISTORY / PAGE);
    expect(history.every((r) => r.auth === 's2s' && r.status === 200)).toBe(true);

    // Newest first by default: the first row is the seed's newest call, numbers as the PBX sent them.
    const newest = sim.seed.history[0] as Record<string, string>;
    const first = page.locator('[data-testid^="cdr-row-"]').first();
    await expect.poll(() => first.innerText()).toContain(newest.from_number as string);
    expect(await first.innerText()).toContain(newest.to_number);
    expect(await page.locator('[data-testid^="cdr-row-"]').count()).toBeGreaterThan(10);
    await app.screenshot('wildix-history');

    // The app secret never reached the page or the bridge.
    expect(app.transcript()).not.toContain(DEFAULT_APP.secret);
    expect(await page.content()).not.toContain(DEFAULT_APP.secret);
  });

  it('filters by disposition and free text on the PBX: exactly the seed rows that match', async () => {
    const { page } = app;
    const needle = 'Boris';
    await search(async (p) => {
      await p.getByTestId('cdr-disposition').selectOption('ANSWERED');
      await p.getByTestId('cdr-text').fill(needle);
    });
    const hit = (h: Record<string, string>) => [h.from_number, h.to_number, h.from_name, h.to_name].some((v) => (v ?? '').toLowerCase().includes(needle.toLowerCase()));
    const expected = sim.seed.history.filter((h) => h.disposition === 'ANSWERED' && hit(h));
    expect(expected.length).toBeGreaterThan(0);
    expect(await page.getByTestId('cdr-progress').innerText()).toContain(`${expected.length} records`);
    // The rows main streamed for this search are exactly those records.
    const jobId = (app.messages.filter((m) => m.dir === 'reply' && m.channel === 'cdr:search').at(-1)?.payload as { value?: { jobId?: string } }).value?.jobId;
    expect(jobId).toBeTruthy();
    const got = app.messages
      .filter((m) => m.dir === 'event' && m.channel.endsWith('cdr:page') && (m.payload as { jobId?: string }).jobId === jobId)
      .flatMap((m) => ((m.payload as { records?: { id: string }[] }).records ?? []).map((r) => r.id));
    expect(got.sort()).toEqual(expected.map((h) => h.id).sort());
    const texts = await page.locator('[data-testid^="cdr-row-"]').allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes('ANSWERED'))).toBe(true);
    const last = app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'cdr:search').at(-1);
    expect(JSON.stringify(last?.payload)).toContain(`"text":"${needle}"`);
  });

  it('a Wildix record has no SIP Call-ID, so "Copy link" is disabled and the UI says why', async () => {
    const { page } = app;
    const copy = page.locator('[data-testid^="cdr-copy-link-"]').first();
    expect(await copy.isDisabled()).toBe(true);
    expect(await copy.getAttribute('title')).toMatch(/no SIP Call-ID/i);
    await page.locator('[data-testid^="cdr-row-"]').first().dblclick();
    await page.getByTestId('cdr-detail').waitFor();
    expect(await page.getByTestId('cdr-detail-action-copy-link').isDisabled()).toBe(true);
    expect(await page.getByTestId('cdr-detail-action-ticket').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('cdr-detail-nolink').innerText()).toMatch(/no SIP Call-ID/i);
    await app.screenshot('wildix-detail-no-link');
    await page.getByTestId('cdr-detail-close').click();
    expect(app.clipboard).toHaveLength(0);
    expect(app.messages.some((m) => m.dir === 'invoke' && m.channel.startsWith('links:'))).toBe(false);
  });
});
