/**
 * Live calls and registrations end to end: the VoIPmonitor simulator (encrypted manager on
 * 127.0.0.1) → real live-calls service and router → bridge → the built renderer in Chromium.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../sims/voipmonitor';

const CALLS = 60;
const EDGE_CALLS = 6;

describe.runIf(haveChromium())('Live calls view', () => {
  let app: AppHarness;
  let sim: VoipmonitorSim;
  let edge: VoipmonitorSim;

  beforeAll(async () => {
    sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: CALLS, seed: 7, degradeRatio: 0.3 }, registrations: 12 });
    edge = await startVoipmonitorSim({ scenario: { count: EDGE_CALLS, seed: 8 } });
    app = await launchRenderer({
      secrets: new MemorySecretStore(),
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'edge', name: 'Edge sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: edge.port }, cipher: 'none', pollIntervalSec: 1, timeoutMs: 1000 });
        await ctx.profiles.upsert({ id: 'hq', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'aes-128-cbc', pollIntervalSec: 1 });
        await ctx.secrets.set('hq', 'aesKey', DEMO_AES.keyB64);
        await ctx.secrets.set('hq', 'aesIv', DEMO_AES.ivB64);
      },
    });
  });
  afterAll(async () => {
    await app?.page.evaluate(() => (window as unknown as { callboard: { live: { unsubscribe(r: object): Promise<unknown> } } }).callboard.live.unsubscribe({})).catch(() => undefined);
    await app?.close();
    await sim?.stop();
    await edge?.stop();
  });

  it('shows the simulator calls once the sensor is watched, with a connected status chip', async () => {
    const { page } = app;
    await page.getByTestId('view-live').waitFor();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-hq').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 10_000 }).toBe(`${CALLS} calls`);
    await expect.poll(() => page.getByTestId('chip-hq').getAttribute('data-state'), { timeout: 10_000 }).toBe('connected');
    const rows = await page.locator('[data-testid^="live-row-hq:"]').count();
    expect(rows).toBeGreaterThan(10);
    // MOS is shown with a band in words and a symbol, not colour alone.
    const bands = await page.locator('[data-testid="live-table"] [data-band]').evaluateAll((els) => els.map((e) => e.getAttribute('data-band')));
    expect(bands.length).toBeGreaterThan(0);
    expect(new Set(bands).size).toBeGreaterThan(1);
    await app.screenshot('live-calls');
  });

  it('applies updates from the next polls (ended calls replaced, durations move)', async () => {
    const { page } = app;
    const before = await page.locator('[data-testid^="live-row-hq:"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')).sort());
    const diffsBefore = app.messages.filter((m) => m.channel === 'event:live:diff').length;
    sim.scenario.tick(120);
    await expect
      .poll(async () => (await page.locator('[data-testid^="live-row-hq:"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')).sort())).join(), { timeout: 10_000 })
      .not.toBe(before.join());
    const later = app.messages.filter((m) => m.channel === 'event:live:diff').slice(diffsBefore);
    expect(later.some((m) => {
      const d = m.payload as { added: unknown[]; removed: unknown[]; changed: unknown[] };
      return d.added.length + d.removed.length + d.changed.length > 0;
    })).toBe(true);
    expect(await page.getByTestId('live-count').innerText()).toBe(`${CALLS} calls`);
  });

  it('filters, pauses and opens the detail panel from the keyboard', async () => {
    const { page } = app;
    const firstKey = await page.locator('[data-testid^="live-row-hq:"]').first().getAttribute('data-key');
    const caller = (await page.getByTestId(`dial-caller-${firstKey}`).innerText()).trim();
    await page.getByTestId('live-quick-filter').fill(caller);
    await expect.poll(() => page.getByTestId('live-count').innerText()).toMatch(new RegExp(`^\\d+ of ${CALLS} calls$`));
    const texts = await page.locator('[data-testid^="live-row-hq:"]').allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes(caller))).toBe(true);
    await page.getByTestId('live-quick-filter').fill('');

    await page.getByTestId('live-pause').click();
    await expect.poll(() => page.getByTestId('live-count').innerText()).toContain('(paused)');
    expect(app.messages.some((m) => m.dir === 'invoke' && m.channel === 'live:pause')).toBe(true);
    await page.getByTestId('live-pause').click();
    expect(await page.getByTestId('live-pause').innerText()).toBe('Pause');

    await page.locator('[data-testid="live-table"] .vtable-scroll').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('call-detail').waitFor();
    await expect.poll(() => page.getByTestId('call-detail').innerText()).not.toContain('Loading…');
    expect(await page.getByTestId('call-detail').innerText()).toMatch(/Call-ID/);
    await app.screenshot('live-call-detail');
    await page.getByTestId('call-detail-close').click();
    expect(await page.getByTestId('call-detail').count()).toBe(0);
  });

  it('remembers the column chooser between runs', async () => {
    const { page } = app;
    await page.getByTestId('column-chooser').locator('summary').click();
    await page.getByTestId('col-codec').uncheck();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('sort-codec').count()).toBe(0);
    await page.reload();
    await page.getByTestId('view-live').waitFor();
    // The reloaded page starts from a snapshot: the full table at once, although nothing changed on the sensor.
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 2500 }).toBe(`${CALLS} calls`);
    expect(await page.getByTestId('sort-codec').count()).toBe(0);
    expect(await page.getByTestId('sort-caller').count()).toBe(1);
  });

  it('lists registrations and filters them', async () => {
    const { page } = app;
    await page.keyboard.press('Control+3');
    await page.getByTestId('view-registrations').waitFor();
    await expect.poll(() => page.getByTestId('reg-count').innerText(), { timeout: 10_000 }).toMatch(/^[1-9]\d* registrations$/);
    // Registration times carry their zone from main and are shown as a time, not the sensor's bare text.
    expect(await page.locator('[data-testid^="reg-row-"]').first().innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    const total = Number((await page.getByTestId('reg-count').innerText()).split(' ')[0]);
    const firstUser = await page.locator('[data-testid^="reg-row-"]').first().getAttribute('data-testid');
    await page.getByTestId('reg-filter').fill((firstUser ?? '').replace('reg-row-', ''));
    await expect.poll(() => page.getByTestId('reg-count').innerText()).toMatch(new RegExp(`^\\d+ of ${total} registrations$`));
    await app.screenshot('registrations');
  });

  it('a stopped sensor: its rows are stale within one poll and stop ticking, the status bar counts it apart, a reload keeps them stale', async () => {
    const { page } = app;
    await page.keyboard.press('Control+1');
    await page.getByTestId('view-live').waitFor();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-edge').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 10_000 }).toBe(`${CALLS + EDGE_CALLS} calls`);
    await expect.poll(() => page.getByTestId('status-live').innerText()).toContain('2 live sources');
    const edgeRows = page.locator('[data-testid^="live-row-edge:"]');
    const hqRow = page.locator('[data-testid^="live-row-hq:"]').first();
    expect(await edgeRows.first().getAttribute('class')).not.toContain('stale');

    const stoppedAt = Date.now();
    await edge.stop();
    // Stale within one poll interval (1 s) plus the refused connection: greyed rows, a label in words.
    await expect.poll(() => edgeRows.first().getAttribute('class'), { timeout: 2500 }).toContain('stale');
    expect(Date.now() - stoppedAt).toBeLessThan(2500);
    expect(await page.getByTestId('stale-edge').innerText()).toMatch(/^stale since \d{2}:\d{2}:\d{2}$/);
    expect(await hqRow.getAttribute('class')).not.toContain('stale');
    expect(await page.getByTestId('status-live').innerText()).toMatch(/1 live source · 1 stale/);
    // Clocks stopped: a stale row reads the same a couple of seconds later, a live one has moved on.
    const staleText = await edgeRows.first().innerText();
    const liveText = await hqRow.innerText();
    await new Promise((r) => setTimeout(r, 2200));
    expect(await edgeRows.first().innerText()).toBe(staleText);
    expect(await hqRow.innerText()).not.toBe(liveText);
    await app.screenshot('live-stale-source');

    // A reload shows the whole table at once, the dead sensor's rows still marked stale.
    await page.reload();
    await page.getByTestId('view-live').waitFor();
    await expect.poll(() => page.getByTestId('live-count').innerText(), { timeout: 2500 }).toBe(`${CALLS + EDGE_CALLS} calls`);
    await expect.poll(() => edgeRows.first().getAttribute('class'), { timeout: 2500 }).toContain('stale');

    // The operator's grace period removes them.
    await page.getByTestId('live-stale-grace').selectOption('15');
    await expect.poll(() => edgeRows.count(), { timeout: 20_000 }).toBe(0);
    expect(await page.getByTestId('live-count').innerText()).toBe(`${CALLS} calls`);
  }, 60_000);
});
