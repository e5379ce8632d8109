/**
 * What a live source already knows about how a call list differs from the list it returned before.
 * A source that reuses the LiveCall of an unchanged row (VoIPmonitor's row cache) has compared every
 * row already; recording that here lets the live diff visit only the rows the source rebuilt and the
 * calls that ended, instead of walking 10,000 unchanged calls a second time.
 *
 * Kept beside the list (a WeakMap keyed by the array), so the list's type and the LiveDiff stay as they
 * are; a reader that does not know about it, or a list that was filtered or copied, simply has none.
 */
import type { LiveCall } from '../domain/live-call';

export interface ListDelta {
  /** The list this one follows: the very array the same source returned before. */
  readonly previous: readonly LiveCall[];
  /** Ascending indexes into the new list of calls that are not objects of `previous` (new or rebuilt). */
  readonly fresh: readonly number[];
  /** The calls of `previous` whose key the new list no longer has. */
  readonly gone: readonly LiveCall[];
}

/*
 * The promise a recorder makes: neither list names a key twice; every call of the new list outside
 * `fresh` is the very object `previous` had for that key, with no watched field changed (durations
 * may tick in place); every key of `previous` is either in the new list or in `gone`.
 */
const deltas = new WeakMap<readonly LiveCall[], ListDelta>();

export function recordListDelta(list: readonly LiveCall[], delta: ListDelta): void {
  deltas.set(list, delta);
}

export function listDelta(list: readonly LiveCall[]): ListDelta | undefined {
  return deltas.get(list);
}
