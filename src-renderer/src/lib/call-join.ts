/**
 * The call view's data as the panel shows it: what every backend knows about one call (main's
 * `calls:view` join, services/call-view.ts), and the events on one time axis. Pure, unit-tested in Node.
 */
import type { LiveCall } from '../../../src-main/domain/live-call';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import type { ResponseOf } from '../../../src-main/ipc/contract';

export type TimelineKind = 'start' | 'ringing' | 'answer' | 'transfer' | 'hold' | 'end' | 'note';

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
  return { callId: v.callId, sources, live, cdrs, events };
}
