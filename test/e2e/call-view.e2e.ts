/**
 * The one call view end to end: paste the Call-ID of a live VoIPmonitor simulator call, main's
 * calls:view joins it with the UCM simulator's CDR of the same call (same caller/callee, start 3 s
 * later on a UTC+2 PBX clock: a "loose" match, UCM records no SIP Call-ID) and the page shows both
 * records, the sources and one timeline. Also: UCM CDR rows say why they have no SIP VAULT link.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { startVoipmonitorSim, type VoipmonitorSim, type SimCall } from '../sims/voipmonitor';
import { CDR_FIELDS, naive } from '../sims/ucm/seed';
import { makeSimCert, startUcmSim, type UcmSim } from '../sims/ucm/sim';
import { verifyLink } from '../sims/sipvault/verifier';

const TZ_MIN = 120; // the UCM's clock is UTC+2
const SECRET = `vault-canary-${randomBytes(8).toString('hex')}`;

function cdr(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(CDR_FIELDS.map((f) => [f, fields[f] ?? '']));
}

/** "YYYY-MM-DDTHH:MM" in this machine's zone (the page's zone too), for datetime-local inputs. */
function localInput(sec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

describe.runIf(haveChromium())('Call view', () => {
  let app: AppHarness;
  let vm: VoipmonitorSim;
  let ucm: UcmSim;
  let target: SimCall;

  beforeAll(async () => {
    vm = await startVoipmonitorSim({ scenario: { count: 6, seed: 5, startTime: Math.floor(Date.now() / 1000) - 60 } });
    // A call that has been answered for a while, so its PBX record (start + 3 s) is in the past.
    const calls = [...vm.scenario.calls.values()].filter((c) => c.failCode === null && vm.scenario.now - c.start > c.ringSec + 5);
    if (!calls[0]) throw new Error('the scenario has no answered call');
    target = calls[0];
    const local = (sec: number) => naive(sec + TZ_MIN * 60);
    ucm = await startUcmSim({
      tzOffsetMinutes: TZ_MIN,
      cert: await makeSimCert(),
      cdrs: [
        // The same call as the PBX saw it: 3 s after the sensor saw the INVITE.
        cdr({ AcctId: '9001', src: target.caller, dst: target.called, start: local(target.start + 3), answer: local(target.start + 8), end: local(target.start + 50), duration: '47', billsec: '42', disposition: 'ANSWERED', uniqueid: '1795.1', channel: 'PJSIP/trunk-1', dstchannel: `PJSIP/${target.called}-2`, caller_name: 'Sensor Caller', recordfiles: '2026-01/auto-call-9001.wav@' }),
        // Same numbers, two hours earlier: outside the window, must not be joined.
        cdr({ AcctId: '9002', src: target.caller, dst: target.called, start: local(target.start - 7200), answer: '', end: local(target.start - 7190), duration: '10', billsec: '0', disposition: 'NO ANSWER', uniqueid: '1795.0' }),
        // Other numbers at the same time: must not be joined.
        cdr({ AcctId: '9003', src: '5550001', dst: '5550002', start: local(target.start), answer: '', end: local(target.start + 5), duration: '5', billsec: '0', disposition: 'BUSY', uniqueid: '1795.2' }),
      ],
    });
    app = await launchRenderer({
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'vault', name: 'SIP VAULT', kind: 'sipvault', baseUrl: 'https://vault.example.test', customerId: 'acme' } as never);
        await ctx.profiles.upsert({ id: 'hq', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: vm.port }, timeoutMs: 3000, sipvaultProfileId: 'vault' } as never);
        await ctx.profiles.upsert({ id: 'pbx', name: 'HQ UCM', kind: 'ucm', baseUrl: ucm.url, user: 'cdrapi', tlsCertSha256: ucm.fingerprint, timeoutMs: 5000 } as never);
        await ctx.secrets.set('pbx', 'password', 'cdrapi123');
        await ctx.secrets.set('vault', 'hmacSecret', SECRET);
      },
    });
  });
  afterAll(async () => {
    await app?.ctx.secrets.clear('pbx', 'password').catch(() => undefined);
    await app?.ctx.secrets.clear('vault', 'hmacSecret').catch(() => undefined);
    await app?.close();
    await ucm?.stop();
    await vm?.stop();
  });

  it('a pasted Call-ID shows the live record, the UCM record and one timeline', async () => {
    const { page } = app;
    await page.getByTestId('nav-call').click();
    await page.getByTestId('view-call').waitFor();
    await page.getByTestId('call-lookup').fill(target.callId);
    await page.getByTestId('call-lookup-go').click();
    await page.getByTestId('call-join').waitFor({ timeout: 15_000 });

    // Main did the join (not the window-local fallback), asked with the Call-ID only.
    const ask = app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'calls:view').at(-1);
    expect(ask?.payload).toEqual({ callId: target.callId });
    expect(await page.getByTestId('call-local-note').count()).toBe(0);

    const join = page.getByTestId('call-join');
    expect(await join.locator('h2').innerText()).toBe(target.callId);
    expect(await page.getByTestId('call-source-hq').innerText()).toMatch(/found/);
    expect(await page.getByTestId('call-source-hq').innerText()).not.toMatch(/not found/);
    expect(await page.getByTestId('call-source-pbx').innerText()).not.toMatch(/not found|error/);

    // Live now: the sensor's record of this call.
    const liveTable = join.locator('h3:has-text("Live now") + table tbody tr');
    expect(await liveTable.count()).toBe(1);
    const liveRow = await liveTable.first().innerText();
    expect(liveRow).toContain(target.caller);
    expect(liveRow).toContain(String(target.called));

    // Call records: only the UCM record of the same call (not the one 2 h earlier, not other numbers).
    const cdrRows = join.locator('h3:has-text("Call records") + table tbody tr');
    expect(await cdrRows.count()).toBe(1);
    const cdrRow = await cdrRows.first().innerText();
    expect(cdrRow).toContain('pbx');
    expect(cdrRow).toContain(target.caller);
    expect(cdrRow).toContain('ANSWERED');
    expect(cdrRow).toContain('0:47');
    expect(cdrRow).toContain('auto-call-9001.wav');

    // One time axis: the sensor's start, then the PBX's start (3 s later), answer and end, in order.
    await page.getByTestId('call-timeline').waitFor();
    const events = await page.getByTestId('call-event').allInnerTexts();
    const pbx = events.filter((e) => /\bpbx\b/.test(e));
    const hq = events.filter((e) => /\bhq\b/.test(e));
    expect(hq.length).toBeGreaterThan(0);
    expect(pbx.map((e) => /\b(Start|Answer|End)\b/.exec(e)?.[1])).toEqual(['Start', 'Answer', 'End']);
    expect(events.indexOf(hq[0] as string)).toBeLessThan(events.indexOf(pbx[0] as string));
    const stamp = (e: string) => Date.parse((/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(e)?.[1] ?? '').replace(' ', 'T'));
    const times = events.map(stamp);
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(stamp(pbx[0] as string) - stamp(hq[0] as string)).toBe(3000);
    await app.screenshot('call-view');
  });

  it('"Copy link" in the call view signs a link for the joined Call-ID that SIP VAULT accepts', async () => {
    const { page } = app;
    const copy = page.getByTestId('call-copy-link');
    expect(await copy.isDisabled()).toBe(false);
    const before = app.clipboard.length;
    await copy.click();
    await expect.poll(() => app.clipboard.length).toBe(before + 1);
    const u = new URL(app.clipboard.at(-1) as string);
    expect(u.origin).toBe('https://vault.example.test');
    const v = verifyLink(`${u.pathname}${u.search}`, { secret: SECRET, customers: ['acme'], knownCallIds: [target.callId], nowSeconds: Math.floor(Date.now() / 1000) });
    expect(v).toEqual({ status: 200, detail: 'ok', callId: target.callId });
    await page.getByTestId('link-panel-close').click();
    expect(app.transcript()).not.toContain(SECRET);
    expect(await page.content()).not.toContain(SECRET);
  });

  it('UCM CDR rows carry no SIP Call-ID: "Copy link" is disabled and the UI says why', async () => {
    const { page } = app;
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('view-cdr').waitFor();
    await expect.poll(() => page.getByTestId('cdr-profileId').inputValue()).toBe('pbx');
    await page.getByTestId('cdr-from').fill(localInput(target.start - 3 * 3600));
    await page.getByTestId('cdr-to').fill(localInput(target.start + 3600));
    await page.getByTestId('cdr-search').click();
    await expect.poll(() => page.getByTestId('cdr-progress').getAttribute('data-phase'), { timeout: 20_000 }).toBe('done');
    expect(await page.locator('[data-testid^="cdr-row-"]').count()).toBe(3);
    const buttons = page.locator('[data-testid^="cdr-copy-link-"]');
    expect(await buttons.count()).toBe(3);
    for (const b of await buttons.all()) {
      expect(await b.isDisabled()).toBe(true);
      expect(await b.getAttribute('title')).toMatch(/no SIP Call-ID/i);
    }
    await page.locator('[data-testid^="cdr-row-"]').first().dblclick();
    await page.getByTestId('cdr-detail').waitFor();
    expect(await page.getByTestId('cdr-detail-action-copy-link').isDisabled()).toBe(true);
    expect(await page.getByTestId('cdr-detail-nolink').innerText()).toMatch(/no SIP Call-ID/i);
    await page.getByTestId('cdr-detail-close').click();
    expect(app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'links:copy')).toHaveLength(1); // only the call view's
  });
});
