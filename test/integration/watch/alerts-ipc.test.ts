/**
 * The alerts and kpi IPC domains through the real router: strict schemas (unknown keys, secret-like
 * names, bad ids refused), settings saved to watch.json and read back, no-data replies.
 */
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createAppContext } from '../../../src-main/services/create-context';
import { MemorySecretStore } from '../../helpers/memory-secrets';
import { isAppUrl } from '../../../src-main/app/policy';
import { watchServiceFor } from '../../../src-main/services/watch/service';
import { WATCH_FILE } from '../../../src-main/profiles/watch-store';
import type { AppContext } from '../../../src-main/core/context';

const main = { url: 'app://callboard/index.html', isMainFrame: true, id: 1 };
let ctx: AppContext;
let router: Router;
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-alerts-ipc-'));
  ctx = createAppContext({ configDir: dir, appVersion: 't', secrets: new MemorySecretStore(), platform: { openFile: async () => null, saveFile: async () => null, writeClipboard: async () => {}, openExternal: async () => {}, confirm: async () => false } });
  router = createRouter({ handlers: createHandlers(ctx), isTrustedUrl: (u) => isAppUrl(u), emit: () => undefined });
});
afterAll(async () => {
  await watchServiceFor(ctx).stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('alerts and kpi over IPC', () => {
  it('lists nothing before any rule, saves strict settings to watch.json and reads them back', async () => {
    expect(await router.handle('alerts:list', main, {})).toEqual({ ok: true, value: { alerts: [], summary: { open: 0, unacknowledged: 0, worst: null } } });
    const settings = { homeCountry: 'CZ', rules: [{ id: 'mos', name: 'MOS', kind: 'mos-below', threshold: 3.5 }] };
    const saved = await router.handle('alerts:saveSettings', main, { settings });
    expect(saved.ok).toBe(true);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, WATCH_FILE), 'utf8')) as { rules: Array<{ minSample: number; forSec: number }> };
    expect(onDisk.rules[0]).toMatchObject({ minSample: 10, forSec: 30 });
    const back = await router.handle('alerts:settings', main, {});
    expect(back.ok && (back.value as { settings: { homeCountry: string } }).settings.homeCountry).toBe('CZ');
  });

  it('refuses unknown keys, secret-like names, unknown rule kinds and bad ids', async () => {
    const bad = [
      { settings: { rules: [{ id: 'x', name: 'x', kind: 'mos-below', threshold: 3, exec: '/bin/sh' }] } },
      { settings: { rules: [{ id: 'x', name: 'x', kind: 'shell', threshold: 3 }] } },
      { settings: { rules: [] }, extra: 1 },
    ];
    for (const b of bad) {
      const r = await router.handle('alerts:saveSettings', main, b);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('usage');
    }
    const valid = await router.handle('alerts:saveSettings', main, { settings: { profiles: [{ profileId: 'p', trunks: [{ label: 'x', ips: [], names: [] }] }], rules: [] } });
    expect(valid.ok).toBe(true);
    const ack = await router.handle('alerts:acknowledge', main, { id: 'no\nsuch' });
    expect(ack.ok).toBe(false);
    const missing = await router.handle('alerts:acknowledge', main, { id: 'nope|p|source:p|1' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', message: 'That alert is no longer listed.' } });
    const summary = await router.handle('kpi:cdrSummary', main, { jobId: '00000000-0000-4000-8000-000000000000' });
    expect(summary).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await router.handle('kpi:cdrSummary', main, { jobId: 'x' })).ok).toBe(false);
    expect(await router.handle('kpi:live', main, {})).toEqual({ ok: true, value: { sources: [] } });
    // Nothing from another frame.
    expect((await router.handle('alerts:list', { ...main, url: 'https://evil.example/' }, {})).ok).toBe(false);
  });
});
