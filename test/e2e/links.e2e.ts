/**
 * SIP VAULT links end to end: a live call from the VoIPmonitor simulator in the built renderer, "Copy
 * link" and "Ticket" on its row, main signs with the vault's HMAC secret (harness keychain) and writes
 * the clipboard; the SIP VAULT verifier simulator must accept what lands there, and the secret must
 * never cross the bridge or reach the page.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { startVoipmonitorSim, type VoipmonitorSim, type SimCall } from '../sims/voipmonitor';
import { startSipvaultVerifier, verifyLink, type SipvaultVerifier } from '../sims/sipvault/verifier';

const VAULT = 'https://vault.example.test';
const SECRET = `hmac-canary-${randomBytes(8).toString('hex')}`;
const CALLS = 8;

/** The link's path and query, as the vault receives them. */
const target = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describe.runIf(haveChromium())('SIP VAULT links from live calls', () => {
  let app: AppHarness;
  let sim: VoipmonitorSim;
  let vault: SipvaultVerifier;
  let rowKey: string;
  let call: SimCall;

  beforeAll(async () => {
    sim = await startVoipmonitorSim({ scenario: { count: CALLS, seed: 9, startTime: Math.floor(Date.now() / 1000) - 30 } });
    vault = await startSipvaultVerifier({ secret: SECRET, customers: ['acme'], knownCallIds: [...sim.scenario.calls.values()].map((c) => c.callId) });
    app = await launchRenderer({
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'vault', name: 'SIP VAULT', kind: 'sipvault', baseUrl: VAULT, customerId: 'acme' } as never);
        await ctx.profiles.upsert({ id: 'hq', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, pollIntervalSec: 1, sipvaultProfileId: 'vault' } as never);
        await ctx.secrets.set('vault', 'hmacSecret', SECRET);
      },
    });
    const { page } = app;
    await page.getByTestId('view-live').waitFor();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-hq').check();
    await page.keyboard.press('Escape');
    await page.waitForFunction((want) => document.querySelector('[data-testid="live-count"]')?.textContent?.trim() === want, `${CALLS} calls`, { timeout: 10_000 });
    rowKey = (await page.locator('[data-testid^="live-row-hq:"]').first().getAttribute('data-key')) ?? '';
    const caller = (await page.getByTestId(`dial-caller-${rowKey}`).innerText()).trim();
    const called = (await page.getByTestId(`dial-called-${rowKey}`).innerText()).trim();
    const matches = [...sim.scenario.calls.values()].filter((c) => c.caller === caller && c.called === called);
    if (matches.length !== 1) throw new Error(`expected one simulator call ${caller} → ${called}, found ${matches.length}`);
    call = matches[0] as SimCall;
  });
  afterAll(async () => {
    await app?.page.evaluate(() => (window as unknown as { callboard: { live: { unsubscribe(r: object): Promise<unknown> } } }).callboard.live.unsubscribe({})).catch(() => undefined);
    await app?.ctx.secrets.clear('vault', 'hmacSecret').catch(() => undefined);
    await app?.close();
    await vault?.stop();
    await sim?.stop();
  });

  it('"Copy link" on a live row puts a signed link for that call on the clipboard, which SIP VAULT accepts', async () => {
    const { page } = app;
    const before = app.clipboard.length;
    await page.getByTestId(`copy-link-${rowKey}`).click();
    await expect.poll(() => app.clipboard.length).toBe(before + 1);
    const url = app.clipboard.at(-1) as string;
    expect(url.startsWith(`${VAULT}/call/`)).toBe(true);

    // The renderer asked for a Call-ID only; main picked the vault from the sensor profile.
    const ask = app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'links:copy').at(-1);
    expect(ask?.payload).toEqual({ callId: call.callId, sourceProfileId: 'hq' });

    // The verifier (documented SIP VAULT behaviour) accepts it over HTTP, for exactly this call...
    const res = await fetch(`${vault.url}${target(url)}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { call: { call_id: string } }).call.call_id).toBe(call.callId);
    // ...and would refuse it with one character of the signature changed (the check is real).
    const tampered = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect(verifyLink(target(tampered), { secret: SECRET, customers: ['acme'], knownCallIds: [call.callId], nowSeconds: Math.floor(Date.now() / 1000) }).status).toBe(401);

    // The page shows the same URL and its expiry in local time and UTC.
    await page.getByTestId('link-panel').waitFor();
    expect(await page.getByTestId('link-url').inputValue()).toBe(url);
    // On the display zone's clock, like every time in the window, with the zone named.
    expect(await page.getByTestId('link-validity').innerText()).toMatch(/^valid until \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(.+\)$/);
    await app.screenshot('links-live-copy');
    await page.getByTestId('link-panel-close').click();
  });

  it('"Ticket" copies ticket text naming the call, with a link SIP VAULT accepts', async () => {
    const { page } = app;
    const before = app.clipboard.length;
    await page.getByTestId(`copy-ticket-${rowKey}`).click();
    await expect.poll(() => app.clipboard.length).toBe(before + 1);
    const text = app.clipboard.at(-1) as string;
    expect(text).toContain(call.caller);
    expect(text).toContain(call.called);
    const links = text.match(/https:\/\/vault\.example\.test\/call\/[0-9a-f]{16}\?[^\s<>()[\]]+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const v = verifyLink(target(link), { secret: SECRET, customers: ['acme'], knownCallIds: [call.callId], nowSeconds: Math.floor(Date.now() / 1000) });
      expect(v).toEqual({ status: 200, detail: 'ok', callId: call.callId });
    }
    await page.getByTestId('ticket-text').waitFor();
    expect(await page.getByTestId('ticket-text').innerText()).toBe(text.trim());
    await app.screenshot('links-live-ticket');
    await page.getByTestId('link-panel-close').click();
  });

  it('the HMAC secret never crosses the bridge, reaches the page or the clipboard; the audit view lists both copies', async () => {
    const { page } = app;
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('view-audit').waitFor();
    await expect.poll(() => page.locator('[data-testid^="audit-row-link-copy-"]').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('[data-testid^="audit-row-ticket-copy-"]').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('audit-text').fill(call.callId);
    await expect.poll(() => page.locator('[data-testid^="audit-row-"]').count()).toBeGreaterThanOrEqual(2);

    expect(app.transcript()).not.toContain(SECRET);
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(SECRET);
    for (const c of app.clipboard) expect(c).not.toContain(SECRET);
  });
});
