/**
 * Live calls: a keyed map (by LiveCall.key) updated in place by diffs from main, plus per-sensor
 * status. Components subscribe to `version`, which bumps once per applied batch, so a poll that
 * touches 500 of 10,000 rows costs O(500) here and one render of the visible rows.
 *
 * Pause freezes what the table SHOWS (`shownVersion`); the map keeps following main so resuming is
 * instant and memory stays bounded.
 */
import { create } from 'zustand';
import type { LiveCall, LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import { applyDiff, checkSeq, dropSensor, expiredSources } from '../lib/live-rows';
import { loadJson, saveJson, isStringArray } from '../lib/persist';

const WATCH_KEY = 'callboard.live.watched';
const GRACE_KEY = 'callboard.live.staleGraceSec';
/** Choices for how long a failed source's rows stay (greyed) before they are removed; 0 = until it recovers. */
export const STALE_GRACE_CHOICES = [15, 60, 300, 0] as const;
const isGrace = (v: unknown): v is number => typeof v === 'number' && (STALE_GRACE_CHOICES as readonly number[]).includes(v);

export interface StatusEntry extends SourceStatus {
  /** Local time the status arrived, to count "retrying in N s" down between pushes. */
  receivedAt: number;
}

interface LiveState {
  rows: Map<string, LiveCall>;
  /** When each sensor's last diff was polled (ms since epoch), for local duration ticking. */
  polledAt: Map<string, number>;
  /** Last applied `seq` per sensor (gap detection). */
  seqs: Map<string, number>;
  /** Seconds a stale source's rows stay before they are removed; 0 = until it recovers. */
  staleGraceSec: number;
  version: number;
  shownVersion: number;
  paused: boolean;
  statuses: Record<string, StatusEntry>;
  watched: string[];
  /** Server-side filter sent with the subscription (applied by main/the sensor). */
  serverFilter: string;
  selectedKey: string | null;
  /** Applies pushes in order; returns the sensors that showed a gap in `seq` (they need a snapshot). */
  applyDiffs(diffs: LiveDiff[]): string[];
  /** Removes the rows of sources stale for longer than the grace period. */
  expireStale(nowMs: number): void;
  setStaleGrace(sec: number): void;
  setStatus(s: SourceStatus): void;
  setPaused(paused: boolean): void;
  setWatched(ids: string[]): void;
  setServerFilter(filter: string): void;
  forget(sensor: string): void;
  select(key: string | null): void;
}

export const useLive = create<LiveState>((set, get) => ({
  rows: new Map(),
  polledAt: new Map(),
  seqs: new Map(),
  staleGraceSec: loadJson<number>(GRACE_KEY, 60, isGrace),
  version: 0,
  shownVersion: 0,
  paused: false,
  statuses: {},
  watched: loadJson<string[]>(WATCH_KEY, [], isStringArray),
  serverFilter: '',
  selectedKey: null,

  applyDiffs(diffs) {
    const { rows, polledAt, seqs } = get();
    let changed = false;
    const gaps = new Set<string>();
    for (const d of diffs) {
      if (checkSeq(seqs.get(d.sensor), d) === 'gap') {
        gaps.add(d.sensor);
        continue;
      }
      seqs.set(d.sensor, d.seq);
      changed = applyDiff(rows, d) || changed;
      const t = Date.parse(d.polledAt);
      polledAt.set(d.sensor, Number.isFinite(t) ? Math.min(t, Date.now()) : Date.now());
    }
    if (changed || diffs.length) {
      const version = get().version + 1;
      set(get().paused ? { version } : { version, shownVersion: version });
    }
    return [...gaps];
  },

  expireStale(nowMs) {
    const { staleGraceSec, statuses, rows } = get();
    let changed = false;
    for (const sensor of expiredSources(Object.values(statuses), staleGraceSec, nowMs)) changed = dropSensor(rows, sensor) || changed;
    if (!changed) return;
    const version = get().version + 1;
    set(get().paused ? { version } : { version, shownVersion: version });
  },

  setStaleGrace(sec) {
    if (!isGrace(sec)) return;
    saveJson(GRACE_KEY, sec);
    set({ staleGraceSec: sec });
  },

  setStatus(s) {
    set((st) => ({ statuses: { ...st.statuses, [s.sensor]: { ...s, receivedAt: Date.now() } } }));
  },

  setPaused(paused) {
    set((st) => ({ paused, shownVersion: paused ? st.shownVersion : st.version }));
  },

  setWatched(ids) {
    saveJson(WATCH_KEY, ids);
    set({ watched: ids });
  },

  setServerFilter(filter) {
    set({ serverFilter: filter });
  },

  forget(sensor) {
    const { rows, polledAt, statuses, seqs } = get();
    const changed = dropSensor(rows, sensor);
    polledAt.delete(sensor);
    seqs.delete(sensor);
    const rest = { ...statuses };
    delete rest[sensor];
    const version = get().version + (changed ? 1 : 0);
    set({ statuses: rest, version, shownVersion: get().paused ? get().shownVersion : version });
  },

  select(key) {
    set({ selectedKey: key });
  },
}));

/** Calls counted per sensor, for chips and the status bar. */
export function countBySensor(rows: Map<string, LiveCall>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of rows.values()) out.set(c.sensor, (out.get(c.sensor) ?? 0) + 1);
  return out;
}
