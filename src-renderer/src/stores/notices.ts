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

/** A notice clears itself: results after a few seconds, problems after longer (both can be dismissed). */
export const NOTICE_MS = { info: 8_000, error: 30_000 } as const;

let seq = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
export const useNotices = create<NoticeState>((set, get) => {
  function show(kind: Notice['kind'], text: string): void {
    const id = ++seq;
    set({ current: { id, kind, text } });
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (get().current?.id === id) set({ current: null });
    }, NOTICE_MS[kind]);
  }
  return {
    current: null,
    info: (text) => show('info', text),
    error: (text) => show('error', text),
    dismiss: () => set({ current: null }),
  };
});
