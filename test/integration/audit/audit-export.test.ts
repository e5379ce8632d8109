/**
 * Audit export over the real router: main's save dialog (the recording platform), the view's filter
 * and sort applied in main, CSV safe for spreadsheets, JSON with ISO times, nothing but audit fields.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readCsv } from '../../helpers/csv-read';
import { createRouter, type Handlers, type Router, type SenderInfo } from '../../../src-main/ipc/router';
import { auditHandlers } from '../../../src-main/ipc/handlers/audit';
import { AUDIT_FILE } from '../../../src-main/audit/log';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';

const APP: SenderInfo = { url: 'app://callboard/index.html', isMainFrame: true, id: 1 };
const CANARY = 'audit-export-canary-7d1e';

describe('audit:export', () => {
  let ctx: FakeContext;
  let router: Router;
  let n = 0;
  const out = (ext: string) => path.join(ctx.configDir, `export-${++n}.${ext}`);

  beforeAll(async () => {
    ctx = await fakeContext();
    router = createRouter({ handlers: auditHandlers(ctx) as unknown as Handlers, isTrustedUrl: (u) => u.startsWith('app://callboard/'), emit: () => undefined });
    const base = { attemptId: undefined, decision: 'allowed', pbxCode: null, outcome: 'ok' } as const;
    await ctx.audit.append({ ...base, phase: 'event', action: 'link-copy', profileId: 'vault', target: 'b@host', reason: null });
    ctx.clock.ms += 60_000;
    // A reason a spreadsheet would run as a formula, and a target starting with "-".
    await ctx.audit.append({ ...base, phase: 'refused', action: 'originate', profileId: 'pbx', target: '-2-3', decision: 'refused', outcome: null, reason: '=HYPERLINK("https://evil.example.net","click")' });
    ctx.clock.ms += 60_000;
    await ctx.audit.append({ ...base, phase: 'result', action: 'originate', profileId: 'pbx', target: '+420601111222', pbxCode: 0, reason: 'Ringing "1001", then +420601111222' });
    ctx.clock.ms += 60_000;
    await ctx.audit.append({ ...base, phase: 'event', action: 'alert-ack', profileId: 'hq', target: 'rule-1', reason: 'ack' });
    // A foreign line carrying a secret-looking field: the schema drops the key, the record stays.
    const foreign = { time: new Date(ctx.clock.ms + 1000).toISOString(), osUser: 'alice', attemptId: 'x-1', phase: 'event', action: 'link-copy', profileId: 'vault', target: 'a@host', decision: 'n/a', reason: null, pbxCode: null, outcome: null, hmacSecret: CANARY };
    await fs.appendFile(path.join(ctx.configDir, AUDIT_FILE), `${JSON.stringify(foreign)}\n`);
  });
  afterAll(() => ctx.cleanup());

  it('CSV: the filtered rows in the view\'s sort, formula cells defused, E.164 kept, the zone in the time header', async () => {
    const file = out('csv');
    ctx.platform.saveFile = async (o) => {
      expect(o.defaultName).toMatch(/^callboard-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      return file;
    };
    const r = await router.handle('audit:export', APP, { filter: { action: 'originate', limit: 5000 }, sort: { column: 'target', desc: false }, format: 'csv' });
    expect(r).toEqual({ ok: true, value: { cancelled: false, path: file, rows: 2 } });
    const rows = readCsv(await fs.readFile(file, 'utf8'));
    expect(Object.keys(rows[0] ?? {})[0]).toMatch(/^time \(.+\)$/);
    expect(rows.map((x) => x['target'])).toEqual(['+420601111222', "'-2-3"]);
    expect(rows[1]?.['reason']).toBe('\'=HYPERLINK("https://evil.example.net","click")');
    expect(rows[0]?.['reason']).toBe('Ringing "1001", then +420601111222');
    expect(rows.every((x) => x['action'] === 'originate')).toBe(true);
  });

  it('JSON: every record the filter matches, ISO times, only audit fields (a foreign key never leaves)', async () => {
    const file = out('json');
    ctx.platform.saveFile = async () => file;
    const r = await router.handle('audit:export', APP, { filter: { limit: 5000 }, sort: { column: 'time', desc: true }, format: 'json' });
    expect(r.ok && (r.value as { rows: number }).rows).toBe(5);
    const text = await fs.readFile(file, 'utf8');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('hmacSecret');
    const j = JSON.parse(text) as { exported: number; records: Array<Record<string, unknown>> };
    expect(j.exported).toBe(5);
    const times = j.records.map((x) => Date.parse(String(x['time'])));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(String(j.records[0]?.['time'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Object.keys(j.records[0] ?? {}).sort()).toEqual(['action', 'attemptId', 'decision', 'osUser', 'outcome', 'pbxCode', 'phase', 'profileId', 'reason', 'target', 'time']);
  });

  it('a cancelled dialog writes nothing; the renderer cannot pass a path, an unknown column or a huge limit', async () => {
    ctx.platform.saveFile = async () => null;
    expect(await router.handle('audit:export', APP, { filter: { limit: 10 }, sort: { column: 'time', desc: true }, format: 'csv' })).toEqual({ ok: true, value: { cancelled: true, rows: 0 } });
    for (const bad of [
      { filter: { limit: 10 }, sort: { column: 'time', desc: true }, format: 'csv', path: '/tmp/x.csv' },
      { filter: { limit: 10, path: '/tmp/x' }, sort: { column: 'time', desc: true }, format: 'csv' },
      { filter: { limit: 10 }, sort: { column: 'secret', desc: true }, format: 'csv' },
      { filter: { limit: 10 }, sort: { column: 'time', desc: true }, format: 'xlsx' },
      { filter: { limit: 1e9 }, sort: { column: 'time', desc: true }, format: 'json' },
    ]) {
      expect((await router.handle('audit:export', APP, bad)).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('an unwritable target is reported in words', async () => {
    ctx.platform.saveFile = async () => path.join(ctx.configDir, 'no-such-dir', 'x.csv');
    const r = await router.handle('audit:export', APP, { filter: { limit: 10 }, sort: { column: 'time', desc: true }, format: 'csv' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/^Could not write x\.csv: ENOENT/);
  });
});
