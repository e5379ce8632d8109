/** Which view is shown; remembered so the app reopens where the operator left it. */
import { create } from 'zustand';
import { loadJson, saveJson } from '../lib/persist';

const KEY = 'callboard.view';

interface NavState {
  view: string;
  go(view: string): void;
}

export const useNav = create<NavState>((set) => ({
  view: loadJson<string>(KEY, 'live', (v): v is string => typeof v === 'string' && v.length < 40),
  go(view) {
    saveJson(KEY, view);
    set({ view });
  },
}));
