/**
 * The CDR search form and quick filter, kept for the window's lifetime: leaving the view and coming
 * back shows the same form next to the same results (the results live in stores/cdr.ts).
 */
import { create } from 'zustand';
import type { CdrForm } from '../lib/cdr-query';

interface CdrFormState {
  /** null until the view first opens (it then restores the remembered search or the defaults). */
  form: CdrForm | null;
  quick: string;
  setForm(form: CdrForm): void;
  setQuick(q: string): void;
}

export const useCdrForm = create<CdrFormState>((set) => ({
  form: null,
  quick: '',
  setForm(form) {
    set({ form });
  },
  setQuick(quick) {
    set({ quick });
  },
}));
