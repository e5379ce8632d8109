/**
 * The keychain against a REAL Secret Service (gnome-keyring under a private D-Bus session: npm test
 * wraps vitest in scripts/with-keyring.sh). Outside that wrapper these tests are skipped, loudly.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, requireSecret } from '../../../src-main/secrets/keychain';
import { CallboardError } from '../../../src-main/core/errors';

const real = process.env.CALLBOARD_REAL_KEYCHAIN === '1';
const service = `Callboard-test-${randomBytes(4).toString('hex')}`;
const store = new KeytarSecretStore(service);

describe.runIf(real)('keychain (real Secret Service)', () => {
  afterAll(async () => {
    await store.clearAll('p1', ['password', 'aesKey']);
    await store.clearAll('p2', ['password']);
  });

  it('stores, reports and reads back a non-ASCII secret per profile and name', async () => {
    expect(await store.isSet('p1', 'password')).toBe(false);
    await store.set('p1', 'password', 'pässwörd-€-☎');
    expect(await store.isSet('p1', 'password')).toBe(true);
    expect(await store.get('p1', 'password')).toBe('pässwörd-€-☎');
    // Another profile and another name are other accounts.
    expect(await store.isSet('p2', 'password')).toBe(false);
    expect(await store.isSet('p1', 'aesKey')).toBe(false);
  });

  it('is visible to keytar under service "Callboard-…" and account "<profile>:<name>"', async () => {
    await store.set('p2', 'password', 'x-secret-2');
    // Read it with the library directly, as another keytar-based tool would.
    const keytar = (await import('@github/keytar')) as unknown as { getPassword(s: string, a: string): Promise<string | null> };
    expect(await keytar.getPassword(service, 'p2:password')).toBe('x-secret-2');
  });

  it('replaces and clears', async () => {
    await store.set('p1', 'aesKey', 'first');
    await store.set('p1', 'aesKey', 'second');
    expect(await store.get('p1', 'aesKey')).toBe('second');
    expect(await store.clear('p1', 'aesKey')).toBe(true);
    expect(await store.isSet('p1', 'aesKey')).toBe(false);
    expect(await store.clear('p1', 'aesKey')).toBe(false);
  });

  it('requireSecret names the profile and the secret but never a value', async () => {
    const err = await requireSecret(store, 'p9', 'password', 'UCM password').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).code).toBe('config');
    expect((err as CallboardError).message).toMatch(/p9.*password/);
  });

  it('refuses empty and oversized values without storing anything', async () => {
    await expect(store.set('p1', 'password', '')).rejects.toMatchObject({ code: 'usage' });
    await expect(store.set('p1', 'password', 'x'.repeat(9000))).rejects.toMatchObject({ code: 'usage' });
  });
});

describe('keychain without a Secret Service', () => {
  it('fails with a clear error that says what to install, and no plaintext fallback', () => {
    // A child process with no D-Bus session: the real libsecret failure, not a mock.
    const code = `
      import { KeytarSecretStore } from ${JSON.stringify(path.resolve('src-main/secrets/keychain.ts'))};
      const s = new KeytarSecretStore('Callboard-nobus');
      s.set('p', 'password', 'canary-value-123').then(() => console.log('STORED'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));
    `;
    const script = path.join(mkdtempSync(path.join(os.tmpdir(), 'cb-kc-')), 'probe.mts');
    writeFileSync(script, code);
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };
    delete (env as Record<string, string | undefined>).CALLBOARD_REAL_KEYCHAIN;
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { env, encoding: 'utf8', timeout: 30_000 });
    const out = r.stdout.trim().split('\n').pop() ?? '';
    expect(out).not.toBe('STORED');
    const err = JSON.parse(out) as { code: string; message: string };
    expect(err.code).toBe('keychain');
    if (process.platform === 'linux') expect(err.message).toMatch(/no Secret Service is running.*apt install gnome-keyring/);
    expect(err.message).not.toContain('canary-value-123');
  });
});
