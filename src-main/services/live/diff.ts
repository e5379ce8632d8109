/**
 * Keyed diff of two polls. Durations tick every second on every call, so they are not part of the
 * comparison (the window ticks them locally); everything an operator watches (state, MOS, loss) is.
 */
import type { LiveCall } from '../../domain/live-call';
import { listDelta, type ListDelta } from '../../core/list-delta';

interface DiffEntry {
  key: string;
  /** The call as last listed. Its watched fields never change in place (a source lists a new object). */
  obj: LiveCall;
  /** The poll it was last seen in. */
  gen: number;
  /** Its index in `order` (a hint: a wrong one only costs a hash lookup). */
  pos: number;
  /** When it was added: `entries` is in this order, and so are removals. */
  seq: number;
}

export interface DiffState {
  /** key -> the call as last listed, and the poll it was last seen in. */
  entries: Map<string, DiffEntry>;
  /**
   * The same entries in the order the last poll listed them. Sources list calls in a stable order
   * (VoIPmonitor sorts by start time), so the next call is usually the entry after the previous one:
   * no hash lookup, which misses the CPU cache on every one of 10,000 calls.
   */
  order: DiffEntry[];
  gen: number;
  seq: number;
  /** The list of the last diff, which a source's ListDelta must follow to be used. */
  last: readonly LiveCall[] | null;
}

export function emptyDiffState(): DiffState {
  return { entries: new Map(), order: [], gen: 0, seq: 0, last: null };
}

/** The fields an operator watches. */
const WATCHED = ['state', 'lastSipResponse', 'codec', 'mosCaller', 'mosCalled', 'lossCaller', 'lossCalled', 'loss10sCaller', 'loss10sCalled', 'jitterCaller',
  'jitterCalled', 'rtpCallerIp', 'rtpCalledIp', 'caller', 'called', 'callerName', 'start', 'callId'] as const satisfies ReadonlyArray<keyof LiveCall>;

/**
 * No watched field changed its text: 45 and "45" are the same to an operator, 4.5 and 45 are not.
 * Field by field (a joined signature would also call "a|b" + "c" equal to "a" + "b|c").
 */
function sameWatched(a: LiveCall, b: LiveCall): boolean {
  for (const f of WATCHED) {
    const x = a[f];
    const y = b[f];
    // Two different numbers (never NaN here) or two different strings have different texts.
    if (x !== y && (typeof x === typeof y || `${x}` !== `${y}`)) return false;
  }
  return true;
}

export interface CallDiff {
  added: LiveCall[];
  changed: LiveCall[];
  removed: string[];
}

/**
 * Computes the diff and advances `state` to the new poll (in place: no per-poll maps of 20,000 entries).
 * `removedCalls`, when given, receives the removed calls as last listed (the NOC watch ends them).
 */
export function diffCalls(state: DiffState, calls: LiveCall[], removedCalls?: LiveCall[]): CallDiff {
  const delta = listDelta(calls);
  if (delta !== undefined && state.last !== null && delta.previous === state.last) return diffByDelta(state, calls, delta, removedCalls);
  const gen = ++state.gen;
  const added: LiveCall[] = [];
  const changed: LiveCall[] = [];
  const entries = state.entries;
  const prev = state.order;
  const next: DiffEntry[] = [];
  let cursor = 0;
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i] as LiveCall;
    let e: DiffEntry | undefined;
    const cand = prev[cursor];
    if (cand !== undefined && (cand.obj === c || cand.key === c.key)) {
      e = cand;
      cursor++;
    } else {
      e = entries.get(c.key);
      if (e !== undefined) cursor = e.pos + 1;
    }
    if (e === undefined) {
      const ne: DiffEntry = { key: c.key, obj: c, gen, pos: next.length, seq: state.seq++ };
      entries.set(c.key, ne);
      next.push(ne);
      added.push(c);
      continue;
    }
    if (e.gen === gen) continue; // a source listing a call twice must not duplicate rows
    e.gen = gen;
    e.pos = next.length;
    next.push(e);
    // Same object as last time (VoIPmonitor's row cache) means its watched fields did not move.
    if (e.obj === c) continue;
    const same = sameWatched(c, e.obj);
    e.obj = c;
    if (!same) changed.push(c);
  }
  const removed: string[] = [];
  // forEach: no [key, value] pair allocated per entry (20,000 per poll on a big sensor).
  entries.forEach((e, k) => {
    if (e.gen !== gen) {
      removed.push(k);
      removedCalls?.push(e.obj);
      entries.delete(k);
    }
  });
  state.order = next;
  state.last = calls;
  return { added, changed, removed };
}

/**
 * The same diff from what the source recorded (core/list-delta.ts): only its rebuilt rows and the calls
 * that ended are looked at; every other call is the very object this state already holds, unchanged.
 */
function diffByDelta(state: DiffState, calls: LiveCall[], delta: ListDelta, removedCalls?: LiveCall[]): CallDiff {
  const gen = ++state.gen;
  const entries = state.entries;
  const added: LiveCall[] = [];
  const changed: LiveCall[] = [];
  for (const i of delta.fresh) {
    const c = calls[i] as LiveCall;
    const e = entries.get(c.key);
    if (e === undefined) {
      entries.set(c.key, { key: c.key, obj: c, gen, pos: 0, seq: state.seq++ });
      added.push(c);
      continue;
    }
    e.gen = gen;
    if (e.obj === c) continue;
    const same = sameWatched(c, e.obj);
    e.obj = c;
    if (!same) changed.push(c);
  }
  const ended: DiffEntry[] = [];
  for (const g of delta.gone) {
    const e = entries.get(g.key);
    if (e !== undefined) {
      ended.push(e);
      entries.delete(g.key);
    }
  }
  // In the order the full walk reports them (the map's insertion order).
  ended.sort((a, b) => a.seq - b.seq);
  const removed = ended.map((e) => e.key);
  if (removedCalls) for (const e of ended) removedCalls.push(e.obj);
  // The walk order is not kept here; a later full walk finds its entries by key.
  state.order = [];
  state.last = calls;
  return { added, changed, removed };
}

/** The window's free-text filter: case-insensitive substring over numbers, names, Call-ID, IPs, codec. */
export function matchesText(c: LiveCall, text: string): boolean {
  return matchesNormalisedText(c, normaliseFilter(text));
}

/** One spelling per filter: matching ignores case and surrounding blanks. */
export function normaliseFilter(text: string): string {
  return text.trim().toLowerCase();
}

/** matchesText() for a text already trimmed and lower-cased (a filtered view's, matched against every call). */
export function matchesNormalisedText(c: LiveCall, t: string): boolean {
  if (!t) return true;
  for (const v of [c.caller, c.called, c.callerName, c.callId, c.callerIp, c.calledIp, c.codec, c.state]) {
    if (v && v.toLowerCase().includes(t)) return true;
  }
  return false;
}
