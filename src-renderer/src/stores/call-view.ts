/**
 * The call view's lookup. Asks main's join service (`calls:view`) when this build has it; otherwise
 * joins what the window already holds (see lib/call-join.ts) and says so.
 */
import { create } from 'zustand';
import type { Envelope } from '../../../src-main/ipc/contract';
import { bridge, unwrap, messageOf } from '../api';
import { joinLocally, type CallJoin, type CallLookup } from '../lib/call-join';
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
    unwrap(fn(q))
      .then((join) => get().lookupFor === q && set({ loading: false, join: join as CallJoin, localOnly: false }))
      .catch((e: unknown) => get().lookupFor === q && set({ loading: false, join: local(), localOnly: true, error: messageOf(e) }));
  },
}));
