/** The poller answers call-detail lookups from its diff state: the latest object, gone once the call ended. */
import { describe, expect, it } from 'vitest';
import { Poller } from '../../../src-main/services/live/poller';
import type { LiveCall, LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';

function call(ref: string, state: string): LiveCall {
  return { key: `s1:${ref}`, sensor: 's1', callId: `${ref}@host`, caller: '100', called: '200', state } as unknown as LiveCall;
}

describe('Poller.callByKey', () => {
  it('returns the object of the last poll and forgets ended calls', async () => {
    const polls: LiveCall[][] = [
      [call('a', 'ringing'), call('b', 'ringing')],
      [call('a', 'connected'), call('c', 'ringing')],
    ];
    let n = 0;
    const diffs: LiveDiff[] = [];
    const statuses: SourceStatus[] = [];
    const p = new Poller({
      source: { profileId: 's1', poll: async () => polls[Math.min(n++, polls.length - 1)]!, close: async () => undefined },
      sensor: 's1',
      intervalMs: 20,
      onDiff: (d) => diffs.push(d),
      onStatus: (s) => statuses.push(s),
    });
    p.start();
    for (let i = 0; i < 200 && diffs.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    await p.stop();
    expect(diffs).toHaveLength(2);
    expect(p.callByKey('s1:a')?.state).toBe('connected');
    expect(p.callByKey('s1:a')).toBe(diffs[1]!.changed[0]);
    expect(p.callByKey('s1:c')?.state).toBe('ringing');
    expect(p.callByKey('s1:b')).toBeUndefined();
    expect(p.callByKey('s1:zzz')).toBeUndefined();
  });
});
