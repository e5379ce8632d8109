import { describe, it, expect } from 'vitest';
import { LiveKpiTracker } from '../../../src-main/services/kpi/live-tracker';
import { DestinationClassifier, trunkResolver } from '../../../src-main/services/kpi/groups';
import { observe, type SourceFacts } from '../../../src-main/services/watch/observations';
import { alertRuleSchema, type AlertRuleInput } from '../../../src-main/domain/alerts';
import { noMediaFields, type LiveCall } from '../../../src-main/domain/live-call';

function call(ref: string, called: string, p: Partial<LiveCall> = {}): LiveCall {
  return { key: `s1:${ref}`, sensor: 's1', source: 'voipmonitor', callId: null, caller: '1001', called, callerName: null, start: null, durationSec: 5, state: 'ringing', channel: ref, extra: {}, ...noMediaFields(), lastSipResponse: 180, ...p };
}
const rule = (p: AlertRuleInput) => alertRuleSchema.parse(p);

function facts(calls: LiveCall[][]): SourceFacts {
  const t = new LiveKpiTracker('s1', { windowMs: 600_000, minSample: 1, graceMs: 1000, trunks: trunkResolver([]), destinations: new DestinationClassifier('CZ') });
  let now = 0;
  for (const c of calls) t.ingest(c, (now += 2000));
  return { profileId: 's1', label: 'S1', tracker: t, lastOkMs: now, sinceMs: 0, state: 'connected', drops: [], registrations: null, homeCountry: 'CZ' };
}

describe('rule observations', () => {
  it('toll fraud: premium-rate and unexpected countries, allowed countries and internal calls are not counted', () => {
    const f = facts([[
      call('a', '+449098790000'), // GB premium rate
      call('b', '+4930123456'), // DE fixed: foreign
      call('c', '+421212345678'), // SK: allowed by the rule
      call('d', '+420224123456'), // CZ: home
      call('e', '2001'), // internal
    ]]);
    const [o] = observe(rule({ id: 'f', name: 'f', kind: 'fraud-destination', threshold: 0, countries: ['SK'] }), f, 2000);
    expect(o!.value).toBe(2);
    expect(o!.callKeys.sort()).toEqual(['s1:a', 's1:b']);
  });

  it('bursts to one number count distinct calls, live and in the window', () => {
    const burst = (n: number, from: number) => Array.from({ length: n }, (_, i) => call(`x${from + i}`, '+4930123456'));
    const f = facts([[], burst(3, 0), [...burst(3, 0).map((c) => ({ ...c, state: 'failed', lastSipResponse: 486 })), ...burst(2, 3)]]);
    const [o] = observe(rule({ id: 'b', name: 'b', kind: 'fraud-burst', threshold: 4, windowSec: 300 }), f, 6000);
    expect(o!.value).toBe(5);
    expect(o!.label).toBe('S1 → +4930123456');
  });

  it('SIP code rate over the attempts with a known final code', () => {
    const f = facts([[], [call('a', '2001'), call('b', '2002'), call('c', '2003'), call('d', '2004')], [
      call('a', '2001', { state: 'failed', lastSipResponse: 503 }),
      call('b', '2002', { state: 'failed', lastSipResponse: 486 }),
      call('c', '2003', { state: 'connected', lastSipResponse: 200 }),
      call('d', '2004', { state: 'failed', lastSipResponse: 604 }),
    ]]);
    const [o] = observe(rule({ id: 'c', name: 'c', kind: 'sip-code-rate', threshold: 10, codes: [503, '6xx'], minSample: 1 }), f, 6000);
    expect(o!.value).toBe(50); // 503 and 604 of 4
    expect(o!.n).toBe(4);
    expect(o!.callKeys.sort()).toEqual(['s1:a', 's1:d']);
  });

  it('source down counts seconds since the last good poll; capture drops per minute', () => {
    const f = facts([[]]);
    const [down] = observe(rule({ id: 'd', name: 'd', kind: 'source-down', threshold: 10 }), { ...f, lastOkMs: 1000 }, 31_000);
    expect(down!.value).toBe(30);
    const [drops] = observe(rule({ id: 'x', name: 'x', kind: 'capture-drops', threshold: 10, windowSec: 600 }), { ...f, drops: [[0, 100], [60_000, 160], [120_000, 400]] }, 120_000);
    expect(drops!.value).toBe(150); // (400 - 100) / 2 min
    const [regs] = observe(rule({ id: 'r', name: 'r', kind: 'registrations-failed', threshold: 0 }), { ...f, registrations: { failed: 3, total: 40, failedUsers: [] } }, 0);
    expect([regs!.value, regs!.n, regs!.enough]).toEqual([3, 40, true]);
  });
});
