/**
 * First-contact trust offers: main pins only the identity it showed, only shortly after showing it.
 * The backend testers are replaced by one that meets an unpinned certificate (the real UCM flow is
 * covered end to end in test/e2e/settings-trust.e2e.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { TrustRequiredError } from '../../../src-main/core/trust';
import { fakeContext } from '../../helpers/fake-app-context';

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');

vi.mock('../../../src-main/connectors/ucm/tester', () => ({
  testUcm: async () => {
    throw new TrustRequiredError({ kind: 'tls', fingerprint: FP, subject: 'CN=UCM' }, 'UCM "HQ"');
  },
}));

describe('trust offers', () => {
  it('pins exactly the shown fingerprint, once, and not after the offer expired', async () => {
    const { testConnection, acceptIdentity, TRUST_OFFER_TTL_MS } = await import('../../../src-main/services/connection-test');
    const ctx = await fakeContext([{ id: 'hq', name: 'HQ', kind: 'ucm', baseUrl: 'https://10.9.9.9:8089', user: 'cdrapi' }]);
    const r = await testConnection(ctx, 'hq');
    expect(r).toMatchObject({ ok: false, trust: { fingerprint: FP } });

    await expect(acceptIdentity(ctx, 'hq', 'AA:' + FP.slice(3))).rejects.toMatchObject({ code: 'usage' });
    // The fake operator refuses by default: nothing is pinned, and the offer is spent.
    await expect(acceptIdentity(ctx, 'hq', FP)).rejects.toMatchObject({ code: 'cancelled' });
    expect(ctx.platform.requests.at(-1)?.fingerprints?.[0]?.value).toBe(FP);
    const unpinned = await ctx.profiles.get('hq');
    expect(unpinned.kind === 'ucm' && unpinned.tlsCertSha256).toBeUndefined();
    await expect(acceptIdentity(ctx, 'hq', FP)).rejects.toMatchObject({ code: 'usage' });
    await testConnection(ctx, 'hq');
    ctx.platform.answer = true;
    const p = await acceptIdentity(ctx, 'hq', FP);
    expect(p.kind === 'ucm' && p.tlsCertSha256).toBe(FP);
    // Single use: a second accept needs a new test.
    await expect(acceptIdentity(ctx, 'hq', FP)).rejects.toMatchObject({ code: 'usage' });

    await ctx.profiles.upsert({ id: 'hq', name: 'HQ', kind: 'ucm', baseUrl: 'https://10.9.9.9:8089', user: 'cdrapi' });
    await testConnection(ctx, 'hq');
    ctx.clock.ms += TRUST_OFFER_TTL_MS + 1;
    await expect(acceptIdentity(ctx, 'hq', FP)).rejects.toThrow(/too long ago/);
    const after = await ctx.profiles.get('hq');
    expect(after.kind === 'ucm' && after.tlsCertSha256).toBeUndefined();
    await ctx.cleanup();
  });
});
