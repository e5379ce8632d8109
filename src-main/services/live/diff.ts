/**
 * Keyed diff of two polls. Durations tick every second on every call, so they are not part of the
 * comparison (the window ticks them locally); everything an operator watches (state, MOS, loss) is.
 */
import type { LiveCall } from '../../domain/live-call';

export interface DiffState {
  sigs: Map<string, string>;
}

export function emptyDiffState(): DiffState {
  return { sigs: new Map() };
}

function signature(c: LiveCall): string {
  return `${c.state}|${c.lastSipResponse}|${c.codec}|${c.mosCaller}|${c.mosCalled}|${c.lossCaller}|${c.lossCalled}|${c.loss10sCaller}|${c.loss10sCalled}|${c.jitterCaller}|${c.jitterCalled}|${c.rtpCallerIp}|${c.rtpCalledIp}|${c.caller}|${c.called}|${c.callerName}|${c.start}|${c.callId}`;
}

export interface CallDiff {
  added: LiveCall[];
  changed: LiveCall[];
  removed: string[];
}

/** Computes the diff and advances `state` to the new poll. */
export function diffCalls(state: DiffState, calls: LiveCall[]): CallDiff {
  const next = new Map<string, string>();
  const added: LiveCall[] = [];
  const changed: LiveCall[] = [];
  for (const c of calls) {
    if (next.has(c.key)) continue; // a source listing a call twice must not duplicate rows
    const sig = signature(c);
    next.set(c.key, sig);
    const before = state.sigs.get(c.key);
    if (before === undefined) added.push(c);
    else if (before !== sig) changed.push(c);
  }
  const removed: string[] = [];
  for (const k of state.sigs.keys()) if (!next.has(k)) removed.push(k);
  state.sigs = next;
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
