import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { createRouter, type Handlers, type Router, type SenderInfo } from '../../../src-main/ipc/router';
import { originateHandlers } from '../../../src-main/ipc/handlers/originate';
import { evaluateDialPolicy } from '../../../src-main/policy/dial-policy';
import { dialPolicySchema } from '../../../src-main/profiles/schema';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { recordingDialer, type RecordingDialer } from '../../helpers/recording-dialer';

const APP: SenderInfo = { url: 'app://callboard/index.html', isMainFrame: true, id: 1 };
const POLICY = dialPolicySchema.parse({ defaultCountry: 'GB', maxPerMinute: 120 });

/** Keys a compromised renderer might try to smuggle in to choose the channel, context or caller. */
const SMUGGLED = ['channel', 'context', 'caller', 'callerId', 'operatorExtension', 'extension', 'outbound', 'trunk', 'variables', '__proto__', 'constructor'];
const hostile = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom('Local/100@from-internal', 'SIP/trunk/0900123456', '100\n200', '0906 123 4567', '+881612345678', '0044 20 7946 0000', '1234;user=phone', '1234&x', '070 1234 5678'),
  fc.stringMatching(/^[0-9+ ()./@;&A-Za-z-]{0,30}$/),
);
const anyValue = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })));

describe('originate IPC fuzz (real router, real handlers, recording dialer)', () => {
  let ctx: FakeContext;
  let dialer: RecordingDialer;
  let router: Router;
  beforeAll(async () => {
    ctx = await fakeContext([
      {
        id: 'pbx',
        name: 'PBX',
        kind: 'ucm',
        baseUrl: 'https://pbx.example.com:8089',
        user: 'cdrapi',
        operatorExtension: '1001',
        dialPolicy: { defaultCountry: 'GB', maxPerMinute: 120 },
      },
    ]);
    dialer = recordingDialer(ctx.audit.file);
    const handlers = originateHandlers(ctx, { dialers: { ucm: dialer.dial }, probe: null }) as unknown as Handlers;
    router = createRouter({ handlers, isTrustedUrl: (u) => u.startsWith('app://callboard/'), emit: () => undefined });
  });
  afterAll(() => ctx.cleanup());

  it('random prepare payloads: refused, or allowed only when the policy allows the destination; no PBX call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ profileId: fc.oneof(fc.constant('pbx'), fc.string({ maxLength: 10 }), anyValue), destination: fc.oneof(hostile, anyValue) }, { requiredKeys: [] }),
        fc.option(fc.dictionary(fc.constantFrom(...SMUGGLED), anyValue, { minKeys: 1, maxKeys: 3 }), { nil: undefined }),
        async (base, extra) => {
          const payload: Record<string, unknown> = { ...base, ...(extra ?? {}) };
          const res = await router.handle('originate:prepare', APP, payload);
          if (res.ok) {
            // Only a clean {profileId, destination} the policy itself allows gets a token.
            expect(extra).toBeUndefined();
            expect(payload.profileId).toBe('pbx');
            expect(evaluateDialPolicy(POLICY, payload.destination).allowed).toBe(true);
            const v = res.value as Record<string, unknown>;
            expect(v.operatorExtension).toBe('1001');
            expect(Object.keys(v).sort()).toEqual(['cls', 'country', 'expiresAt', 'needsConfirm', 'normalized', 'operatorExtension', 'profileId', 'token']);
          } else {
            expect(['usage', 'policy', 'not_found']).toContain(res.error.code);
          }
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
    expect(dialer.calls).toHaveLength(0);
  });

  it('random confirm payloads never reach the PBX', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ token: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string({ maxLength: 40 }), anyValue) }),
          fc.record({ token: fc.stringMatching(/^[0-9a-f]{32}$/), destination: hostile, channel: fc.string({ maxLength: 20 }) }),
          anyValue,
        ),
        async (payload) => {
          const res = await router.handle('originate:confirm', APP, payload);
          expect(res.ok).toBe(false);
          if (!res.ok) expect(['usage']).toContain(res.error.code);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
    expect(dialer.calls).toHaveLength(0);
  });

  it('from an untrusted frame nothing runs, even with a valid token', async () => {
    const prep = await router.handle('originate:prepare', APP, { profileId: 'pbx', destination: '020 7946 0000' });
    expect(prep.ok).toBe(true);
    const token = prep.ok ? (prep.value as { token: string }).token : '';
    for (const s of [
      { ...APP, url: 'https://evil.example.com/' },
      { ...APP, isMainFrame: false },
    ]) {
      const res = await router.handle('originate:confirm', s, { token });
      expect(res).toMatchObject({ ok: false, error: { code: 'policy' } });
    }
    expect(dialer.calls).toHaveLength(0);
    // The token still works from the app window, and the dialled number is the prepared one.
    const ok = await router.handle('originate:confirm', APP, { token });
    expect(ok.ok).toBe(true);
    expect(dialer.calls.map((c) => [c.operatorExtension, c.destination])).toEqual([['1001', '+442079460000']]);
  });
});
