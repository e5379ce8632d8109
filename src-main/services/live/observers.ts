/**
 * A narrow hook for readers of the live poll cycle that are not windows (the NOC watch's KPIs and
 * alert rules): after every successful poll of any poller of a context they get the full list, and
 * they see every status. Observers must be quick and never throw into the poller.
 */
import type { LiveCall, SourceStatus } from '../../domain/live-call';
import { logger } from '../../core/log';

const log = logger('live');

export interface LiveObserver {
  calls?(sensor: string, calls: readonly LiveCall[]): void;
  status?(status: SourceStatus): void;
}

const registry = new WeakMap<object, Set<LiveObserver>>();

export function liveObservers(ctx: object): Set<LiveObserver> {
  let s = registry.get(ctx);
  if (!s) registry.set(ctx, (s = new Set()));
  return s;
}

export function notifyCalls(ctx: object, sensor: string, calls: readonly LiveCall[]): void {
  const s = registry.get(ctx);
  if (!s) return;
  for (const o of s) {
    try {
      o.calls?.(sensor, calls);
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
