/**
 * Hooks other features plug into the live and CDR tables without those tables knowing them:
 * the originate dialog implements `dialNumber`, the SIP VAULT link feature implements `copyLink`.
 * Until they are registered the buttons stay visible but say so.
 */
import { create } from 'zustand';
import type { LiveCall } from '../../../src-main/domain/live-call';

export type DialNumberHook = (number: string, profileId: string) => void;
export type CopyLinkHook = (call: LiveCall) => void;

interface CallActionsState {
  dialNumber: DialNumberHook | null;
  copyLink: CopyLinkHook | null;
  setDialNumber(hook: DialNumberHook | null): void;
  setCopyLink(hook: CopyLinkHook | null): void;
}

export const useCallActions = create<CallActionsState>((set) => ({
  dialNumber: null,
  copyLink: null,
  setDialNumber: (hook) => set({ dialNumber: hook }),
  setCopyLink: (hook) => set({ copyLink: hook }),
}));

/** What the tables call: routes to the registered hook (onDialNumber(number, profileId)). */
export function onDialNumber(number: string, profileId: string): boolean {
  const hook = useCallActions.getState().dialNumber;
  if (!hook) return false;
  hook(number, profileId);
  return true;
}
