import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { createRouter, type Handlers, type Router, type SenderInfo } from '../../../src-main/ipc/router';
import { originateHandlers } from '../../../src-main/ipc/handlers/originate';
import { rig, appContext, type Rig } from '../ucm/helpers';
import type { AppContext } from '../../../src-main/core/context';

const APP: SenderInfo = { url: 'app://callboard/index.html', isMainFrame: true, id: 1 };

describe('originate through the real router and default dialers to the UCM simulator', () => {
  let r: Rig;
  let ctx: AppContext;
  let router: Router;
  const events: Array<{ channel: string; payload: unknown }> = [];
  beforeAll(async () => {
    r = await rig({ profile: { operatorExtension: '1000', dialPolicy: { defaultCountry: 'GB', maxPerMinute: 120, dedupSeconds: 0 } } as never });
    ctx = await appContext(r);
    const handlers = originateHandlers(ctx, { follow: { intervalMs: 25, appearMs: 500, maxMs: 2000 } }) as unknown as Handlers;
    router = createRouter({ handlers, isTrustedUrl: (u) => u.startsWith('app://callboard/'), emit: (_id, channel, payload) => events.push({ channel, payload }) });
  });
  afterAll(async () => {
    await r.sim.stop();
  });

  it('an allowed national number reaches the PBX as dialOutbound from the profile extension', async () => {
    const prep = await router.handle('originate:prepare', APP, { profileId: 'hq', destination: '020 7946 0000' });
    expect(prep.ok).toBe(true);
    const token = prep.ok ? (prep.value as { token: string }).token : '';
    const res = await router.handle('originate:confirm', APP, { token });
    expect(res).toMatchObject({ ok: true, value: { ok: true, code: 0, normalized: '+442079460000' } });
    expect(r.sim.dials).toEqual([{ action: 'dialOutbound', params: expect.objectContaining({ caller: '1000', outbound: '+442079460000' }) }]);
    const recs = await ctx.audit.list({ action: 'originate' });
    expect(recs.map((x) => x.phase)).toEqual(['result', 'attempt']);
    // Call progress follows as events, from the simulator's channel list (ringing, then bridged).
    const attemptId = res.ok ? (res.value as { attemptId: string }).attemptId : '';
    for (let i = 0; i < 40 && !events.some((e) => (e.payload as { state: string }).state === 'answered'); i++) await new Promise((z) => setTimeout(z, 25));
    const states = events.filter((e) => e.channel === 'event:originate:state').map((e) => e.payload as { attemptId: string; state: string });
    expect(states.every((s) => s.attemptId === attemptId)).toBe(true);
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['dialling', 'answered']));
    expect(states[0]?.state).toBe('dialling');
    // Hang up on the PBX: the follower reports the end.
    const bridged = r.sim.channels.bridged.find((b) => b.callerid1 === '1000');
    expect(bridged).toBeDefined();
    r.sim.channels.bridged.splice(r.sim.channels.bridged.indexOf(bridged!), 1);
    for (let i = 0; i < 40 && !events.some((e) => (e.payload as { state: string }).state === 'ended'); i++) await new Promise((z) => setTimeout(z, 25));
    expect(events.map((e) => (e.payload as { state: string }).state)).toContain('ended');
  });

  it('hostile payloads never reach the PBX', async () => {
    const before = r.sim.dials.length;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          profileId: fc.constantFrom('hq', 'HQ', '../hq', ''),
          destination: fc.constantFrom('0906 123 4567', 'Local/1000@from-internal', '+1 876 555 0123', '1000\n', 'SIP/trunk/0044123', '070 1234 5678', '0845 123 4567'),
          channel: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        }),
        async (p) => {
          const payload = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
          const res = await router.handle('originate:prepare', APP, payload);
          expect(res.ok).toBe(false);
        },
      ),
      { numRuns: 60, seed: 42 },
    );
    const bad = await router.handle('originate:confirm', APP, { token: 'f'.repeat(32) });
    expect(bad.ok).toBe(false);
    expect(r.sim.dials.length).toBe(before);
  });
});
