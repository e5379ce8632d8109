/**
 * A narrow hook for readers of the live poll cycle that are not windows (the NOC watch's KPIs and
 * alert rules): after every successful unfiltered poll of any poller of a context they get the full
 * list and what changed since that poller's previous poll (its diff, so a reader can skip the calls
 * that did not change), and they see every status. Observers must be quick and never throw into the
 * poller.
 */
import type { LiveCall, SourceStatus } from '../../domain/live-call';
import { logger } from '../../core/log';

const log = logger('live');

/** One poll as its changes, from one poller (`feed`: several pollers may poll the same source). */
export interface PollChanges {
  feed: object;
  /** The poller started over (first poll, after an error): `added` is the whole list. */
  reset: boolean;
  added: readonly LiveCall[];
  /** Calls whose watched fields changed (services/live/diff.ts; durations tick without a change). */
  changed: readonly LiveCall[];
  /** The calls no longer listed, as they were last listed. */
  removed: readonly LiveCall[];
}

export interface LiveObserver {
  calls?(sensor: string, calls: readonly LiveCall[], changes?: PollChanges): void;
  status?(status: SourceStatus): void;
}

const registry = new WeakMap<object, Set<LiveObserver>>();

export function liveObservers(ctx: object): Set<LiveObserver> {
  let s = registry.get(ctx);
  if (!s) registry.set(ctx, (s = new Set()));
  return s;
}

export function notifyCalls(ctx: object, sensor: string, calls: readonly LiveCall[], changes?: PollChanges): void {
  const s = registry.get(ctx);
  if (!s) return;
  for (const o of s) {
    try {
      o.calls?.(sensor, calls, changes);
    } catch (e) {
      log.error('live observer failed:', e);
    }
  }
}

export function notifyStatus(ctx: object, status: SourceStatus): void {
  const s = registry.get(ctx);
  if (!s) return;
  for (const o of s) {
    try {
      o.status?.(status);
    } catch (e) {
      log.error('live observer failed:', e);
    }
  }
}
