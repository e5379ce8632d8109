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
        // The sensors are asked at once; their answers join in the calls' order.
        const calls = join.live.slice(0, 3);
        const details = await Promise.allSettled(calls.map((call) => unwrap(bridge().live.callDetail({ key: call.key, sensor: call.sensor }))));
        details.forEach((d, i) => {
          const call = calls[i];
          if (!call) return;
          join = d.status === 'fulfilled'
            ? withSipLadder(join, call, d.value.sipLadder)
            : { ...join, sipNotes: [...join.sipNotes, { profileId: call.sensor, text: `SIP messages unavailable: ${messageOf(d.reason)}` }] };
        });
        if (get().lookupFor === q) set({ loading: false, join });
      })
      .catch((e: unknown) => get().lookupFor === q && set({ loading: false, join: null, error: messageOf(e) }));
  },
}));
