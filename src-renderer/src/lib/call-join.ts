/**
 * The call view's data as the panel shows it: what every backend knows about one call (main's
 * `calls:view` join, services/call-view.ts), and the events on one time axis. Pure, unit-tested in Node.
 */
import type { LiveCall } from '../../../src-main/domain/live-call';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import type { ResponseOf } from '../../../src-main/ipc/contract';
import type { SipLadder } from '../../../src-main/domain/sip-ladder';
import { fromParty, toParty } from '../../../src-shared/sip-ladder-text';

export type TimelineKind = 'start' | 'ringing' | 'answer' | 'transfer' | 'hold' | 'end' | 'note' | 'sip';

export interface TimelineEvent {
  /** ISO 8601 with offset. */
  time: string;
  kind: TimelineKind;
  /** Profile id that reported it. */
  profileId: string;
  source: LiveCall['source'];
  text: string;
}

export interface SourceFinding {
  profileId: string;
  status: 'found' | 'not-found' | 'error' | 'not-searched';
  message?: string;
}

export interface CallLookup {
  callId?: string;
  number?: string;
  /** ISO 8601: the call was around this time (±15 min). */
  at?: string;
  profileId?: string;
}

export interface CallJoin {
  callId: string | null;
  sources: SourceFinding[];
  live: LiveCall[];
  cdrs: CdrRecord[];
  events: TimelineEvent[];
  /** Sensors that said why they give no SIP messages (e.g. active_call_info off), in words. */
  sipNotes: Array<{ profileId: string; text: string }>;
}

/** Positions (0..1) of the events on one axis spanning the first to the last event. */
export function axis(events: TimelineEvent[]): { start: number; end: number; pos(e: TimelineEvent): number } {
  const times = events.map((e) => Date.parse(e.time));
  const start = times.length ? Math.min(...times) : 0;
  const end = times.length ? Math.max(...times) : 0;
  const span = Math.max(1, end - start);
  return { start, end, pos: (e) => (Date.parse(e.time) - start) / span };
}

/** Main's answer in the panel's shape. */
export function fromMain(v: ResponseOf<'calls:view'>): CallJoin {
  const live = v.live.map((x) => x.call);
  const cdrs = v.records.map((x) => x.record);
  const found = new Set<string>([...live.map((c) => c.sensor), ...cdrs.map((r) => r.profileId), ...v.timeline.map((e) => e.profileId)]);
  const sources: SourceFinding[] = v.searched.profiles.map((id) => {
    const problem = v.problems.find((p) => p.profileId === id);
    return { profileId: id, status: found.has(id) ? 'found' : problem ? 'error' : 'not-found', ...(problem ? { message: problem.message } : {}) };
  });
  const events = v.timeline.map((e) => ({ time: e.time, kind: e.kind === 'live' ? ('note' as const) : e.kind, profileId: e.profileId, source: e.source, text: e.label }));
  return { callId: v.callId, sources, live, cdrs, events, sipNotes: [] };
}

/** At most this many SIP messages per sensor join the call's ladder of events (the drill-down shows all). */
export const MAX_SIP_EVENTS = 60;

/**
 * The sensor's SIP messages of a live call as events on the same axis as every other source's, in
 * time order (stable: equal times keep main's order first).
 */
export function withSipLadder(join: CallJoin, call: LiveCall, ladder: SipLadder | null): CallJoin {
  if (!ladder) return join;
  if (ladder.state !== 'available') return { ...join, sipNotes: [...join.sipNotes, { profileId: call.sensor, text: ladder.note ?? 'The sensor gave no SIP messages.' }] };
  const sip: TimelineEvent[] = ladder.messages.slice(0, MAX_SIP_EVENTS).map((m) => ({ time: m.time, kind: 'sip', profileId: call.sensor, source: call.source, text: `${fromParty(m)} → ${toParty(m)} ${m.firstLine}${m.cseq ? ` (CSeq ${m.cseq})` : ''}` }));
  const more = ladder.messages.length - sip.length;
  const notes = more > 0 ? [...join.sipNotes, { profileId: call.sensor, text: `${more} more SIP messages are in the call's drill-down (Live calls).` }] : join.sipNotes;
  const events = [...join.events.map((e, i) => ({ e, i, t: Date.parse(e.time) })), ...sip.map((e, i) => ({ e, i: join.events.length + i, t: Date.parse(e.time) }))]
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  return { ...join, events, sipNotes: notes };
}
