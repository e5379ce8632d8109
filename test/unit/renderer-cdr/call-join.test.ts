import { describe, it, expect } from 'vitest';
import { joinLocally, timelineOf, axis } from '../../../src-renderer/src/lib/call-join';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { makeCdrs } from './fixtures';

const cdr = (over: Partial<CdrRecord>): CdrRecord => ({ ...makeCdrs(1)[0]!, ...over });

describe('call view join (window-local fallback)', () => {
  it('joins live rows and CDRs by Call-ID and orders the timeline across sources', () => {
    const r = cdr({
      id: 'x1', profileId: 'ucm1', callId: 'abc@h', start: '2024-06-01T10:00:00+02:00', answer: '2024-06-01T10:00:05+02:00', end: '2024-06-01T10:03:00+02:00',
      legs: [
        { channel: 'PJSIP/1', dstchannel: null, src: '1001', dst: '200', start: '2024-06-01T10:00:00+02:00', billsec: 30, disposition: 'ANSWERED' },
        { channel: 'PJSIP/2', dstchannel: null, src: '200', dst: '1002', start: '2024-06-01T10:01:00+02:00', billsec: 100, disposition: 'ANSWERED' },
      ],
    });
    const live = { key: 's:1', sensor: 'sensor1', source: 'voipmonitor', callId: 'abc@h', caller: '1001', called: '200', start: '2024-06-01T07:59:59Z', state: 'talking' } as LiveCall;
    const other = { ...live, key: 's:2', callId: 'zzz' } as LiveCall;
    const j = joinLocally({ callId: 'abc@h' }, [live, other], [r, cdr({ id: 'x2', callId: 'no' })], [{ id: 'ucm1', kind: 'ucm' }, { id: 'sensor1', kind: 'voipmonitor' }, { id: 'w', kind: 'wildix' }]);
    expect(j.live).toEqual([live]);
    expect(j.cdrs.map((x) => x.id)).toEqual(['x1']);
    expect(j.sources.map((s) => s.status)).toEqual(['found', 'found', 'not-searched']);
    expect(j.events.map((e) => e.kind)).toEqual(['start', 'start', 'answer', 'transfer', 'end']);
    expect(j.events[0]!.profileId).toBe('sensor1'); // 07:59:59Z is a second before 10:00+02:00
    const a = axis(j.events);
    expect(a.pos(j.events[0]!)).toBe(0);
    expect(a.pos(j.events.at(-1)!)).toBe(1);
  });

  it('finds a call by number around a time', () => {
    const r1 = cdr({ id: 'a', caller: '+420 602 123 456', start: '2024-06-01T10:00:00Z' });
    const r2 = cdr({ id: 'b', caller: '602123456', start: '2024-06-01T14:00:00Z' });
    const j = joinLocally({ number: '602123456', at: '2024-06-01T10:10:00Z' }, [], [r1, r2], []);
    expect(j.cdrs.map((x) => x.id)).toEqual(['a']);
    expect(timelineOf([], [cdr({ start: 'garbage' })])).toEqual([]);
  });
});
