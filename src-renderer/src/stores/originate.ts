/**
 * Click-to-call, renderer side: the dialog's state machine. The page sends only {profileId,
 * destination} to prepare, then only the token to confirm; main decides everything else.
 *
 *   input ─prepare→ preparing ─→ prepared ─confirm→ (international: confirm2 ─confirm→) dialing ─→ result
 *                         └─→ refused (policy reason, plain words)
 */
import { create } from 'zustand';
import type { ResponseOf } from '../../../src-main/ipc/contract';
import { bridge, unwrap, messageOf, ApiError } from '../api';

export type Prepared = ResponseOf<'originate:prepare'>;
export type Confirmed = ResponseOf<'originate:confirm'>;
export type OriginatePhase = 'closed' | 'input' | 'preparing' | 'prepared' | 'confirm2' | 'dialing' | 'result' | 'refused';

interface OriginateState {
  phase: OriginatePhase;
  profileId: string;
  destination: string;
  prepared: Prepared | null;
  result: Confirmed | null;
  error: string | null;
  /** The call's state after the PBX accepted it, when main reports it (`originate:state`). */
  callState: string | null;
  /** Opens the dialog; with a number it asks main at once, without one the operator types it. */
  open(destination: string, profileId: string): void;
  setInput(patch: { destination?: string; profileId?: string }): void;
  prepare(): Promise<void>;
  confirm(): Promise<void>;
  close(): void;
}

let stateListener: (() => void) | null = null;
/** Follows `originate:state` for the dialog's attempt; silently absent in builds without the event. */
function listenForState(): void {
  if (stateListener) return;
  try {
    const events = bridge().events as unknown as { on(e: string, cb: (p: unknown) => void): () => void };
    stateListener = events.on('originate:state', (p) => {
      const ev = p as { attemptId?: unknown; state?: unknown };
      const s = useOriginate.getState();
      if (s.result && ev.attemptId === s.result.attemptId && typeof ev.state === 'string') useOriginate.setState({ callState: ev.state });
    });
  } catch {
    stateListener = () => undefined;
  }
}

export const useOriginate = create<OriginateState>((set, get) => ({
  phase: 'closed',
  profileId: '',
  destination: '',
  prepared: null,
  result: null,
  error: null,
  callState: null,

  open(destination, profileId) {
    listenForState();
    set({ phase: 'input', destination, profileId, prepared: null, result: null, error: null, callState: null });
    if (destination.trim() && profileId) void get().prepare();
  },

  setInput(patch) {
    // A changed number or PBX invalidates the prepared token.
    const { prepared } = get();
    if (prepared) void bridge().originate.cancel({ token: prepared.token }).catch(() => undefined);
    set({ ...patch, phase: 'input', prepared: null, error: null });
  },

  async prepare() {
    const { profileId, destination } = get();
    if (!profileId) return set({ error: 'Choose the PBX that places the call.' });
    if (!destination.trim()) return set({ error: 'Enter the number to call.' });
    set({ phase: 'preparing', error: null, prepared: null });
    try {
      const prepared = await unwrap(bridge().originate.prepare({ profileId, destination }));
      if (get().phase !== 'preparing') {
        // Closed while waiting: the token must not stay usable.
        void bridge().originate.cancel({ token: prepared.token }).catch(() => undefined);
        return;
      }
      set({ phase: 'prepared', prepared });
    } catch (e) {
      if (get().phase !== 'preparing') return;
      set({ phase: e instanceof ApiError && e.code === 'policy' ? 'refused' : 'input', error: messageOf(e) });
    }
  },

  async confirm() {
    const { phase, prepared } = get();
    if (!prepared || (phase !== 'prepared' && phase !== 'confirm2')) return;
    // International numbers need a second, explicit confirmation.
    if (phase === 'prepared' && prepared.cls === 'international') return set({ phase: 'confirm2' });
    set({ phase: 'dialing', error: null });
    try {
      const result = await unwrap(bridge().originate.confirm({ token: prepared.token }));
      set({ phase: 'result', result });
    } catch (e) {
      set({ phase: e instanceof ApiError && e.code === 'policy' ? 'refused' : 'result', error: messageOf(e), result: null });
    }
  },

  close() {
    const { prepared, phase } = get();
    if (prepared && (phase === 'prepared' || phase === 'confirm2')) void bridge().originate.cancel({ token: prepared.token }).catch(() => undefined);
    set({ phase: 'closed', prepared: null, result: null, error: null });
  },
}));

export const CLASS_WORDS: Record<Prepared['cls'], string> = {
  internal: 'internal extension',
  national: 'national number',
  mobile: 'mobile number',
  international: 'INTERNATIONAL number',
  'premium-rate': 'premium-rate number',
  'shared-cost': 'shared-cost number',
  'toll-free': 'toll-free number',
  unknown: 'number of unknown type',
};
