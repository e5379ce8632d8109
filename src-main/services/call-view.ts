/**
 * One call view: everything every configured backend knows about one call, joined.
 *
 * - Backends with `findLiveCalls` (VoIPmonitor): the live record (if the call is still up), by Call-ID or number.
 * - Backends with `cdrSearch` (UCM, Wildix, VoIPmonitor sensors with a CDR database): CDR records in a
 *   time window; a source that filters by Call-ID itself (a sensor database) is asked for that exact
 *   Call-ID, over a week when no time is known; the others are matched by Call-ID where the backend records it, else
 *   by caller / callee and start time within the window — marked as a looser match, because two calls
 *   between the same numbers a few minutes apart would match too.
 * - SIP VAULT: the signed link for the Call-ID.
 * A timeline puts start, answer, transfers (further legs) and end from all sources on one axis.
 *
 * Each backend is asked in parallel with its own bound; one failing backend becomes a line in
 * `problems` and never hides what the others found.
 */
import type { z } from 'zod';
import { CallboardError } from '../core/errors';
import type { LiveCall } from '../domain/live-call';
import type { CdrRecord } from '../domain/cdr';
import { callViewQuerySchema, type CallView, type CallViewQuery, type TimelineEvent } from '../domain/call-view';
import type { Profile } from '../profiles/schema';
import { capabilityOf, hasCapability } from '../backends/registry';
import { cdrSourceFor } from './cdr-search';
import { previewLink } from './links';
import type { AppContext } from '../core/context';

export { callViewQuerySchema, callViewSchema, timelineEventSchema, type CallViewQuery, type CallView, type TimelineEvent } from '../domain/call-view';

/** Bound per backend: the view must come back even if one PBX is slow. */
const BACKEND_TIMEOUT_MS = 20_000;
const MAX_RECORDS_PER_BACKEND = 5000;
/** How far back a source that filters by Call-ID is searched when the call's time is unknown. */
const CALLID_LOOKBACK_MS = 7 * 86_400_000;

function digits(s: string | null | undefined): string {
  return (s ?? '').replace(/[^0-9]/g, '');
}

/** Same number if the digits agree on the last 8 (national vs E.164 forms of one number). */
export function sameNumber(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = digits(a);
  const y = digits(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const n = Math.min(8, x.length, y.length);
  return n >= 6 && x.slice(-n) === y.slice(-n);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string, controller: AbortController): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => {
      controller.abort();
      reject(new CallboardError('timeout', `${what} did not answer within ${Math.round(ms / 1000)} s.`));
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

function message(e: unknown): string {
  return e instanceof CallboardError ? e.message : 'unexpected error (see the log)';
}

interface Anchor {
  /** Epoch ms of the call start we match around. */
  at: number;
  numbers: string[];
}

async function findLive(ctx: AppContext, p: Profile, q: z.output<typeof callViewQuerySchema>, signal: AbortSignal): Promise<{ call: LiveCall; match: 'callid' | 'number' }[]> {
  const find = capabilityOf(p, 'findLiveCalls');
  if (!find) return [];
  const calls = await find(ctx, p, q.callId ? { callId: q.callId } : { number: q.number ?? '' }, signal);
  const match = q.callId ? ('callid' as const) : ('number' as const);
  return calls.map((call) => ({ call, match }));
}

function matchRecord(r: CdrRecord, q: z.output<typeof callViewQuerySchema>, anchor: Anchor | null, windowMs: number): 'callid' | 'number' | 'loose' | null {
  if (q.callId && r.callId) return r.callId === q.callId ? 'callid' : null;
  if (!anchor) return null;
  const start = Date.parse(r.start);
  if (Number.isNaN(start) || Math.abs(start - anchor.at) > windowMs) return null;
  const hit = anchor.numbers.some((n) => sameNumber(n, r.caller) || sameNumber(n, r.callee) || r.legs.some((l) => sameNumber(n, l.src) || sameNumber(n, l.dst)));
  if (!hit) return null;
  // A number the operator typed is a firmer key than numbers borrowed from a live record.
  return q.number && !q.callId ? 'number' : 'loose';
}

function timelineFor(view: Pick<CallView, 'live' | 'records'>): TimelineEvent[] {
  const ev: TimelineEvent[] = [];
  for (const { call, match } of view.live) {
    if (call.start) ev.push({ time: call.start, source: call.source, profileId: call.sensor, kind: 'start', label: `${call.caller} → ${call.called} seen by the sensor`, match });
    ev.push({
      time: new Date().toISOString(),
      source: call.source,
      profileId: call.sensor,
      kind: 'live',
      label: `still up${call.lastSipResponse ? ` (last SIP ${call.lastSipResponse})` : ''}${call.mosCaller !== null ? `, MOS ${call.mosCaller}/${call.mosCalled ?? '–'}` : ''}`,
      match,
    });
  }
  for (const { record: r, match } of view.records) {
    ev.push({ time: r.start, source: r.source, profileId: r.profileId, kind: 'start', label: `${r.caller} → ${r.callee}`, match });
    if (r.answer) ev.push({ time: r.answer, source: r.source, profileId: r.profileId, kind: 'answer', label: 'answered', match });
    r.legs.slice(1).forEach((l) => {
      if (l.start) ev.push({ time: l.start, source: r.source, profileId: r.profileId, kind: 'transfer', label: `leg ${l.src ?? '?'} → ${l.dst ?? '?'}${l.disposition ? ` (${l.disposition})` : ''}`, match });
    });
    if (r.end) ev.push({ time: r.end, source: r.source, profileId: r.profileId, kind: 'end', label: `ended: ${r.disposition}, ${r.billsec} s talk`, match });
  }
  return ev.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

export async function buildCallView(ctx: AppContext, input: CallViewQuery): Promise<CallView> {
  const parsed = callViewQuerySchema.safeParse(input);
  if (!parsed.success) throw new CallboardError('usage', parsed.error.issues.map((i) => i.message).join('; '));
  const q = parsed.data;
  const windowMs = q.windowSec * 1000;
  const all = await ctx.profiles.list();
  const wanted = (p: Profile) => !q.profileIds || q.profileIds.includes(p.id);
  const sensors = all.filter((p) => hasCapability(p, 'findLiveCalls') && wanted(p));
  const pbxs = all.filter((p) => hasCapability(p, 'cdrSearch') && wanted(p));
  const problems: CallView['problems'] = [];

  // 1. Live records first: a live call gives the anchor (start, numbers) for the CDR match.
  const live: CallView['live'] = [];
  await Promise.all(
    sensors.map(async (p) => {
      const ac = new AbortController();
      try {
        live.push(...(await withTimeout(findLive(ctx, p, q, ac.signal), BACKEND_TIMEOUT_MS, `Sensor ${p.id}`, ac)));
      } catch (e) {
        problems.push({ profileId: p.id, message: message(e) });
      }
    }),
  );

  let anchor: Anchor | null = null;
  const atMs = q.at ? Date.parse(q.at) : NaN;
  if (q.at && Number.isNaN(atMs)) throw new CallboardError('usage', `"${q.at}" is not a date and time (use ISO 8601, e.g. 2026-11-22T14:05).`);
  const first = live[0]?.call;
  if (!Number.isNaN(atMs)) anchor = { at: atMs, numbers: q.number ? [q.number] : first ? [first.caller, first.called] : [] };
  else if (first?.start) anchor = { at: Date.parse(first.start), numbers: q.number ? [q.number] : [first.caller, first.called] };
  else if (q.number) anchor = { at: ctx.now(), numbers: [q.number] };

  // Without a time the window reaches back a day: wide, but bounded by MAX_RECORDS_PER_BACKEND.
  const center = anchor?.at ?? ctx.now();
  const from = new Date(anchor && (q.at || first?.start) ? center - windowMs : ctx.now() - 86_400_000);
  const to = new Date(Math.min(ctx.now(), center + windowMs));
  if (anchor && !q.at && !first?.start) anchor = { ...anchor, at: center };

  // 2. CDRs from every PBX, in parallel.
  const records: CallView['records'] = [];
  await Promise.all(
    pbxs.map(async (p) => {
      const ac = new AbortController();
      try {
        const { source } = await cdrSourceFor(ctx, p.id);
        const found: CdrRecord[] = [];
        const exact = q.callId && source.extraFilters?.includes('callId') ? { callId: q.callId, ...(q.at || first?.start ? {} : { from: new Date(ctx.now() - CALLID_LOOKBACK_MS).toISOString() }) } : {};
        const query = { profileId: p.id, from: from.toISOString(), to: to.toISOString(), limit: MAX_RECORDS_PER_BACKEND, ...exact };
        await withTimeout(source.search(query, { signal: ac.signal, onPage: (pg) => found.push(...pg.records) }), BACKEND_TIMEOUT_MS, `Call records of ${p.id}`, ac);
        const matchWindow = anchor && !q.at && !first?.start ? 86_400_000 : windowMs;
        for (const r of found) {
          const m = matchRecord(r, q, anchor, matchWindow);
          if (m) records.push({ record: r, match: m });
        }
      } catch (e) {
        problems.push({ profileId: p.id, message: message(e) });
      }
    }),
  );
  records.sort((a, b) => Date.parse(a.record.start) - Date.parse(b.record.start));

  // 3. The SIP VAULT link, when there is a Call-ID to sign.
  const callId = q.callId ?? first?.callId ?? null;
  let link: CallView['link'] = null;
  let linkProblem: string | null = null;
  if (callId) {
    try {
      const src = live[0]?.call.sensor ?? records[0]?.record.profileId;
      const l = await previewLink(ctx, src ? { callId, sourceProfileId: src } : { callId });
      link = { url: l.url, validUntil: l.validUntil, vaultProfileId: l.vaultProfileId };
    } catch (e) {
      linkProblem = message(e);
    }
  } else linkProblem = 'No Call-ID is known for this call, so no SIP VAULT link can be signed.';

  const view = { live, records };
  return {
    callId,
    searched: { from: from.toISOString(), to: to.toISOString(), profiles: [...new Set([...sensors, ...pbxs].map((p) => p.id))] },
    live,
    records,
    timeline: timelineFor(view),
    link,
    linkProblem,
    problems: problems.sort((a, b) => a.profileId.localeCompare(b.profileId)),
  };
}
