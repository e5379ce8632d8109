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

const systemDark = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

/** The stylesheet has one palette per data-theme value; 'system' resolves to the OS preference. */
function apply(choice: ThemeChoice): void {
  const resolved = choice === 'system' ? (systemDark?.matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = resolved;
}

export const useTheme = create<ThemeState>((set, get) => {
  const initial = loadJson<ThemeChoice>(KEY, 'system', isChoice);
  apply(initial);
  // Follow the OS switching between light and dark while 'system' is chosen.
  systemDark?.addEventListener('change', () => {
    if (get().choice === 'system') apply('system');
  });
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
