import { describe, it, expect, afterEach } from 'vitest';
import { connectionKey, onSecretsChanged, secretsGeneration } from '../../../src-main/secrets/generation';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';

describe('secrets generation through a wrapping store', () => {
  let ctx: FakeContext | undefined;
  afterEach(async () => ctx?.cleanup());

  it('a secret set through the endpoint-bound store is seen by keys and listeners taken on it', async () => {
    ctx = await fakeContext([{ id: 's1', name: 'S1', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: 5029 } }]);
    const profile = await ctx.profiles.get('s1');
    const before = connectionKey(ctx.secrets, profile);
    const seen: string[] = [];
    const off = onSecretsChanged(ctx.secrets, (id) => seen.push(id));
    await ctx.secrets.set('s1', 'aesKey', 'MDEyMzQ1Njc4OWFiY2RlZg==');
    off();
    expect(seen).toEqual(['s1']);
    expect(secretsGeneration(ctx.secrets, 's1')).toBe(secretsGeneration(ctx.secrets.inner, 's1'));
    expect(secretsGeneration(ctx.secrets, 's1')).toBeGreaterThan(0);
    expect(connectionKey(ctx.secrets, profile)).not.toBe(before);
  });
});
