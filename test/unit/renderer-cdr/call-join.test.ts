import { describe, it, expect } from 'vitest';
import { axis, fromMain } from '../../../src-renderer/src/lib/call-join';
import type { CallView } from '../../../src-main/domain/call-view';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { makeCdrs } from './fixtures';

const cdr = (over: Partial<CdrRecord>): CdrRecord => ({ ...makeCdrs(1)[0]!, ...over });

describe('call view panel from main\'s join (calls:view)', () => {
  it('marks each searched source found / not found / error and keeps main\'s timeline order on one axis', () => {
    const r = cdr({ id: 'x1', profileId: 'ucm1', callId: 'abc@h', start: '2024-06-01T10:00:00+02:00', end: '2024-06-01T10:03:00+02:00' });
    const live = { key: 's:1', sensor: 'sensor1', source: 'voipmonitor', callId: 'abc@h', caller: '1001', called: '200', start: '2024-06-01T07:59:59Z', state: 'talking' } as LiveCall;
    const view: CallView = {
      callId: 'abc@h',
      searched: { from: '2024-06-01T07:00:00Z', to: '2024-06-01T09:00:00Z', profiles: ['sensor1', 'ucm1', 'w', 'down'] },
      live: [{ call: live, match: 'callid' }],
      records: [{ record: r, match: 'callid' }],
      timeline: [
        { time: '2024-06-01T07:59:59Z', source: 'voipmonitor', profileId: 'sensor1', kind: 'start', label: '1001 → 200 seen by the sensor', match: 'callid' },
        { time: '2024-06-01T10:00:00+02:00', source: 'ucm', profileId: 'ucm1', kind: 'start', label: '1001 → 200', match: 'callid' },
        { time: '2024-06-01T08:01:00Z', source: 'voipmonitor', profileId: 'sensor1', kind: 'live', label: 'still up', match: 'callid' },
        { time: '2024-06-01T10:03:00+02:00', source: 'ucm', profileId: 'ucm1', kind: 'end', label: 'ended: ANSWERED, 30 s talk', match: 'callid' },
      ],
      link: null,
      linkProblem: null,
      problems: [{ profileId: 'down', message: 'PBX down did not answer within 20 s.' }],
    };
    const j = fromMain(view);
    expect(j.live).toEqual([live]);
    expect(j.cdrs.map((x) => x.id)).toEqual(['x1']);
    expect(j.sources.map((s) => s.status)).toEqual(['found', 'found', 'not-found', 'error']);
    expect(j.sources[3]?.message).toMatch(/did not answer/);
    expect(j.events.map((e) => e.kind)).toEqual(['start', 'start', 'note', 'end']);
    expect(j.events[0]!.profileId).toBe('sensor1'); // 07:59:59Z is a second before 10:00+02:00
    const a = axis(j.events);
    expect(a.pos(j.events[0]!)).toBe(0);
    expect(a.pos(j.events.at(-1)!)).toBe(1);
  });
});
