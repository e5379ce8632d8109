/**
 * The call view's lookup: main's join service (`calls:view`) asks every configured backend in parallel
 * and answers with one view; this store puts it in the panel's shape.
 */
import { create } from 'zustand';
import { bridge, unwrap, messageOf } from '../api';
import { fromMain, withSipLadder, type CallJoin, type CallLookup } from '../lib/call-join';

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
      .then(async (v) => {
        let join = fromMain(v);
        // A live call's SIP messages (VoIPmonitor active_call_info) join the ladder of events; a sensor
        // that keeps none says why. A failure here only leaves the SIP rows out.
        for (const call of join.live.slice(0, 3)) {
          try {
            const d = await unwrap(bridge().live.callDetail({ key: call.key, sensor: call.sensor }));
            join = withSipLadder(join, call, d.sipLadder);
          } catch (e) {
            join = { ...join, sipNotes: [...join.sipNotes, { profileId: call.sensor, text: `SIP messages unavailable: ${messageOf(e)}` }] };
          }
        }
        if (get().lookupFor === q) set({ loading: false, join });
      })
      .catch((e: unknown) => get().lookupFor === q && set({ loading: false, join: null, error: messageOf(e) }));
  },
}));
