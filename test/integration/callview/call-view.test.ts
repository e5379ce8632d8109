/**
 * The one call view joins a live VoIPmonitor call with the UCM's CDR of the same call (caller, callee
 * and start within the window: a "loose" match, since UCM records no SIP Call-ID) and signs the SIP
 * VAULT link — against the real simulators on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { CDR_FIELDS, naive } from '../../sims/ucm/seed';
import { makeSimCert, startUcmSim, type UcmSim } from '../../sims/ucm/sim';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { buildCallView, sameNumber } from '../../../src-main/services/call-view';
import { callCommand } from '../../../src-main/cli/commands/call';
import type { CliIO } from '../../../src-main/cli/types';

const TZ_MIN = 120; // the UCM's clock is UTC+2
let vm: VoipmonitorSim;
let ucm: UcmSim;
let ctx: FakeContext;
let target: { callId: string; caller: string; called: string; start: number };

function cdr(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(CDR_FIELDS.map((f) => [f, fields[f] ?? '']));
}

beforeAll(async () => {
  vm = await startVoipmonitorSim({ scenario: { count: 12, seed: 5 } });
  const first = [...vm.scenario.calls.values()][0];
  if (!first) throw new Error('scenario has no calls');
  target = { callId: first.callId, caller: first.caller, called: first.called, start: first.start };
  const nowMs = (vm.scenario.now + 60) * 1000;
  const local = (sec: number) => naive(sec + TZ_MIN * 60);
  ucm = await startUcmSim({
    now: () => nowMs,
    tzOffsetMinutes: TZ_MIN,
    cert: await makeSimCert(),
    cdrs: [
      // The same call as seen by the PBX: 3 s after the sensor saw the INVITE.
      cdr({ AcctId: '9001', src: target.caller, dst: target.called, start: local(target.start + 3), answer: local(target.start + 8), end: local(target.start + 50), duration: '47', billsec: '42', disposition: 'ANSWERED', uniqueid: '1795.1', channel: 'PJSIP/trunk-1', dstchannel: `PJSIP/${target.called}-2`, caller_name: 'Sensor Caller' }),
      // Same numbers, two hours earlier: outside the window, must not match.
      cdr({ AcctId: '9002', src: target.caller, dst: target.called, start: local(target.start - 7200), answer: '', end: local(target.start - 7190), duration: '10', billsec: '0', disposition: 'NO ANSWER', uniqueid: '1795.0' }),
      // Other numbers at the same time: must not match.
      cdr({ AcctId: '9003', src: '5550001', dst: '5550002', start: local(target.start), answer: '', end: local(target.start + 5), duration: '5', billsec: '0', disposition: 'BUSY', uniqueid: '1795.2' }),
    ],
  });
  ctx = await fakeContext(
    [
      { id: 'sensor', name: 'Sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: vm.port }, timeoutMs: 3000, sipvaultProfileId: 'vault' },
      { id: 'pbx', name: 'PBX', kind: 'ucm', baseUrl: ucm.url, user: 'cdrapi', tlsCertSha256: ucm.fingerprint, timeoutMs: 5000 },
      { id: 'vault', name: 'Vault', kind: 'sipvault', baseUrl: 'https://vault.example.com', customerId: 'acme' },
    ],
    nowMs,
  );
  await ctx.secrets.set('pbx', 'password', 'cdrapi123');
  await ctx.secrets.set('vault', 'hmacSecret', 'vault-secret-xyz');
});

afterAll(async () => {
  await ctx.connections.closeAll();
  await Promise.all([vm.stop(), ucm.stop()]);
  await ctx.cleanup();
});

describe('call view', () => {
  it('joins the live sensor record and the UCM CDR by numbers and time, and signs the link', async () => {
    const v = await buildCallView(ctx, { callId: target.callId });
    expect(v.problems).toEqual([]);
    expect(v.callId).toBe(target.callId);
    expect(v.live).toHaveLength(1);
    expect(v.live[0]).toMatchObject({ match: 'callid', call: { callId: target.callId, sensor: 'sensor' } });
    expect(v.records.map((r) => [r.record.id.includes('9001') || r.record.caller === target.caller, r.match])).toEqual([[true, 'loose']]);
    expect(v.records[0]?.record.billsec).toBe(42);
    // One time axis: sensor start, then PBX start, answer, end.
    const kinds = v.timeline.map((t) => `${t.source}:${t.kind}`);
    expect(kinds.slice(0, 4)).toEqual(['voipmonitor:start', 'ucm:start', 'ucm:answer', 'ucm:end']);
    const times = v.timeline.map((t) => Date.parse(t.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(Date.parse(v.timeline[1]?.time ?? '') - Date.parse(v.timeline[0]?.time ?? '')).toBe(3000);
    // The link is signed for the exact Call-ID.
    expect(v.link?.url).toContain(`callid=${encodeURIComponent(target.callId).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`);
    expect(v.link?.vaultProfileId).toBe('vault');
  });

  it('finds the same call from a number and a time, without a Call-ID', async () => {
    const v = await buildCallView(ctx, { number: target.called, at: new Date((target.start + 10) * 1000).toISOString(), windowSec: 120 });
    expect(v.records.map((r) => r.match)).toEqual(['number']);
    expect(v.live.some((l) => l.call.callId === target.callId)).toBe(true);
  });

  it('reports an unreachable backend as a problem and still returns the rest', async () => {
    await ctx.profiles.upsert({ id: 'gone', name: 'Gone', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: 1 }, timeoutMs: 1000 });
    const v = await buildCallView(ctx, { callId: target.callId });
    expect(v.problems.map((p) => p.profileId)).toEqual(['gone']);
    expect(v.live).toHaveLength(1);
    await ctx.profiles.remove('gone');
  });

  it('refuses a query with neither Call-ID nor number', async () => {
    await expect(buildCallView(ctx, {})).rejects.toMatchObject({ code: 'usage' });
  });

  it('the CLI prints the joined view', async () => {
    let out = '';
    const io: CliIO = { stdout: (t) => void (out += t), stderr: () => {}, readStdin: async () => '', confirm: async () => false, isTTY: false };
    expect(await callCommand.run([target.callId], io, ctx)).toBe(0);
    expect(out).toMatch(/Live now:/);
    expect(out).toMatch(/Call records:/);
    expect(out).toMatch(/SIP VAULT: https:\/\//);
  });

  it('the CLI with --sip: a sensor without active_call_info says so; with it, the ladder as the drill-down copies it', async () => {
    let out = '';
    const io: CliIO = { stdout: (t) => void (out += t), stderr: () => {}, readStdin: async () => '', confirm: async () => false, isTTY: false };
    expect(await callCommand.run([target.callId, '--sip'], io, ctx)).toBe(0);
    expect(out).toContain('The sensor does not keep SIP messages for live calls (its option active_call_info is off).');
    vm.activeCallInfo = true;
    try {
      out = '';
      expect(await callCommand.run([target.callId, '--sip'], io, ctx)).toBe(0);
      expect(out).toContain(`SIP messages of call ${target.caller} → ${target.called} (Call-ID ${target.callId}) on sensor Sensor`);
      expect(out).toMatch(/INVITE sip:\S+ SIP\/2\.0 {2}\[CSeq 1 INVITE\]/);
      out = '';
      expect(await callCommand.run([target.callId, '--sip', '--json'], io, ctx)).toBe(0);
      const j = JSON.parse(out) as { sip: Array<{ sensor: string; ladder: { state: string; messages: unknown[] } | null }> };
      expect(j.sip[0]).toMatchObject({ sensor: 'sensor', ladder: { state: 'available' } });
      expect(j.sip[0]?.ladder?.messages.length).toBeGreaterThan(0);
    } finally {
      vm.activeCallInfo = false;
    }
  });

  it('compares numbers across national and E.164 forms', () => {
    expect(sameNumber('+420 601 234 567', '601234567')).toBe(true);
    expect(sameNumber('1001', '1001')).toBe(true);
    expect(sameNumber('1001', '2001')).toBe(false);
    expect(sameNumber('', '1')).toBe(false);
  });
});
