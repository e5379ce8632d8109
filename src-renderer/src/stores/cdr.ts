/**
 * The running / last CDR search: job id, progress and the growing result set. Pages arrive as
 * `cdr:page` events; pages of other (older, cancelled) jobs are ignored. Components subscribe to
 * `version`, bumped once per page, so 100 pages cost 100 cheap renders of the visible rows.
 */
import { create } from 'zustand';
import type { CdrQuery } from '../../../src-shared/cdr-query-schema';
import type { FieldErrors } from '../../../src-main/core/errors';
import type { EventPayload } from '../../../src-main/ipc/contract';
import { bridge, unwrap, messageOf, ApiError } from '../api';
import { CdrResultSet, CDR_SORT_COLUMNS } from '../lib/cdr-table';

type PageEvent = EventPayload<'cdr:page'>;

export type CdrPhase = 'idle' | 'starting' | 'running' | 'done' | 'cancelled' | 'error';

interface CdrState {
  jobId: string | null;
  query: CdrQuery | null;
  phase: CdrPhase;
  result: CdrResultSet;
  version: number;
  fetched: number;
  total: number | null;
  truncated: boolean;
  error: string | null;
  /** What main refused in the last search, by query field ("minDurationSec"), for the form to show next to each field. */
  fieldErrors: FieldErrors;
  search(query: CdrQuery): Promise<void>;
  cancel(): Promise<void>;
  onPage(ev: PageEvent): void;
}

let unsubscribe: (() => void) | null = null;
/** Pages that arrive before the cdr:search reply names their job (a fast source can beat the reply). */
let early: PageEvent[] = [];
/** One listener for the window's lifetime, attached on the first search. */
function listen(): void {
  if (unsubscribe) return;
  unsubscribe = bridge().events.on('cdr:page', (p) => useCdr.getState().onPage(p));
}

/** Precomputes sort ranks and the filter index one column per task, so clicks later are instant. */
function warmLater(result: CdrResultSet): void {
  const steps: (() => void)[] = CDR_SORT_COLUMNS.map((c) => () => result.warm([c]));
  steps.push(() => result.warm([]));
  const next = () => {
    const step = steps.shift();
    if (!step || useCdr.getState().result !== result) return;
    step();
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
}

export const useCdr = create<CdrState>((set, get) => ({
  jobId: null,
  query: null,
  phase: 'idle',
  result: new CdrResultSet(),
  version: 0,
  fetched: 0,
  total: null,
  truncated: false,
  error: null,
  fieldErrors: {},

  async search(query) {
    listen();
    const previous = get();
    if (previous.jobId && (previous.phase === 'running' || previous.phase === 'starting')) void get().cancel();
    performance.mark('cdr:search');
    early = [];
    set({ phase: 'starting', jobId: null, query, result: new CdrResultSet(), version: get().version + 1, fetched: 0, total: null, truncated: false, error: null, fieldErrors: {} });
    try {
      const { jobId } = await unwrap(bridge().cdr.search(query));
      // Pages that raced ahead of this reply were dropped; main only starts emitting after registering.
      if (get().query !== query) return;
      set({ jobId, phase: get().phase === 'starting' ? 'running' : get().phase });
      const mine = early.filter((p) => p.jobId === jobId);
      early = [];
      for (const p of mine) get().onPage(p);
    } catch (e) {
      if (get().query === query) set({ phase: 'error', error: messageOf(e), fieldErrors: e instanceof ApiError ? e.fields : {} });
    }
  },

  async cancel() {
    const { jobId } = get();
    if (!jobId) return;
    set({ phase: 'cancelled' });
    try {
      await unwrap(bridge().cdr.cancel({ jobId }));
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },

  onPage(ev) {
    const s = get();
    if (!s.jobId) {
      if (s.phase === 'starting' && early.length < 10_000) early.push(ev);
      return;
    }
    if (ev.jobId !== s.jobId) return;
    if (ev.records.length) s.result.append(ev.records);
    const patch: Partial<CdrState> = { version: s.version + 1, fetched: Math.max(s.fetched, ev.fetched, s.result.size), total: ev.total };
    if (ev.done) {
      patch.truncated = ev.truncated === true;
      if (ev.error) {
        patch.phase = 'error';
        patch.error = ev.error.message;
      } else if (ev.cancelled) patch.phase = 'cancelled';
      else patch.phase = 'done';
    }
    set(patch);
    if (ev.done) warmLater(s.result);
  },
}));
