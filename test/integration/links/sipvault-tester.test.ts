import { describe, it, expect, afterEach } from 'vitest';
import { testSipvault } from '../../../src-main/connectors/sipvault/tester';
import { sipvaultProfileSchema } from '../../../src-main/profiles/schema';
import { backendOf } from '../../../src-main/backends/registry';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';

describe('SIP VAULT connection tester', () => {
  let ctx: FakeContext | undefined;
  afterEach(() => ctx?.cleanup());

  it('is wired for the sipvault kind and reports readiness and validity without the secret', async () => {
    ctx = await fakeContext([{ id: 'v', name: 'V', kind: 'sipvault', baseUrl: 'https://vault.example.com', customerId: 'acme' }], 1_777_777_777_000);
    expect(backendOf('sipvault').test).toBe(testSipvault);
    const p = sipvaultProfileSchema.parse(await ctx.profiles.get('v'));
    await expect(testSipvault(ctx, p)).rejects.toMatchObject({ code: 'config', message: /hmacSecret/ });
    await ctx.secrets.set('v', 'hmacSecret', 'tester-canary-secret');
    const msg = await testSipvault(ctx, p);
    expect(msg).toContain(`valid until ${new Date(493829 * 3600 * 1000).toISOString()}`);
    expect(msg).toContain('vault.example.com');
    expect(msg).not.toContain('tester-canary-secret');
  });
});
