import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { describe, expect, it, beforeEach } from 'vitest';
import { createRouter, type Handlers, type Router } from '../../../src-main/ipc/router';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createAppContext } from '../../../src-main/services/create-context';
import { MemorySecretStore } from '../../helpers/memory-secrets';
import { CallboardError } from '../../../src-main/core/errors';
import { isAppUrl } from '../../../src-main/app/policy';
import type { AppContext } from '../../../src-main/core/context';
import { contract } from '../../../src-main/ipc/contract';

const APP = 'app://callboard/index.html';
const main = { url: APP, isMainFrame: true, id: 1 };
const SECRET = 'canary-SECRET-7f3a9';

let ctx: AppContext;
let emitted: unknown[];
let router: Router;
let secrets: MemorySecretStore;

function build(handlers?: Partial<Handlers>): Router {
  return createRouter({
    handlers: { ...createHandlers(ctx), ...handlers } as Handlers,
    isTrustedUrl: (u) => isAppUrl(u),
    emit: (_id, ch, p) => emitted.push([ch, p]),
  });
}

beforeEach(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-router-'));
  secrets = new MemorySecretStore();
  ctx = createAppContext({ configDir: dir, appVersion: 't', secrets, platform: { openFile: async () => null, saveFile: async () => null, writeClipboard: async () => {}, openExternal: async () => {}, confirm: async () => false } });
  emitted = [];
  router = build();
});

describe('IPC router', () => {
  it('rejects unknown channels', async () => {
    const r = await router.handle('shell:exec', main, {});
    expect(r).toEqual({ ok: false, error: { code: 'usage', message: 'Unknown request.' } });
  });

  it('rejects senders that are not our main frame', async () => {
    for (const sender of [
      { url: 'https://evil.example/index.html', isMainFrame: true, id: 1 },
      { url: 'app://callboard.evil/index.html', isMainFrame: true, id: 1 },
      { url: 'file:///etc/passwd', isMainFrame: true, id: 1 },
      { url: APP, isMainFrame: false, id: 1 }, // an iframe inside our page
    ]) {
      const r = await router.handle('profiles:list', sender, {});
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('policy');
    }
  });

  it('rejects payloads that fail the schema, naming the field, before any handler runs', async () => {
    let ran = false;
    const r2 = build({ 'secrets:set': async () => { ran = true; return { ok: true as const }; } });
    const r = await r2.handle('secrets:set', main, { profileId: 'x', name: 'notASecret', value: 'v' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/name/);
    expect(!r.ok && Object.keys(r.error.fields ?? {})).toEqual(['name']); // structured, for the form
    const secretish = await r2.handle('secrets:set', main, { profileId: 'x', name: 'password', value: 7 });
    expect(!secretish.ok && secretish.error.fields?.value).toBe('must be text');
    expect(ran).toBe(false);
    const extra = await r2.handle('secrets:set', main, { profileId: 'x', name: 'password', value: 'v', channel: 'SIP/evil' });
    expect(extra.ok).toBe(false); // strict: unknown keys are refused, not ignored
  });

  it('cdr:search and cdr:savedSave refuse an unknown key (a misspelt filter) instead of searching without it', async () => {
    let ran = 0;
    const r2 = build({
      'cdr:search': async () => { ran++; return { jobId: '00000000-0000-4000-8000-000000000000' }; },
      'cdr:savedSave': async () => { ran++; return { ok: true as const }; },
    });
    const query = { profileId: 'p1', from: '2026-01-01T00:00', to: '2026-01-02T00:00' };
    const good = await r2.handle('cdr:search', main, query);
    expect(good.ok).toBe(true);
    expect(ran).toBe(1);
    const extra = await r2.handle('cdr:search', main, { ...query, calleeNumber: '100' });
    expect(extra.ok).toBe(false);
    expect(!extra.ok && extra.error.code).toBe('usage');
    expect(!extra.ok && extra.error.message).toMatch(/calleeNumber/);
    const savedExtra = await r2.handle('cdr:savedSave', main, { name: 'n', query: { ...query, calleeNumber: '100' } });
    expect(savedExtra.ok).toBe(false);
    expect(ran).toBe(1);
  });

  it('every request schema in the contract refuses unknown keys', () => {
    const lax = Object.entries(contract)
      .filter(([, def]) => {
        const r = def.request.safeParse({ zzUnknownKey: 1 });
        return r.success || !r.error.issues.some((i) => i.code === 'unrecognized_keys');
      })
      .map(([name]) => name);
    expect(lax).toEqual([]);
  });

  it('turns handler failures into {code, message} with no stack and no secret', async () => {
    const r2 = build({
      'app:info': async () => {
        throw new Error(`boom with ${SECRET} at /home/op/.config`);
      },
      'profiles:kinds': async () => {
        throw new CallboardError('auth', 'UCM rejected the password for user cdrapi (status -37)', { status: -37 });
      },
    });
    const a = await r2.handle('app:info', main, {});
    expect(a).toEqual({ ok: false, error: { code: 'internal', message: expect.stringMatching(/unexpected error/i) } });
    expect(JSON.stringify(a)).not.toContain(SECRET);
    expect(JSON.stringify(a)).not.toMatch(/at .*\.ts/);
    const b = await r2.handle('profiles:kinds', main, {});
    expect(b).toEqual({ ok: false, error: { code: 'auth', message: 'UCM rejected the password for user cdrapi (status -37)', status: -37 } });
  });

  it('strips fields a handler should not have returned (defence against leaking a secret)', async () => {
    const r2 = build({ 'app:info': async () => ({ version: '1', platform: 'x', configDir: '/c', keychain: 'k', password: SECRET }) as never });
    const r = await r2.handle('app:info', main, {});
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('secrets are write-only over IPC: set, then list shows only "set", never the value', async () => {
    await router.handle('profiles:save', main, { isNew: true, profile: { id: 'ucm1', kind: 'ucm', name: 'U', baseUrl: 'https://10.1.1.1:8089', user: 'cdrapi' } });
    const set = await router.handle('secrets:set', main, { profileId: 'ucm1', name: 'password', value: SECRET });
    expect(set).toEqual({ ok: true, value: { ok: true } });
    expect(await secrets.get('ucm1', 'password')).toBe(SECRET);
    const list = await router.handle('profiles:list', main, {});
    expect(JSON.stringify(list)).not.toContain(SECRET);
    expect(list.ok && (list.value as { profiles: { secrets: Record<string, boolean> }[] }).profiles[0]?.secrets).toEqual({ password: true });
    // A secret name of another kind is refused.
    const wrong = await router.handle('secrets:set', main, { profileId: 'ucm1', name: 'aesKey', value: 'x' });
    expect(!wrong.ok && wrong.error.message).toMatch(/no secret "aesKey"/);
  });

  it('deleting a profile removes its secrets from the keychain', async () => {
    // A new SIP VAULT profile adds a link target: main asks, and this operator says yes.
    ctx.platform.confirm = async () => true;
    await router.handle('profiles:save', main, { isNew: true, profile: { id: 'v1', kind: 'sipvault', name: 'V', baseUrl: 'https://vault.example.com', customerId: 'acme' } });
    await router.handle('secrets:set', main, { profileId: 'v1', name: 'hmacSecret', value: SECRET });
    const del = await router.handle('profiles:delete', main, { id: 'v1' });
    expect(del.ok).toBe(true);
    expect(await secrets.isSet('v1', 'hmacSecret')).toBe(false);
  });

  it('validates events before sending them', () => {
    router.emitTo(1, 'profiles:changed', { reason: 'x' });
    router.emitTo(1, 'profiles:changed', { reason: 5 } as never);
    expect(emitted).toEqual([['event:profiles:changed', { reason: 'x' }]]);
  });

  it('app:openExternal opens only https URLs under a SIP VAULT profile', async () => {
    const opened: string[] = [];
    ctx.platform.openExternal = async (u) => void opened.push(u);
    const vault = { id: 'v1', kind: 'sipvault', name: 'V', baseUrl: 'https://vault.example.com', customerId: 'acme' };
    // Refused in main's dialog: no link target, nothing opens.
    expect(await router.handle('profiles:save', main, { isNew: true, profile: vault })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect((await router.handle('app:openExternal', main, { url: 'https://vault.example.com/call/ab?x=1' })).ok).toBe(false);
    ctx.platform.confirm = async () => true;
    await router.handle('profiles:save', main, { isNew: true, profile: vault });
    expect((await router.handle('app:openExternal', main, { url: 'https://vault.example.com/call/ab?x=1' })).ok).toBe(true);
    for (const bad of ['https://vault.example.com.evil.net/call/x', 'http://vault.example.com/call/x', 'javascript:alert(1)', 'https://user:pw@vault.example.com/']) {
      const r = await router.handle('app:openExternal', main, { url: bad });
      expect(r.ok).toBe(false);
    }
    expect(opened).toEqual(['https://vault.example.com/call/ab?x=1']);
  });
});
