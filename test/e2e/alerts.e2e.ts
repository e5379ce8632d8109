/**
 * NOC watch end to end: the simulated sensor → the real watch (its own poller, rules, alert book) →
 * a desktop notification recorded by the test platform, the Alerts view in the built renderer,
 * acknowledgement written to the audit log with the OS user.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { MemorySecretStore } from '../helpers/memory-secrets';
import { startVoipmonitorSim, type VoipmonitorSim } from '../sims/voipmonitor';
import { watchStoreFor } from '../../src-main/profiles/watch-store';
import { watchServiceFor } from '../../src-main/services/watch/service';
import type { DesktopNotice } from '../../src-main/core/context';

const CALLS = 30;

describe.runIf(haveChromium())('Alerts (NOC watch)', () => {
  let app: AppHarness;
  let sim: VoipmonitorSim;
  const notices: DesktopNotice[] = [];
  const badges: Array<{ count: number; worst: string | null }> = [];

  beforeAll(async () => {
    sim = await startVoipmonitorSim({ scenario: { count: CALLS, seed: 5, degradeRatio: 0 } });
    app = await launchRenderer({
      secrets: new MemorySecretStore(),
      platform: {
        notify: (n) => notices.push(n),
        setAlertBadge: (b) => badges.push({ count: b.count, worst: b.worst }),
      },
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'hq', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'none', pollIntervalSec: 1 });
        await watchStoreFor(ctx.configDir).save({
          profiles: [{ profileId: 'hq', watch: true }],
          rules: [{ id: 'capacity', name: 'HQ capacity', kind: 'concurrent-above', threshold: 10, forSec: 0, clearForSec: 5, severity: 'critical' }],
        });
      },
    });
  });
  afterAll(async () => {
    if (app) await watchServiceFor(app.ctx).stop();
    await app?.close();
    await sim?.stop();
  });

  it('an alert opens with a sticky desktop notification and shows in the Alerts view; acknowledging it is audited', async () => {
    const { page } = app;
    await expect.poll(() => notices.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const n = notices[0]!;
    expect(n.severity).toBe('critical');
    expect(n.sticky).toBe(true);
    expect(n.sound).toBe(true);
    expect(n.title).toBe('Critical: HQ capacity');
    expect(n.body).toMatch(/^HQ sensor: concurrent calls \d+ above 10 \(n = \d+\)\.$/);
    expect(badges.at(-1)).toEqual({ count: 1, worst: 'critical' });

    await page.getByTestId('nav-alerts').click();
    const row = page.getByTestId('alert-row').first();
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('open');
    expect(await row.getByTestId('alert-message').innerText()).toMatch(/HQ sensor: concurrent calls \d+ above 10 \(n = \d+\)\./);
    expect(await page.getByTestId('alerts-summary').innerText()).toBe('1 open (1 not acknowledged), worst: critical');

    await row.getByTestId('alert-acknowledge').click();
    await page.getByTestId('alerts-filter-acknowledged').click();
    const acked = page.locator('[data-testid="alert-row"][data-state="acknowledged"]');
    await acked.waitFor();
    expect(await acked.getByTestId('alert-ack').innerText()).toContain(app.ctx.osUser);
    const audit = await app.ctx.audit.list({ action: 'alert-ack' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ phase: 'event', profileId: 'hq', osUser: app.ctx.osUser, outcome: 'ok' });
    expect(audit[0]!.target).toContain('capacity');
    // One notification per opening: later polls do not notify again.
    await new Promise((r) => setTimeout(r, 2500));
    expect(notices).toHaveLength(1);
    await app.screenshot('alerts');
  });

  it('the KPI strip of the live view matches a count made from the same simulator data; an alert opens its calls', async () => {
    const { page } = app;
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts-filter-all').click();
    await page.getByTestId('alert-open').first().click();
    await page.getByTestId('view-live').waitFor();
    const now = sim.scenario.now;
    const calls = [...sim.scenario.calls.values()];
    const expected = calls.filter((c) => !(c.failCode !== null && now - c.start >= c.ringSec)).length;
    expect(expected).toBeLessThan(CALLS + 1);
    await expect.poll(() => page.getByTestId('kpi-hq-concurrent').locator('.kpi-value').innerText(), { timeout: 10_000 }).toBe(String(expected));
    // Charts are uPlot canvases.
    expect(await page.getByTestId('kpi-hq-spark').locator('canvas').count()).toBe(1);
    expect(await page.getByTestId('kpi-hq-mos-hist').locator('canvas').count()).toBe(1);
    // The window was watched from its first poll on: no decided attempt yet, so ASR says "n too small" rather than a number.
    const asr = page.getByTestId('kpi-hq-asr');
    expect(await asr.getAttribute('data-enough')).toBe('false');
    await app.screenshot('kpi-strip');
  });

  it('the rules editor saves through the strict schema in main and says what is wrong', async () => {
    const { page } = app;
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('rules-edit').click();
    await page.getByTestId('rules-mode-json').click();
    const box = page.getByTestId('rules-json');
    await expect.poll(() => box.inputValue()).toContain('"HQ capacity"');
    const current = JSON.parse(await box.inputValue()) as { rules: Array<Record<string, unknown>> };
    current.rules[0]!['command'] = 'rm -rf /';
    await box.fill(JSON.stringify(current));
    await page.getByTestId('rules-save').click();
    expect(await page.getByTestId('rules-error').innerText()).toMatch(/command/);
    delete current.rules[0]!['command'];
    current.rules[0]!['threshold'] = 1000;
    await box.fill(JSON.stringify(current));
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-saved').waitFor();
    const onDisk = await watchStoreFor(app.ctx.configDir).load();
    expect(onDisk.rules[0]!.threshold).toBe(1000);
  });

  it('rules are added, edited, switched off and deleted in a form; main names a wrong field next to it', async () => {
    const { page } = app;
    const onDisk = () => watchStoreFor(app.ctx.configDir).load();
    await page.getByTestId('nav-alerts').click();
    if (!(await page.getByTestId('rules-editor').isVisible())) await page.getByTestId('rules-edit').click();
    await page.getByTestId('rules-mode-form').click();
    await page.locator('[data-testid="rule-row"][data-rule-id="capacity"]').waitFor();

    // A new rule: the kind brings its usual threshold and the fields that apply (a window for ASR).
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-kind').selectOption('asr-below');
    expect(await page.getByTestId('rule-threshold').inputValue()).toBe('40');
    expect(await page.getByTestId('rule-windowSec').isVisible()).toBe(true);
    expect(await page.getByTestId('rule-codes').count()).toBe(0);
    await page.getByTestId('rule-name').fill('Trunk ASR');
    await page.getByTestId('rule-profile-hq').check();
    await page.getByTestId('rule-threshold').fill('forty');
    await page.getByTestId('rule-save').click();
    // Main's schema refuses it and names the field; the form keeps what was typed.
    await page.getByTestId('rule-threshold-error').waitFor();
    expect(await page.getByTestId('rule-threshold-error').innerText()).toBe('must be a number');
    expect(await page.getByTestId('rule-threshold').inputValue()).toBe('forty');
    expect((await onDisk()).rules.map((r) => r.id)).toEqual(['capacity']);
    await page.getByTestId('rule-threshold').fill('35');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => page.getByTestId('rules-notice').innerText()).toBe('Added rule "Trunk ASR"; the watch uses it now.');
    const added = (await onDisk()).rules.find((r) => r.id === 'trunk-asr');
    expect(added).toMatchObject({ kind: 'asr-below', threshold: 35, profileIds: ['hq'], windowSec: 900, enabled: true, severity: 'warning' });
    const row = page.locator('[data-testid="rule-row"][data-rule-id="trunk-asr"]');
    expect(await row.getByTestId('rule-row-summary').innerText()).toBe('answer-seizure ratio over 15 min below 35 %, for 30 s');
    await app.screenshot('alert-rules-form');

    // Edit by keyboard: Enter on the focused button opens the form; Enter in a field saves.
    await row.getByTestId('rule-row-edit').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('rule-severity').selectOption('critical');
    await page.getByTestId('rule-forSec').fill('120');
    await page.getByTestId('rule-forSec').press('Enter');
    await expect.poll(async () => (await onDisk()).rules.find((r) => r.id === 'trunk-asr')?.severity).toBe('critical');
    expect((await onDisk()).rules.find((r) => r.id === 'trunk-asr')?.forSec).toBe(120);

    // Off, then deleted after a second, deliberate click.
    // The box follows main's saved state, so it changes after the save, not on the click.
    await row.getByTestId('rule-row-enabled').click();
    await expect.poll(async () => (await onDisk()).rules.find((r) => r.id === 'trunk-asr')?.enabled).toBe(false);
    await expect.poll(() => row.getByTestId('rule-row-enabled').isChecked()).toBe(false);
    await row.getByTestId('rule-row-delete').click();
    expect(await row.getByTestId('rule-row-delete').innerText()).toBe('Really delete?');
    expect((await onDisk()).rules.some((r) => r.id === 'trunk-asr')).toBe(true);
    await row.getByTestId('rule-row-delete').click();
    await expect.poll(async () => (await onDisk()).rules.map((r) => r.id)).toEqual(['capacity']);
  });
});
