/** Short operator-facing messages for the status bar (results of actions, problems). */
import { create } from 'zustand';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

interface NoticeState {
  current: Notice | null;
  info(text: string): void;
  error(text: string): void;
  dismiss(): void;
}

let seq = 0;
export const useNotices = create<NoticeState>((set) => ({
  current: null,
  info: (text) => set({ current: { id: ++seq, kind: 'info', text } }),
  error: (text) => set({ current: { id: ++seq, kind: 'error', text } }),
  dismiss: () => set({ current: null }),
}));
