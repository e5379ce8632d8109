/**
 * Keyed diff of two polls. Durations tick every second on every call, so they are not part of the
 * comparison (the window ticks them locally); everything an operator watches (state, MOS, loss) is.
 */
import type { LiveCall } from '../../domain/live-call';

export interface DiffState {
  /** key -> signature, the object it was computed from, and the poll it was last seen in. */
  entries: Map<string, { sig: string; obj: LiveCall; gen: number }>;
  gen: number;
}

export function emptyDiffState(): DiffState {
  return { entries: new Map(), gen: 0 };
}

function signature(c: LiveCall): string {
  return `${c.state}|${c.lastSipResponse}|${c.codec}|${c.mosCaller}|${c.mosCalled}|${c.lossCaller}|${c.lossCalled}|${c.loss10sCaller}|${c.loss10sCalled}|${c.jitterCaller}|${c.jitterCalled}|${c.rtpCallerIp}|${c.rtpCalledIp}|${c.caller}|${c.called}|${c.callerName}|${c.start}|${c.callId}`;
}

export interface CallDiff {
  added: LiveCall[];
  changed: LiveCall[];
  removed: string[];
}

/** Computes the diff and advances `state` to the new poll (in place: no per-poll maps of 20,000 entries). */
export function diffCalls(state: DiffState, calls: LiveCall[]): CallDiff {
  const gen = ++state.gen;
  const added: LiveCall[] = [];
  const changed: LiveCall[] = [];
  for (const c of calls) {
    const e = state.entries.get(c.key);
    if (e === undefined) {
      state.entries.set(c.key, { sig: signature(c), obj: c, gen });
      added.push(c);
      continue;
    }
    if (e.gen === gen) continue; // a source listing a call twice must not duplicate rows
    e.gen = gen;
    // Same object as last time (VoIPmonitor's row cache) means its watched fields did not move.
    if (e.obj === c) continue;
    const sig = signature(c);
    e.obj = c;
    if (sig !== e.sig) {
      e.sig = sig;
      changed.push(c);
    }
  }
  const removed: string[] = [];
  // forEach: no [key, value] pair allocated per entry (20,000 per poll on a big sensor).
  const entries = state.entries;
  entries.forEach((e, k) => {
    if (e.gen !== gen) {
      removed.push(k);
      entries.delete(k);
    }
  });
  return { added, changed, removed };
}

/** The window's free-text filter: case-insensitive substring over numbers, names, Call-ID, IPs, codec. */
export function matchesText(c: LiveCall, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (!t) return true;
  for (const v of [c.caller, c.called, c.callerName, c.callId, c.callerIp, c.calledIp, c.codec, c.state]) {
    if (v && v.toLowerCase().includes(t)) return true;
  }
  return false;
}
