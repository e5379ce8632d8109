/**
 * The call view's lookup: main's join service (`calls:view`) asks every configured backend in parallel
 * and answers with one view; this store puts it in the panel's shape.
 */
import { create } from 'zustand';
import { bridge, unwrap, messageOf } from '../api';
import { fromMain, type CallJoin, type CallLookup } from '../lib/call-join';

interface CallViewState {
  lookupFor: CallLookup | null;
  loading: boolean;
  join: CallJoin | null;
  error: string | null;
  lookup(q: CallLookup): void;
}

/** What main's calls:view accepts: a number is digits, "+", "*", "#" only. */
function mainQuery(q: CallLookup): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.callId) out.callId = q.callId;
  if (q.number) out.number = q.number.replace(/[^0-9+*#]/g, '');
  if (q.at) out.at = q.at;
  return out;
}

export const useCallView = create<CallViewState>((set, get) => ({
  lookupFor: null,
  loading: false,
  join: null,
  error: null,

  lookup(q) {
    set({ lookupFor: q, loading: true, error: null });
    unwrap(bridge().calls.view(mainQuery(q)))
      .then((v) => get().lookupFor === q && set({ loading: false, join: fromMain(v) }))
      .catch((e: unknown) => get().lookupFor === q && set({ loading: false, join: null, error: messageOf(e) }));
  },
}));
