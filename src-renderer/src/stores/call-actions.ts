/**
 * A hook the originate dialog plugs into the live and CDR tables without those tables knowing it
 * (`dialNumber`). Until it is registered the dial buttons stay visible but say so. (Links, tickets and
 * hang-up are row actions: lib/row-actions.ts.)
 */
import { create } from 'zustand';

export type DialNumberHook = (number: string, profileId: string) => void;

interface CallActionsState {
  dialNumber: DialNumberHook | null;
  setDialNumber(hook: DialNumberHook | null): void;
}

export const useCallActions = create<CallActionsState>((set) => ({
  dialNumber: null,
  setDialNumber: (hook) => set({ dialNumber: hook }),
}));

/** What the tables call: routes to the registered hook (onDialNumber(number, profileId)). */
export function onDialNumber(number: string, profileId: string): boolean {
  const hook = useCallActions.getState().dialNumber;
  if (!hook) return false;
  hook(number, profileId);
  return true;
}
