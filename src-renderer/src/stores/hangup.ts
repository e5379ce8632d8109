/** Hang-up of a live call (`calls:hangup`, backends with the hang-up capability), always behind a confirmation dialog. */
import { create } from 'zustand';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { bridge, unwrap, messageOf } from '../api';
import { useNotices } from './notices';
import { profileCan } from './profiles';

interface HangupState {
  call: LiveCall | null;
  busy: boolean;
  error: string | null;
  ask(call: LiveCall): void;
  confirm(): Promise<void>;
  close(): void;
}

/** Rows whose backend can hang up and that carry the backend's call handle (`channel`). */
export const canHangUp = (c: LiveCall): boolean => !!c.channel && profileCan(c.sensor, 'hangup');

export const useHangup = create<HangupState>((set, get) => ({
  call: null,
  busy: false,
  error: null,
  ask: (call) => set({ call, error: null, busy: false }),
  async confirm() {
    const { call } = get();
    if (!call?.channel) return;
    set({ busy: true, error: null });
    try {
      await unwrap(bridge().calls.hangup({ profileId: call.sensor, handle: call.channel }));
      useNotices.getState().info(`Hung up ${call.caller} → ${call.called} on ${call.sensor}.`);
      set({ call: null, busy: false });
    } catch (e) {
      set({ busy: false, error: messageOf(e) });
    }
  },
  close: () => set({ call: null, error: null, busy: false }),
}));
