/**
 * The SIP ladder end to end at 1440×900 and 1024×640 (the built renderer in Chromium, the real router
 * and services, VoIPmonitor and UCM simulators on 127.0.0.1): a sensor with `active_call_info = yes`
 * shows each live call's SIP messages in the drill-down (text, keyboard, copy as text for a ticket),
 * a sensor without it says so in words, and the call view puts the SIP messages and the PBX's record
 * on one ladder of events. Screenshots in test-results/; axe-core finds nothing serious.
 */
process.env.TZ = 'America/New_York';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { seriousViolations } from './axe';
import { startVoipmonitorSim, sipPackets, type VoipmonitorSim, type SimCall } from '../sims/voipmonitor';
import { CDR_FIELDS, naive } from '../sims/ucm/seed';
import { makeSimCert, startUcmSim, type UcmSim } from '../sims/ucm/sim';
import { SIP_OFF_NOTE } from '../../src-main/connectors/voipmonitor/sip-ladder';
import { displayZone, formatClock } from '../../src-shared/time-format';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 640 },
] as const;
const TZ_MIN = 120;

describe.runIf(haveChromium())('SIP ladder', () => {
  let app: AppHarness;
  let hq: VoipmonitorSim;
  let dc: VoipmonitorSim;
  let ucm: UcmSim;
  let target: SimCall;

  async function shotBoth(name: string): Promise<void> {
    for (const s of SIZES) {
      await app.page.setViewportSize(s);
      await app.page.waitForTimeout(150);
      await app.screenshot(`sip-ladder-${name}-${s.width}x${s.height}`);
    }
    await app.page.setViewportSize(SIZES[0]);
  }

  beforeAll(async () => {
    hq = await startVoipmonitorSim({ activeCallInfo: true, scenario: { count: 6, seed: 5, startTime: Math.floor(Date.now() / 1000) - 60 } });
    dc = await startVoipmonitorSim({ activeCallInfo: false, scenario: { count: 4, seed: 8, startTime: Math.floor(Date.now() / 1000) - 60 } });
    const calls = [...hq.scenario.calls.values()].filter((c) => c.failCode === null && hq.scenario.now - c.start > c.ringSec + 5);
    if (!calls[0]) throw new Error('the scenario has no answered call');
    target = calls[0];
    const local = (sec: number) => naive(sec + TZ_MIN * 60);
    const cdr = (f: Record<string, string>) => Object.fromEntries(CDR_FIELDS.map((k) => [k, f[k] ?? '']));
    ucm = await startUcmSim({
      tzOffsetMinutes: TZ_MIN,
      cert: await makeSimCert(),
      cdrs: [cdr({ AcctId: '7001', src: target.caller, dst: target.called, start: local(target.start + 3), answer: local(target.start + 8), end: local(target.start + 50), duration: '47', billsec: '42', disposition: 'ANSWERED', uniqueid: '1795.7', channel: 'PJSIP/trunk-1', dstchannel: `PJSIP/${target.called}-2` })],
    });
    app = await launchRenderer({
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'hq', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: hq.port }, timeoutMs: 3000, pollIntervalSec: 1, timeZone: 'Europe/Prague' } as never);
        await ctx.profiles.upsert({ id: 'dc', name: 'DC sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: dc.port }, timeoutMs: 3000, pollIntervalSec: 1 } as never);
        await ctx.profiles.upsert({ id: 'pbx', name: 'HQ UCM', kind: 'ucm', baseUrl: ucm.url, user: 'cdrapi', tlsCertSha256: ucm.fingerprint, timeoutMs: 5000 } as never);
        await ctx.secrets.set('pbx', 'password', 'cdrapi123');
      },
    });
  });
  afterAll(async () => {
    await app?.page.evaluate(() => (window as unknown as { callboard: { live: { unsubscribe(r: object): Promise<unknown> } } }).callboard.live.unsubscribe({})).catch(() => undefined);
    await app?.ctx.secrets.clear('pbx', 'password').catch(() => undefined);
    await app?.close();
    await ucm?.stop();
    await hq?.stop();
    await dc?.stop();
  });

  it('live drill-down: every SIP message the sensor kept, with its time on the display clock, route, first line and CSeq', async () => {
    const { page } = app;
    await page.getByTestId('nav-live').click();
    await page.getByTestId('watch-chooser').locator('summary').click();
    await page.getByTestId('watch-hq').check();
    await page.getByTestId('watch-dc').check();
    await page.keyboard.press('Escape');
    const row = page.getByTestId(`live-row-hq:${target.ref}`);
    await row.waitFor({ timeout: 15_000 });
    await row.dblclick();
    await page.getByTestId('call-detail').waitFor();
    const ladder = page.getByTestId('sip-ladder');
    await expect.poll(() => ladder.getAttribute('data-state'), { timeout: 10_000 }).toBe('available');
    const packets = sipPackets(target, hq.scenario.now);
    expect(packets.length).toBe(5);
    await expect.poll(() => page.locator('[role="option"][data-testid^="sip-row-"]').count()).toBe(packets.length);
    const rows = await page.locator('[role="option"][data-testid^="sip-row-"]').allInnerTexts();
    expect(rows[0]).toContain(`INVITE sip:${target.called}@`);
    expect(rows[0]).toContain('CSeq 1 INVITE');
    expect(rows[0]).toContain('A → B');
    expect(rows[3]).toContain('SIP/2.0 200 OK');
    expect(rows[3]).toContain('B → A');
    expect(rows[4]).toContain('CSeq 1 ACK');
    // The first message's time on the operator's clock (the default display zone), to the millisecond.
    const us = packets[0]!['time'] as number;
    const expected = `${formatClock(Math.floor(us / 1000), displayZone('operator', 'America/New_York'))}.${String(Math.floor((us % 1e6) / 1000)).padStart(3, '0')}`;
    expect(rows[0]).toContain(expected);
    expect(await page.getByTestId('sip-ladder-lanes').innerText()).toContain('(caller side)');
    expect(await page.locator('[data-testid="sip-row-3"]').getAttribute('data-direction')).toBe('from-called');
    // Readable at 1024×640: no row is wider than the panel (lines wrap, nothing hides off to the side).
    await page.setViewportSize(SIZES[1]);
    const overflow = await page.getByTestId('sip-ladder-rows').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.getByTestId('sip-ladder').scrollIntoViewIfNeeded();
    await shotBoth('drilldown');
  });

  it('by keyboard: Tab reaches the ladder and "Copy as text"; main puts the ladder on the clipboard as text for a ticket', async () => {
    const { page } = app;
    await page.getByTestId('call-detail-close').focus();
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
      reached.push(id);
      if (id === 'sip-ladder-copy') break;
    }
    expect(reached).toContain('sip-ladder-copy');
    const before = app.clipboard.length;
    await page.keyboard.press('Enter');
    await expect.poll(() => app.clipboard.length).toBe(before + 1);
    const text = app.clipboard.at(-1) ?? '';
    expect(text.split('\n')[0]).toBe(`SIP messages of call ${target.caller} → ${target.called} (Call-ID ${target.callId}) on sensor HQ sensor`);
    expect(text).toContain('A = ');
    expect(text.match(/\[CSeq /g)?.length).toBe(5);
    expect(await page.getByTestId('notice').innerText()).toContain('SIP ladder copied to the clipboard (5 messages)');
    // The messages are one Tab stop (a listbox); the arrow keys move between them and the current one says where it goes.
    await page.getByTestId('sip-ladder-copy').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sip-ladder-rows');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('sip-row-3').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('sip-row-detail').innerText()).toMatch(/^Message 4 of 5: from B \([\d.]+:5060\) to A \([\d.]+:5060\), towards the caller side, 542 bytes of SIP\.$/);
    await page.keyboard.press('End');
    expect(await page.getByTestId('sip-row-4').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await page.getByTestId('sip-row-0').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('sip-ladder').scrollIntoViewIfNeeded();
    await shotBoth('drilldown-keyboard');
    await page.keyboard.press('Escape');
    await page.getByTestId('call-detail').waitFor({ state: 'hidden' });
  });

  it('a sensor without active_call_info: the drill-down says so in words', async () => {
    const { page } = app;
    const row = page.locator('[data-testid^="live-row-dc:"]').first();
    await row.waitFor({ timeout: 15_000 });
    await row.dblclick();
    await page.getByTestId('call-detail').waitFor();
    await expect.poll(() => page.getByTestId('sip-ladder').getAttribute('data-state'), { timeout: 10_000 }).toBe('disabled');
    expect(await page.getByTestId('sip-ladder-note').innerText()).toBe(SIP_OFF_NOTE);
    expect(await page.getByTestId('sip-ladder-copy').count()).toBe(0);
    await page.getByTestId('sip-ladder-note').scrollIntoViewIfNeeded();
    await shotBoth('sensor-off');
    await page.keyboard.press('Escape');
  });

  it('call view: the sensor\'s SIP messages and the PBX\'s record on one ladder of events, lanes per source, in time order', async () => {
    const { page } = app;
    await page.getByTestId('nav-call').click();
    await page.getByTestId('call-lookup').fill(target.callId);
    await page.getByTestId('call-lookup-go').click();
    await page.getByTestId('call-join').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('[data-testid="call-event"][data-kind="sip"]').count(), { timeout: 10_000 }).toBe(5);
    const heads = await page.locator('[data-testid="call-timeline"] thead th').allInnerTexts();
    expect(heads.slice(2).sort()).toEqual(['hq', 'pbx']);
    const sources = await page.locator('[data-testid="call-event"]').evaluateAll((rs) => rs.map((r) => `${r.getAttribute('data-source')}:${r.getAttribute('data-kind')}`));
    expect(sources).toContain('pbx:start');
    expect(sources).toContain('pbx:answer');
    expect(sources.indexOf('hq:sip')).toBeLessThan(sources.indexOf('pbx:start'));
    const texts = await page.locator('[data-testid="call-event"]').allInnerTexts();
    const stamps = texts.map((t) => Date.parse((/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(t)?.[1] ?? '').replace(' ', 'T')));
    expect(stamps.every(Number.isFinite)).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    const invite = texts.find((t) => t.includes('INVITE sip:')) ?? '';
    expect(invite).toMatch(/hq:\s*SIP\s+[\d.]+:5060 → [\d.]+:5060 INVITE sip:/);
    await shotBoth('call-view');
  });

  it('axe-core: no serious or critical violations in the drill-down with its ladder, the "off" notice and the call view ladder', async () => {
    const { page } = app;
    const found: Record<string, unknown> = {};
    const scan = async (name: string) => {
      const v = await seriousViolations(page);
      if (v.length) found[name] = v;
    };
    await scan('call view ladder');
    await page.getByTestId('nav-live').click();
    await page.getByTestId(`live-row-hq:${target.ref}`).dblclick();
    await expect.poll(() => page.getByTestId('sip-ladder').getAttribute('data-state'), { timeout: 10_000 }).toBe('available');
    await scan('drill-down with SIP ladder');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid^="live-row-dc:"]').first().dblclick();
    await expect.poll(() => page.getByTestId('sip-ladder').getAttribute('data-state'), { timeout: 10_000 }).toBe('disabled');
    await scan('drill-down, sensor without SIP messages');
    await page.keyboard.press('Escape');
    expect(JSON.stringify(found, null, 1)).toBe('{}');
  });
});
