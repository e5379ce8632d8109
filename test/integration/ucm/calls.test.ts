import { describe, it, expect, afterEach } from 'vitest';
import { appContext, rig, type Rig } from './helpers';
import { createUcmLiveSource } from '../../../src-main/connectors/ucm/live-source';
import { hangupChannel, listExtensions, ucmDial } from '../../../src-main/connectors/ucm/actions';
import { testUcm } from '../../../src-main/connectors/ucm/tester';

let r: Rig | null = null;
afterEach(async () => {
  await r?.connections.closeAll();
  await r?.sim.stop();
  r = null;
});

describe('UCM live calls, hang-up, extensions, dial', () => {
  it('maps bridged and unbridged channels to LiveCall with the GUI display rules', async () => {
    r = await rig();
    const src = createUcmLiveSource({ secrets: r.secrets, now: r.clock.now, connections: r.connections }, r.profile);
    const calls = await src.poll(new AbortController().signal);
    // The seed has one bridged call, one ringing extension channel and one "Ring" leg (skipped).
    expect(calls).toHaveLength(2);
    const bridged = calls.find((c) => c.channel === 'PJSIP/trunk_1-0000026e')!;
    expect(bridged).toMatchObject({ source: 'ucm', sensor: 'hq', caller: '+15551230001', called: '1001', state: 'Up', key: 'hq:PJSIP/trunk_1-0000026e' });
    expect(bridged.durationSec).toBe(80);
    expect(bridged.start).toMatch(/\+02:00$/);
    const ringing = calls.find((c) => c.state === 'Ringing')!;
    // Swapped: the real caller (1002) first, the rung extension (1003) second.
    expect(ringing).toMatchObject({ caller: '1002', called: '1003', callerName: 'Reception', channel: 'PJSIP/1003-00000270' });
  });

  it('hangs up a current channel with audit attempt + result', async () => {
    r = await rig();
    const ctx = await appContext(r);
    expect(await hangupChannel(ctx, 'hq', 'PJSIP/1001-0000026f')).toEqual({ status: 0 });
    expect(r.sim.hangups).toEqual(['PJSIP/1001-0000026f']);
    const audit = await ctx.audit.list({ action: 'hangup' });
    expect(audit.map((a) => [a.phase, a.outcome, a.target])).toEqual([
      ['result', 'ok', 'PJSIP/1001-0000026f'],
      ['attempt', 'pending', 'PJSIP/1001-0000026f'],
    ]);
    expect(audit[0]!.attemptId).toBe(audit[1]!.attemptId);
  });

  it('refuses a channel the UCM does not report, before any audit or Hangup', async () => {
    r = await rig();
    const ctx = await appContext(r);
    await expect(hangupChannel(ctx, 'hq', 'PJSIP/9999-00000001')).rejects.toMatchObject({ code: 'not_found' });
    await expect(hangupChannel(ctx, 'hq', 'PJSIP/1001;rm -rf')).rejects.toMatchObject({ code: 'usage' });
    expect(r.sim.requests.some((q) => q.action === 'Hangup')).toBe(false);
    expect(await ctx.audit.list({})).toEqual([]);
  });

  it('records a failed hang-up result with the PBX code', async () => {
    r = await rig();
    const ctx = await appContext(r);
    r.sim.failNext('Hangup', -16);
    await expect(hangupChannel(ctx, 'hq', 'PJSIP/1001-0000026f')).rejects.toMatchObject({ code: 'not_found', details: { status: -16 } });
    const audit = await ctx.audit.list({ action: 'hangup' });
    expect(audit[0]).toMatchObject({ phase: 'result', outcome: 'failed', pbxCode: -16 });
  });

  it('lists extensions with status', async () => {
    r = await rig();
    const ctx = await appContext(r);
    const ext = await listExtensions(ctx, 'hq');
    expect(ext).toHaveLength(16);
    expect(ext[0]).toMatchObject({ extension: '1000', status: 'Idle', outOfService: false });
    expect(ext[4]).toMatchObject({ status: 'Unavailable', address: null });
  });

  it('ucmDial sends exactly dialExtension{caller,callee} / dialOutbound{caller,outbound}', async () => {
    r = await rig({ dialBridgeDelayMs: null });
    const deps = { secrets: r.secrets, now: r.clock.now, connections: r.connections };
    expect(await ucmDial(deps, r.profile, { caller: '1000', callee: '1005', outbound: false })).toEqual({ status: 0 });
    expect(await ucmDial(deps, r.profile, { caller: '1000', callee: '+15551234567', outbound: true })).toEqual({ status: 0 });
    expect(r.sim.dials).toEqual([
      { action: 'dialExtension', params: { action: 'dialExtension', caller: '1000', callee: '1005' } },
      { action: 'dialOutbound', params: { action: 'dialOutbound', caller: '1000', outbound: '+15551234567' } },
    ]);
    await expect(ucmDial(deps, r.profile, { caller: '4242', callee: '1005', outbound: false })).rejects.toMatchObject({ details: { status: -16 } });
    await expect(ucmDial(deps, r.profile, { caller: '1000', callee: '1005;x', outbound: true })).rejects.toMatchObject({ code: 'usage' });
  });

  it('connection test reports user, firmware and time zone', async () => {
    r = await rig();
    const ctx = await appContext(r);
    expect(await testUcm(ctx, r.profile)).toBe('Logged in to UCM HQ as cdrapi; firmware 1.0.33.30 (UCM6304 V1.0A), time zone UTC+02:00; checked with a fresh login.');
  });
});
