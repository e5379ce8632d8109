/**
 * A live call's quality from poll to poll (MOS, loss, jitter: the worse direction), kept in the window
 * while the call is watched, for its drill-down chart. Bounded per call and in calls kept.
 */
import type { LiveCall } from '../../../src-main/domain/live-call';

export interface QualitySample {
  t: number;
  mos: number | null;
  loss: number | null;
  jitter: number | null;
}

const MAX_SAMPLES = 1800;
const MAX_CALLS = 200;
const history = new Map<string, QualitySample[]>();

const worstLow = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const worstHigh = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Adds the call's current values at `t` (ms) unless nothing changed since the last sample less than a second ago. */
export function recordSample(c: LiveCall, t: number): QualitySample[] {
  let list = history.get(c.key);
  if (!list) {
    if (history.size >= MAX_CALLS) history.delete(history.keys().next().value as string);
    list = [];
    history.set(c.key, list);
  }
  const s: QualitySample = { t, mos: worstLow(c.mosCaller, c.mosCalled), loss: worstHigh(c.lossCaller, c.lossCalled), jitter: worstHigh(c.jitterCaller, c.jitterCalled) };
  const last = list.at(-1);
  if (last && t - last.t < 1000 && last.mos === s.mos && last.loss === s.loss && last.jitter === s.jitter) return list;
  list.push(s);
  if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
  return list;
}

export function samplesOf(key: string): readonly QualitySample[] {
  return history.get(key) ?? [];
}
