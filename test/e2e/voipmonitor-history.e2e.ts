/**
 * VoIPmonitor call history end to end: a MariaDB on 127.0.0.1 whose schema the real sniffer created
 * (test/helpers/sensor-db.ts), CDRs with Call-IDs loaded into it; the built renderer searches the
 * sensor profile in the CDR view with a sensor-only filter, "Copy link" on a row puts a signed SIP
 * VAULT link for that row's Call-ID on the clipboard (the verifier accepts it), and the record's
 * "Call view" joins the sensor's historical record by exact Call-ID.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { haveChromium, type AppHarness } from './harness';
import { launchRenderer } from './renderer-app';
import { startVoipmonitorSim, type VoipmonitorSim } from '../sims/voipmonitor';
import { verifyLink } from '../sims/sipvault/verifier';
import { startSensorDb, seedCdrs, sensorDbUnavailableReason, type SensorDb } from '../helpers/sensor-db';

const SECRET = `vault-canary-${randomBytes(8).toString('hex')}`;
const why = sensorDbUnavailableReason();
if (why && process.env['CI'] === 'true') throw new Error(`CI=true: the call-history E2E must run, but ${why}.`);
if (why) process.stdout.write(`VoIPmonitor call-history E2E skipped: ${why}.\n`);

function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

describe.runIf(haveChromium() && !why)('VoIPmonitor call history in the CDR view', () => {
  let app: AppHarness;
  let db: SensorDb;
  let sim: VoipmonitorSim;
  let busy: { id: string; callId: string; caller: string }[] = [];

  beforeAll(async () => {
    db = await startSensorDb();
    seedCdrs(db, 60, 'e2e');
    const ro = db.createReadOnlyUser();
    busy = db
      .sql(`SELECT c.ID, n.fbasename, c.caller FROM ${db.database}.cdr c JOIN ${db.database}.cdr_next n ON n.cdr_ID = c.ID AND n.calldate = c.calldate WHERE c.lastSIPresponseNum = 486 ORDER BY c.calldate, c.ID`)
      .trim()
      .split('\n')
      .map((l) => l.split('\t'))
      .map(([id, callId, caller]) => ({ id: id as string, callId: callId as string, caller: caller as string }));
    if (busy.length < 2) throw new Error('the seed has too few 486 calls');
    sim = await startVoipmonitorSim({ scenario: { count: 2, seed: 3, startTime: Math.floor(Date.now() / 1000) - 30 } });
    app = await launchRenderer({
      beforeLoad: async (ctx) => {
        await ctx.profiles.upsert({ id: 'vault', name: 'SIP VAULT', kind: 'sipvault', baseUrl: 'https://vault.example.test', customerId: 'acme' } as never);
        await ctx.profiles.upsert({
          id: 'vmh', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, timeoutMs: 5000, sipvaultProfileId: 'vault',
          database: { via: 'direct', host: '127.0.0.1', port: db.port, database: db.database, user: ro.user, tls: 'off' },
        } as never);
        await ctx.secrets.set('vmh', 'dbPassword', ro.password);
        await ctx.secrets.set('vault', 'hmacSecret', SECRET);
      },
    });
  }, 180_000);

  afterAll(async () => {
    await app?.ctx.secrets.clear('vault', 'hmacSecret').catch(() => undefined);
    await app?.close();
    await sim?.stop();
    await db?.stop();
  });

  it('searches the sensor with a SIP-code filter and copies a SIP VAULT link from a row', async () => {
    const { page } = app;
    await page.getByTestId('nav-cdr').click();
    await page.getByTestId('view-cdr').waitFor();
    await page.getByTestId('cdr-profileId').selectOption('vmh');
    const day = new Date();
    day.setHours(0, 0, 0, 0);
    await page.getByTestId('cdr-from').fill(localInput(day.getTime()));
    await page.getByTestId('cdr-to').fill(localInput(day.getTime() + 86_340_000));
    await page.getByTestId('cdr-sensor-sipCode').fill('486');
    await page.getByTestId('cdr-search').click();
    await expect.poll(() => page.getByTestId('cdr-progress').getAttribute('data-phase'), { timeout: 30_000 }).toBe('done');
    expect(await page.locator('[data-testid^="cdr-row-"]').count()).toBe(busy.length);
    const ask = app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'cdr:search').at(-1);
    expect(ask?.payload).toMatchObject({ profileId: 'vmh', sipCode: '486' });

    const row = busy[0]!;
    const before = app.clipboard.length;
    await page.getByTestId(`cdr-copy-link-${row.id}`).click();
    await expect.poll(() => app.clipboard.length).toBe(before + 1);
    const u = new URL(app.clipboard.at(-1) as string);
    expect(u.origin).toBe('https://vault.example.test');
    const v = verifyLink(`${u.pathname}${u.search}`, { secret: SECRET, customers: ['acme'], knownCallIds: [row.callId], nowSeconds: Math.floor(Date.now() / 1000) });
    expect(v).toEqual({ status: 200, detail: 'ok', callId: row.callId });
    expect(await page.content()).not.toContain(SECRET);
  });

  it('opens the call view from the row, joined with the sensor record by exact Call-ID', async () => {
    const { page } = app;
    const row = busy[1]!;
    await page.getByTestId(`cdr-row-${row.id}`).dblclick();
    await page.getByTestId('cdr-detail').waitFor();
    expect(await page.getByTestId('cdr-detail').innerText()).toContain('486 Busy Here');
    expect(await page.getByTestId('cdr-detail-action-copy-link').isDisabled()).toBe(false);
    await page.getByTestId('cdr-detail-action-callview').click();
    await page.getByTestId('view-call').waitFor();
    await expect.poll(() => page.getByTestId('call-source-vmh').getAttribute('class'), { timeout: 20_000 }).toContain('chip-connected');
    const join = await page.getByTestId('call-join').innerText();
    expect(join).toContain(row.caller);
    const view = app.messages.filter((m) => m.dir === 'invoke' && m.channel === 'calls:view').at(-1);
    expect(view?.payload).toMatchObject({ callId: row.callId });
    await app.screenshot('voipmonitor-history-call-view');
  });
});
