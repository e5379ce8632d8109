/**
 * The ladder as text for a ticket and as rows of the call view: the real sniffer's answered call
 * (fixture), on each display clock, lanes drawn and said in words.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCallDetail } from '../../../src-main/connectors/voipmonitor/call-detail';
import { parseSipLadder } from '../../../src-main/connectors/voipmonitor/sip-ladder';
import { IsoFormatter } from '../../../src-main/connectors/voipmonitor/values';
import { flowGlyph, ladderText, deltaText } from '../../../src-shared/sip-ladder-text';
import { displayZone } from '../../../src-shared/time-format';
import { fromMain, withSipLadder } from '../../../src-renderer/src/lib/call-join';
import type { LiveCall } from '../../../src-main/domain/live-call';

const real = JSON.parse(readFileSync(new URL('../../fixtures/voipmonitor/real-sniffer-2026.04.0-active-call-info.json', import.meta.url), 'utf8')) as Record<string, string>;
const ladder = parseCallDetail('real', 'real:0x1', Buffer.from(real['answered'] ?? ''), new IsoFormatter('Europe/Prague')).sipLadder!;

describe('ladder text for a ticket', () => {
  it('a legend of the lanes, one line per message with time on the display clock, offset, route, line and CSeq', () => {
    const text = ladderText(ladder, { zone: displayZone('utc', 'America/New_York'), title: 'call 1 → 2 on sensor HQ' });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('SIP messages of call 1 → 2 on sensor HQ');
    expect(lines[1]).toMatch(/^First message 2026-12-01 \d\d:\d\d:\d\d \(UTC\)$/);
    expect(lines[2]).toBe('  A = 127.0.0.2:5060 (caller side)');
    expect(lines[3]).toBe('  B = 127.0.0.3:5060');
    const rows = lines.slice(5);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^ {2}1 {2}\d\d:\d\d:\d\d\.\d{3} {2} +\+0\.0 ms {2}A → B {3}●────▶ {2}INVITE sip:5093@127\.0\.0\.3 SIP\/2\.0 {2}\[CSeq 1 INVITE\] \(captured 2×\)$/);
    expect(rows[3]).toContain('B → A');
    expect(rows[3]).toContain('◀────●');
    expect(rows[3]).toContain('SIP/2.0 200 OK  [CSeq 1 INVITE]');
    // The UTC clock and the operator's clock are five hours apart in December.
    const ny = ladderText(ladder, { zone: displayZone('operator', 'America/New_York'), title: 't' });
    const clock = (t: string) => /\d\d:\d\d:\d\d\.\d{3}/.exec(t.split('\n')[5] ?? '')?.[0] ?? '';
    const utcClock = clock(text);
    const nyClock = clock(ny);
    expect(((Number(utcClock.slice(0, 2)) - Number(nyClock.slice(0, 2)) + 24) % 24)).toBe(5);
    expect(utcClock.slice(2)).toBe(nyClock.slice(2));
  });

  it('a sensor without the option: the plain-words reason instead of rows', () => {
    const off = parseSipLadder('active call info is disabled (option active_call_info)', new IsoFormatter('UTC'));
    expect(ladderText(off, { zone: displayZone('utc'), title: 'x' })).toBe('SIP messages of x\nThe sensor does not keep SIP messages for live calls (its option active_call_info is off).\n');
  });

  it('glyphs: both directions, self, and no glyph for more lanes than fit', () => {
    expect(flowGlyph(0, 2, 3)).toBe('●─────────▶');
    expect(flowGlyph(2, 1, 3)).toBe('│    ◀────●');
    expect(flowGlyph(1, 1, 2)).toBe('│    ↻');
    expect(flowGlyph(0, 1, 7)).toBeNull();
    expect(deltaText(5600)).toBe('+5.6 ms');
    expect(deltaText(4_012_300)).toBe('+4,012 ms');
  });
});

describe('the call view\'s ladder of events', () => {
  const call = { key: 'hq:0x1', sensor: 'hq', source: 'voipmonitor', callId: 'c@h', caller: '1', called: '2', start: ladder.messages[0]!.time, state: 'talking' } as LiveCall;
  const base = fromMain({
    callId: 'c@h', searched: { from: '', to: '', profiles: ['hq', 'pbx'] }, live: [{ call, match: 'callid' }], records: [],
    timeline: [
      { time: call.start!, source: 'voipmonitor', profileId: 'hq', kind: 'start', label: 'seen', match: 'callid' },
      { time: new Date(Date.parse(call.start!) + 3000).toISOString(), source: 'ucm', profileId: 'pbx', kind: 'start', label: '1 → 2', match: 'loose' },
    ],
    link: null, linkProblem: null, problems: [],
  });

  it('SIP messages join the other sources\' events in time order', () => {
    const j = withSipLadder(base, call, ladder);
    expect(j.events.map((e) => e.kind)).toEqual(['start', 'sip', 'sip', 'sip', 'sip', 'sip', 'start']);
    expect(j.events[1]?.text).toBe('127.0.0.2:5060 → 127.0.0.3:5060 INVITE sip:5093@127.0.0.3 SIP/2.0 (CSeq 1 INVITE)');
    const t = j.events.map((e) => Date.parse(e.time));
    expect(t).toEqual([...t].sort((a, b) => a - b));
  });

  it('a sensor that keeps no SIP messages adds its reason, not events', () => {
    const j = withSipLadder(base, call, parseSipLadder('active call info is disabled (option active_call_info)', new IsoFormatter('UTC')));
    expect(j.events).toHaveLength(2);
    expect(j.sipNotes).toEqual([{ profileId: 'hq', text: 'The sensor does not keep SIP messages for live calls (its option active_call_info is off).' }]);
  });
});
