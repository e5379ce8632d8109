import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdir, rm, stat } from 'node:fs/promises';
import { CallboardError } from '../../../src-main/core/errors';
import { createOriginateService, type OriginateService } from '../../../src-main/services/originate';
import type { ProfileInput } from '../../../src-main/profiles/schema';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { recordingDialer, type RecordingDialer } from '../../helpers/recording-dialer';

const ucm = (over: Record<string, unknown> = {}): ProfileInput =>
  ({
    id: 'pbx',
    name: 'PBX',
    kind: 'ucm',
    baseUrl: 'https://pbx.example.com:8089',
    user: 'cdrapi',
    operatorExtension: '1001',
    dialPolicy: { defaultCountry: 'CZ', maxPerMinute: 3, dedupSeconds: 10 },
    ...over,
  }) as ProfileInput;

describe('originate service', () => {
  let ctx: FakeContext;
  let dialer: RecordingDialer;
  let svc: OriginateService;
  beforeEach(async () => {
    ctx = await fakeContext([ucm(), { id: 'vault', name: 'V', kind: 'sipvault', baseUrl: 'https://v.example.com', customerId: 'c' }]);
    dialer = recordingDialer(ctx.audit.file);
    svc = createOriginateService(ctx, { dialers: { ucm: dialer.dial }, dialTimeoutMs: 200 });
  });
  afterEach(() => ctx.cleanup());

  it('prepare → confirm dials from the profile extension; attempt is on disk before the PBX call, result after', async () => {
    const p = await svc.prepare({ profileId: 'pbx', destination: '224 123 456' });
    expect(p).toMatchObject({ normalized: '+420224123456', cls: 'national', operatorExtension: '1001', needsConfirm: true });
    expect(p.token).toMatch(/^[0-9a-f]{32}$/);
    const r = await svc.confirm(p.token);
    expect(r).toMatchObject({ ok: true, code: 0, normalized: '+420224123456', deduplicated: false });
    expect(dialer.calls).toHaveLength(1);
    const call = dialer.calls[0];
    expect(call).toMatchObject({ operatorExtension: '1001', destination: '+420224123456', cls: 'national', profileId: 'pbx' });
    // The dialer read the file: the attempt was fsync'd before it ran, the result was not there yet.
    expect(call?.auditOnDisk.map((x) => x.phase)).toEqual(['attempt']);
    expect(call?.auditOnDisk[0]).toMatchObject({ attemptId: r.attemptId, outcome: 'pending', target: '+420224123456', osUser: 'alice' });
    const recs = await ctx.audit.list({ action: 'originate' });
    expect(recs.map((x) => x.phase)).toEqual(['result', 'attempt']);
    expect(recs[0]).toMatchObject({ attemptId: r.attemptId, outcome: 'ok', pbxCode: 0 });
  });

  it('refusals are audited and thrown as policy errors; nothing is dialled', async () => {
    for (const dest of ['900 123 456', '+44 20 7946 0000', 'Local/100@from-internal', '811 123 456']) {
      const e = await svc.prepare({ profileId: 'pbx', destination: dest }).catch((x: unknown) => x);
      expect(e, dest).toBeInstanceOf(CallboardError);
      expect((e as CallboardError).code).toBe('policy');
    }
    const refused = await ctx.audit.list({ action: 'originate' });
    expect(refused).toHaveLength(4);
    expect(refused.every((x) => x.phase === 'refused' && x.decision === 'refused' && !!x.reason)).toBe(true);
    expect(refused.map((x) => x.target)).toContain('"Local/100@from-internal"');
    expect(dialer.calls).toHaveLength(0);
  });

  it('double click: the same token twice, and a second prepare of the same number, dial once', async () => {
    const p = await svc.prepare({ profileId: 'pbx', destination: '602123456' });
    const [a, b] = await Promise.all([svc.confirm(p.token), svc.confirm(p.token)]);
    expect(a.attemptId).toBe(b.attemptId);
    expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
    const q = await svc.prepare({ profileId: 'pbx', destination: '+420 602 123 456' });
    const c = await svc.confirm(q.token);
    expect(c).toMatchObject({ attemptId: a.attemptId, deduplicated: true });
    expect(dialer.calls).toHaveLength(1);
    ctx.clock.ms += 11_000; // after the de-dup window it is a new call
    const d = await svc.confirm((await svc.prepare({ profileId: 'pbx', destination: '602123456' })).token);
    expect(d.deduplicated).toBe(false);
    expect(dialer.calls).toHaveLength(2);
  });

  it('rate limit: a sliding minute per operator and profile, surviving a restart of the service', async () => {
    for (const n of ['224123451', '224123452', '224123453']) await svc.confirm((await svc.prepare({ profileId: 'pbx', destination: n })).token);
    await expect(svc.prepare({ profileId: 'pbx', destination: '224123454' })).rejects.toMatchObject({ code: 'policy', message: /Rate limit/ });
    const fresh = createOriginateService(ctx, { dialers: { ucm: dialer.dial } });
    await expect(fresh.prepare({ profileId: 'pbx', destination: '224123454' })).rejects.toThrow(/Rate limit/);
    ctx.clock.ms += 61_000;
    const r = await fresh.confirm((await fresh.prepare({ profileId: 'pbx', destination: '224123454' })).token);
    expect(r.ok).toBe(true);
    expect(dialer.calls).toHaveLength(4);
    expect((await ctx.audit.list({ action: 'originate' })).filter((x) => x.reason?.startsWith('Rate limit'))).toHaveLength(2);
  });

  it('a throwing or hanging PBX call leaves the attempt record, then a failed result', async () => {
    dialer.behaviour = 'throw';
    const p = await svc.prepare({ profileId: 'pbx', destination: '224123456' });
    await expect(svc.confirm(p.token)).rejects.toMatchObject({ code: 'internal' });
    dialer.behaviour = 'hang';
    const q = await svc.prepare({ profileId: 'pbx', destination: '224123457' });
    await expect(svc.confirm(q.token)).rejects.toMatchObject({ code: 'timeout' });
    const recs = (await ctx.audit.list({ action: 'originate' })).reverse();
    expect(recs.map((x) => `${x.phase}:${x.outcome}`)).toEqual(['attempt:pending', 'result:failed', 'attempt:pending', 'result:failed']);
    expect(recs[0]?.attemptId).toBe(recs[1]?.attemptId);
    expect(recs[1]?.reason).not.toContain('socket hang up');
  });

  it('a placed call stays placed when its result cannot be written: the operator is told, not asked to dial again', async () => {
    // After the PBX has taken the call, the audit file becomes unwritable for real (a directory where the file was).
    const placing = dialer.dial;
    const svc2 = createOriginateService(ctx, {
      dialers: {
        ucm: async (c, profile, req) => {
          const reply = await placing(c, profile, req);
          await rm(ctx.audit.file, { force: true });
          await mkdir(ctx.audit.file);
          return reply;
        },
      },
      dialTimeoutMs: 2000,
    });
    const p = await svc2.prepare({ profileId: 'pbx', destination: '224 123 456' });
    const r = await svc2.confirm(p.token);
    expect(r).toMatchObject({ ok: true, code: 0, normalized: '+420224123456' });
    expect(r.message).toBe('Dialling. The call is placed; its result could not be written to the audit log (details are in the log), only its attempt is recorded.');
    expect(dialer.calls).toHaveLength(1);
    // The attempt was on disk before the PBX was called.
    expect(dialer.calls[0]?.auditOnDisk.map((x) => [x.phase, x.attemptId])).toEqual([['attempt', r.attemptId]]);
    expect((await stat(ctx.audit.file)).isDirectory()).toBe(true);
  });

  it('a PBX refusal is returned with its code and audited as failed', async () => {
    dialer.behaviour = 'fail';
    const r = await svc.confirm((await svc.prepare({ profileId: 'pbx', destination: '224123456' })).token);
    expect(r).toMatchObject({ ok: false, code: -25 });
    expect((await ctx.audit.list({ action: 'originate' }))[0]).toMatchObject({ phase: 'result', outcome: 'failed', pbxCode: -25 });
  });

  it('tokens are single-purpose: cancel, expiry, unknown, malformed', async () => {
    const p = await svc.prepare({ profileId: 'pbx', destination: '224123456' });
    expect(svc.cancel(p.token)).toBe(true);
    await expect(svc.confirm(p.token)).rejects.toMatchObject({ code: 'usage' });
    const q = await svc.prepare({ profileId: 'pbx', destination: '224123456' });
    ctx.clock.ms += 61_000;
    await expect(svc.confirm(q.token)).rejects.toThrow(/expired/);
    await expect(svc.confirm('0'.repeat(32))).rejects.toMatchObject({ code: 'usage' });
    await expect(svc.confirm('../../etc')).rejects.toMatchObject({ code: 'usage' });
    expect(dialer.calls).toHaveLength(0);
  });

  it('a policy tightened between prepare and confirm is applied at confirm', async () => {
    const p = await svc.prepare({ profileId: 'pbx', destination: '602123456' });
    await ctx.profiles.upsert(ucm({ dialPolicy: { defaultCountry: 'CZ', allowMobile: false } }));
    await expect(svc.confirm(p.token)).rejects.toMatchObject({ code: 'policy' });
    expect(dialer.calls).toHaveLength(0);
  });

  it('configuration errors: no extension, not a PBX profile, no dialer for the kind', async () => {
    await ctx.profiles.upsert(ucm({ operatorExtension: undefined }));
    await expect(svc.prepare({ profileId: 'pbx', destination: '1234' })).rejects.toMatchObject({ code: 'config', message: /extension/ });
    await expect(svc.prepare({ profileId: 'vault', destination: '1234' })).rejects.toMatchObject({ code: 'unsupported' });
    await ctx.profiles.upsert({ id: 'wx', name: 'W', kind: 'wildix', baseUrl: 'https://w.example.com', operatorExtension: '200' });
    await expect(svc.prepare({ profileId: 'wx', destination: '1234' })).rejects.toMatchObject({ code: 'unsupported' });
    await expect(svc.prepare({ profileId: 'nope', destination: '1234' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('skipConfirmForInternal affects internal extensions only', async () => {
    await ctx.profiles.upsert(ucm({ dialPolicy: { defaultCountry: 'CZ', skipConfirmForInternal: true } }));
    expect((await svc.prepare({ profileId: 'pbx', destination: '1234' })).needsConfirm).toBe(false);
    expect((await svc.prepare({ profileId: 'pbx', destination: '224123456' })).needsConfirm).toBe(true);
  });
});
