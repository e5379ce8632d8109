/** Light/dark theme: follows the OS (prefers-color-scheme) unless the operator picked one; remembered. */
import { create } from 'zustand';
import { loadJson, saveJson } from '../lib/persist';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'callboard.theme';
const isChoice = (v: unknown): v is ThemeChoice => v === 'system' || v === 'light' || v === 'dark';

interface ThemeState {
  choice: ThemeChoice;
  cycle(): void;
  set(choice: ThemeChoice): void;
}

function apply(choice: ThemeChoice): void {
  // 'system' removes the attribute so the CSS media query decides.
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export const useTheme = create<ThemeState>((set, get) => {
  const initial = loadJson<ThemeChoice>(KEY, 'system', isChoice);
  apply(initial);
  return {
    choice: initial,
    set(choice) {
      apply(choice);
      saveJson(KEY, choice);
      set({ choice });
    },
    cycle() {
      const order: ThemeChoice[] = ['system', 'light', 'dark'];
      get().set(order[(order.indexOf(get().choice) + 1) % order.length] ?? 'system');
    },
  };
});
