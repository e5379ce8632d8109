/** A request from elsewhere (the first-run screen) for Settings to open the "new profile" form of a kind. */
import { create } from 'zustand';
import type { ProfileKind } from '../../../src-main/profiles/schema';

interface SettingsIntent {
  newKind: ProfileKind | null;
  request(kind: ProfileKind): void;
  take(): ProfileKind | null;
}

export const useSettingsIntent = create<SettingsIntent>((set, get) => ({
  newKind: null,
  request: (kind) => set({ newKind: kind }),
  take() {
    const k = get().newKind;
    if (k) set({ newKind: null });
    return k;
  },
}));
