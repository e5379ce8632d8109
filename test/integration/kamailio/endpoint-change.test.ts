/**
 * A Kamailio profile's endpoint (JSON-RPC URL, authentication mode, user) is guarded by main's existing
 * machinery with no Kamailio wiring: a save that re-points it asks in main's dialog (the fake operator
 * refuses unless told), the pin change shows its fingerprint, and the stored password stays bound to
 * the endpoint it was entered for unless the operator also confirms sending it there.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { errorOf } from '../../helpers/error-of';
import { kamailioProfileSchema } from '../../../src-main/profiles/schema';
import { saveProfileConfirmed } from '../../../src-main/services/profile-changes';

const base = kamailioProfileSchema.parse({ id: 'edge', name: 'Edge', kind: 'kamailio', rpcUrl: 'https://sip.example.net:5061/RPC', user: 'noc' });

let ctx: FakeContext | null = null;
afterEach(async () => {
  await ctx?.cleanup();
  ctx = null;
});

async function withPassword(): Promise<FakeContext> {
  ctx = await fakeContext([base]);
  await ctx.secrets.set('edge', 'rpcPassword', 'long-random-password');
  return ctx;
}

describe('Kamailio endpoint changes', () => {
  it('re-pointing the URL asks in main’s dialog; Cancel keeps the stored profile', async () => {
    const c = await withPassword();
    const e = await errorOf(saveProfileConfirmed(c, { ...base, rpcUrl: 'https://attacker.example:5061/RPC' }, false));
    expect(e.message).toMatch(/not confirmed/);
    expect(c.platform.requests).toHaveLength(1);
    expect(c.platform.requests[0]!.changes).toContainEqual({ label: 'JSON-RPC URL', from: 'https://sip.example.net:5061/RPC', to: 'https://attacker.example:5061/RPC' });
    expect(await c.profiles.get('edge')).toMatchObject({ rpcUrl: base.rpcUrl });
  });

  it('the user and the authentication mode are part of the endpoint too', async () => {
    const c = await withPassword();
    await errorOf(saveProfileConfirmed(c, { ...base, user: 'admin' }, false));
    await errorOf(saveProfileConfirmed(c, { ...base, auth: 'none' }, false));
    expect(c.platform.requests.map((r) => r.changes.map((x) => x.label))).toEqual([['User'], ['Authentication']]);
  });

  it('confirming the new URL but not the password keeps the password with the old endpoint', async () => {
    const c = await withPassword();
    c.platform.answers.push(true, false);
    await saveProfileConfirmed(c, { ...base, rpcUrl: 'https://other.example:5061/RPC' }, false);
    expect(c.platform.requests).toHaveLength(2);
    expect((await c.profiles.get('edge')) as unknown).toMatchObject({ rpcUrl: 'https://other.example:5061/RPC' });
    const e = await errorOf(c.secrets.get('edge', 'rpcPassword'));
    expect(e.message).toMatch(/^The stored rpcPassword of profile "edge" was entered for a different host or user .* Enter it again in Settings/);
  });

  it('a renamed profile asks nothing', async () => {
    const c = await withPassword();
    await saveProfileConfirmed(c, { ...base, name: 'Edge (Prague)' }, false);
    expect(c.platform.requests).toHaveLength(0);
    expect(await c.secrets.get('edge', 'rpcPassword')).toBe('long-random-password');
  });
});
