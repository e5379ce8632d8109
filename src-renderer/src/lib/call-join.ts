/**
 * The call view's data: what every backend knows about one call, and the events on one time axis.
 *
 * PROVISIONAL: the main-side join service (`calls:view`) is not in the IPC contract yet. The shape it
 * should return is `CallJoin` below; until it exists, `joinLocally` builds the same shape from what
 * the window already holds (live rows, the current CDR result set). Pure, unit-tested in Node.
 */
import type { LiveCall } from '../../../src-main/domain/live-call';
import type { CdrRecord } from '../../../src-main/domain/cdr';

export type TimelineKind = 'start' | 'ringing' | 'answer' | 'transfer' | 'hold' | 'end' | 'note';

export interface TimelineEvent {
  /** ISO 8601 with offset. */
  time: string;
  kind: TimelineKind;
  /** Profile id that reported it. */
  profileId: string;
  source: 'voipmonitor' | 'ucm' | 'wildix' | 'sipvault';
  text: string;
}

export interface SourceFinding {
  profileId: string;
  source: TimelineEvent['source'];
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

const AROUND_MS = 15 * 60_000;

function numberMatches(a: string, n: string): boolean {
  const digits = (s: string) => s.replace(/[^0-9]/g, '');
  const x = digits(a);
  const y = digits(n);
  return !!x && !!y && (x === y || x.endsWith(y) || y.endsWith(x));
}

function near(iso: string | null, at: string | undefined): boolean {
  if (!at) return true;
  if (!iso) return false;
  const a = Date.parse(iso);
  const b = Date.parse(at);
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= AROUND_MS;
}

function matchesLive(c: LiveCall, q: CallLookup): boolean {
  if (q.callId) return c.callId === q.callId;
  if (q.number) return (numberMatches(c.caller, q.number) || numberMatches(c.called, q.number)) && near(c.start, q.at);
  return false;
}

function matchesCdr(r: CdrRecord, q: CallLookup): boolean {
  if (q.callId) return r.callId === q.callId;
  if (q.number) return (numberMatches(r.caller, q.number) || numberMatches(r.callee, q.number)) && near(r.start, q.at);
  return false;
}

/** Timeline events of the sources' records, sorted by time (unparseable times dropped). */
export function timelineOf(live: LiveCall[], cdrs: CdrRecord[]): TimelineEvent[] {
  const ev: TimelineEvent[] = [];
  for (const c of live) {
    if (c.start) ev.push({ time: c.start, kind: 'start', profileId: c.sensor, source: c.source, text: `${c.caller} → ${c.called} seen${c.state ? ` (${c.state})` : ''}` });
  }
  for (const r of cdrs) {
    ev.push({ time: r.start, kind: 'start', profileId: r.profileId, source: r.source, text: `${r.caller} → ${r.callee} started` });
    if (r.answer) ev.push({ time: r.answer, kind: 'answer', profileId: r.profileId, source: r.source, text: 'answered' });
    r.legs.forEach((l, i) => {
      if (i > 0 && l.start) ev.push({ time: l.start, kind: 'transfer', profileId: r.profileId, source: r.source, text: `leg ${i + 1}: ${l.src ?? '?'} → ${l.dst ?? '?'}${l.disposition ? ` (${l.disposition})` : ''}` });
    });
    if (r.end) ev.push({ time: r.end, kind: 'end', profileId: r.profileId, source: r.source, text: `ended: ${r.disposition}` });
  }
  return ev.filter((e) => Number.isFinite(Date.parse(e.time))).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

export function joinLocally(q: CallLookup, live: Iterable<LiveCall>, cdrs: readonly CdrRecord[], searchedProfiles: { id: string; kind: TimelineEvent['source'] }[]): CallJoin {
  const l: LiveCall[] = [];
  for (const c of live) if (matchesLive(c, q)) l.push(c);
  const r = cdrs.filter((x) => matchesCdr(x, q)).slice(0, 200);
  const callId = q.callId ?? l.find((x) => x.callId)?.callId ?? r.find((x) => x.callId)?.callId ?? null;
  const sources: SourceFinding[] = searchedProfiles.map((p) => {
    const found = l.some((x) => x.sensor === p.id) || r.some((x) => x.profileId === p.id);
    return { profileId: p.id, source: p.kind, status: found ? 'found' : 'not-searched' };
  });
  return { callId, sources, live: l, cdrs: r, events: timelineOf(l, r) };
}

/** Positions (0..1) of the events on one axis spanning the first to the last event. */
export function axis(events: TimelineEvent[]): { start: number; end: number; pos(e: TimelineEvent): number } {
  const times = events.map((e) => Date.parse(e.time));
  const start = times.length ? Math.min(...times) : 0;
  const end = times.length ? Math.max(...times) : 0;
  const span = Math.max(1, end - start);
  return { start, end, pos: (e) => (Date.parse(e.time) - start) / span };
}
