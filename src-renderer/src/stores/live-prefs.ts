/** Live table preferences remembered between runs: visible columns and sort. */
import { create } from 'zustand';
import { loadJson, saveJson, isStringArray } from '../lib/persist';
import type { SortSpec } from '../lib/live-rows';

const COLS_KEY = 'callboard.live.columns';
const SORT_KEY = 'callboard.live.sort';
const isSort = (v: unknown): v is SortSpec | null =>
  v === null || (typeof v === 'object' && v !== null && typeof (v as SortSpec).column === 'string' && typeof (v as SortSpec).desc === 'boolean');

interface PrefsState {
  columns: string[] | null;
  sort: SortSpec | null;
  setColumns(ids: string[]): void;
  toggleSort(column: string): void;
}

export const useLivePrefs = create<PrefsState>((set, get) => ({
  columns: loadJson<string[] | null>(COLS_KEY, null, (v): v is string[] | null => v === null || isStringArray(v)),
  sort: loadJson<SortSpec | null>(SORT_KEY, { column: 'duration', desc: true }, isSort),
  setColumns(ids) {
    saveJson(COLS_KEY, ids);
    set({ columns: ids });
  },
  toggleSort(column) {
    const cur = get().sort;
    // asc → desc → off
    const next: SortSpec | null = cur?.column !== column ? { column, desc: false } : !cur.desc ? { column, desc: true } : null;
    saveJson(SORT_KEY, next);
    set({ sort: next });
  },
}));
