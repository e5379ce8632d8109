/** Hang-up of a UCM live call (`ucm:hangup`), always behind a confirmation dialog. */
import { create } from 'zustand';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { bridge, unwrap, messageOf } from '../api';
import { useNotices } from './notices';

interface HangupState {
  call: LiveCall | null;
  busy: boolean;
  error: string | null;
  ask(call: LiveCall): void;
  confirm(): Promise<void>;
  close(): void;
}

/** Only UCM rows carry a channel main can hang up. */
export const canHangUp = (c: LiveCall): boolean => c.source === 'ucm' && !!c.channel;

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
      await unwrap(bridge().ucm.hangup({ profileId: call.sensor, channel: call.channel }));
      useNotices.getState().info(`Hung up ${call.caller} → ${call.called} on ${call.sensor}.`);
      set({ call: null, busy: false });
    } catch (e) {
      set({ busy: false, error: messageOf(e) });
    }
  },
  close: () => set({ call: null, error: null, busy: false }),
}));
