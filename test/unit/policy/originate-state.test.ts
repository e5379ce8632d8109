import { describe, it, expect } from 'vitest';
import { followCallState, type StateProbe, type CallState } from '../../../src-main/services/originate-state';
import { ucmStateOf } from '../../../src-main/connectors/ucm/call-state';
import type { AppContext } from '../../../src-main/core/context';
import type { DialableProfile } from '../../../src-main/services/originate';

const req = { operatorExtension: '1000', destination: '+442079460000' };
const profile = { id: 'pbx', kind: 'ucm' } as DialableProfile;
const ctx = {} as AppContext;
const noSleep = async () => undefined;

function scripted(states: Array<'ringing' | 'answered' | null | 'throw'>): StateProbe {
  let i = 0;
  return async () => {
    const s = states[Math.min(i++, states.length - 1)];
    if (s === 'throw') throw new Error('boom');
    return s ?? null;
  };
}

describe('call state following', () => {
  it('maps UCM channels: ringing operator leg, bridged call, unrelated calls', () => {
    const ringing = { bridged: [], unbridged: [{ channel: 'PJSIP/1000-0001', callernum: '1000', connectednum: '+442079460000' }] };
    expect(ucmStateOf(ringing as never, req)).toBe('ringing');
    const answered = { bridged: [{ channel1: 'PJSIP/1000-0001', channel2: 'PJSIP/trunk_1-02', callerid1: '1000', callerid2: '02079460000' }], unbridged: [] };
    expect(ucmStateOf(answered as never, req)).toBe('answered');
    const other = { bridged: [{ channel1: 'PJSIP/2000-0001', channel2: 'PJSIP/trunk_1-02', callerid1: '2000', callerid2: '02079460000' }], unbridged: [] };
    expect(ucmStateOf(other as never, req)).toBeNull();
  });

  it('emits dialling, ringing, answered, ended in order', async () => {
    const seen: CallState[] = [];
    const last = await followCallState(ctx, profile, req, scripted([null, 'ringing', 'ringing', 'answered', null]), (s) => seen.push(s), { sleep: noSleep });
    expect(seen).toEqual(['dialling', 'ringing', 'answered', 'ended']);
    expect(last).toBe('ended');
  });

  it('gives up as unknown when the call never shows, or a poll fails; loops are bounded', async () => {
    const a: CallState[] = [];
    let polls = 0;
    const never: StateProbe = async () => {
      polls++;
      return null;
    };
    expect(await followCallState(ctx, profile, req, never, (s) => a.push(s), { sleep: noSleep, intervalMs: 10, appearMs: 50, maxMs: 1000 })).toBe('unknown');
    expect(polls).toBe(5);
    const b: CallState[] = [];
    expect(await followCallState(ctx, profile, req, scripted(['ringing', 'throw']), (s) => b.push(s), { sleep: noSleep })).toBe('unknown');
    expect(b).toEqual(['dialling', 'ringing', 'unknown']);
    let n = 0;
    const forever: StateProbe = async () => {
      n++;
      return 'answered';
    };
    expect(await followCallState(ctx, profile, req, forever, () => undefined, { sleep: noSleep, intervalMs: 100, maxMs: 1000 })).toBe('answered');
    expect(n).toBe(10);
  });
});
