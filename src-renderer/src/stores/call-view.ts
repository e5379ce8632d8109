/**
 * The call view's lookup. Asks main's join service (`calls:view`) when this build has it; otherwise
 * (or when it fails) joins what the window already holds (see lib/call-join.ts) and says so.
 */
import { create } from 'zustand';
import type { Envelope } from '../../../src-main/ipc/contract';
import { bridge, unwrap, messageOf } from '../api';
import { joinLocally, type CallJoin, type CallLookup, type SourceFinding } from '../lib/call-join';
import { useLive } from './live';
import { useCdr } from './cdr';
import { useProfiles } from './profiles';

interface CallViewState {
  lookupFor: CallLookup | null;
  loading: boolean;
  join: CallJoin | null;
  /** true when the join came from the window only (no main-side service). */
  localOnly: boolean;
  error: string | null;
  lookup(q: CallLookup): void;
}

type LooseFn = (req: unknown) => Promise<Envelope<unknown>>;

/** Mirror of main's callViewSchema (services/call-view.ts), which the page cannot import. */
interface MainCallView {
  callId: string | null;
  searched: { from: string; to: string; profiles: string[] };
  live: { call: CallJoin['live'][number]; match: string }[];
  records: { record: CallJoin['cdrs'][number]; match: string }[];
  timeline: { time: string; source: 'voipmonitor' | 'ucm' | 'wildix'; profileId: string; kind: 'start' | 'answer' | 'transfer' | 'end' | 'live'; label: string; match: string }[];
  problems: { profileId: string; message: string }[];
}

/** Main's answer in the panel's shape. */
export function fromMain(v: MainCallView): CallJoin {
  const live = v.live.map((x) => x.call);
  const cdrs = v.records.map((x) => x.record);
  const kindOf = new Map<string, SourceFinding['source']>();
  for (const c of live) kindOf.set(c.sensor, c.source);
  for (const r of cdrs) kindOf.set(r.profileId, r.source);
  for (const e of v.timeline) kindOf.set(e.profileId, e.source);
  const sources: SourceFinding[] = v.searched.profiles.map((id) => {
    const problem = v.problems.find((p) => p.profileId === id);
    const found = kindOf.has(id);
    return { profileId: id, source: kindOf.get(id) ?? 'ucm', status: found ? 'found' : problem ? 'error' : 'not-found', ...(problem ? { message: problem.message } : {}) };
  });
  const events = v.timeline.map((e) => ({ time: e.time, kind: e.kind === 'live' ? ('note' as const) : e.kind, profileId: e.profileId, source: e.source, text: e.label }));
  return { callId: v.callId, sources, live, cdrs, events };
}

/** What main's calls:view accepts: a number is digits, "+", "*", "#" only. */
function mainQuery(q: CallLookup): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.callId) out.callId = q.callId;
  if (q.number) out.number = q.number.replace(/[^0-9+*#]/g, '');
  if (q.at) out.at = q.at;
  return out;
}

/** The provisional channel, looked up loosely so this compiles before the contract has it. */
function callsView(): LooseFn | undefined {
  const api = bridge() as unknown as Record<string, Record<string, LooseFn | undefined> | undefined>;
  return api.calls?.view;
}

export const useCallView = create<CallViewState>((set, get) => ({
  lookupFor: null,
  loading: false,
  join: null,
  localOnly: false,
  error: null,

  lookup(q) {
    set({ lookupFor: q, loading: true, error: null });
    const fn = callsView();
    const local = () => {
      const profiles = useProfiles.getState().profiles.map((p) => p.profile).filter((p) => p.kind !== 'sipvault');
      return joinLocally(q, useLive.getState().rows.values(), useCdr.getState().result.records, profiles.map((p) => ({ id: p.id, kind: p.kind })));
    };
    if (!fn) {
      set({ loading: false, join: local(), localOnly: true });
      return;
    }
    unwrap(fn(mainQuery(q)))
      .then((v) => get().lookupFor === q && set({ loading: false, join: fromMain(v as MainCallView), localOnly: false }))
      .catch((e: unknown) => get().lookupFor === q && set({ loading: false, join: local(), localOnly: true, error: messageOf(e) }));
  },
}));
