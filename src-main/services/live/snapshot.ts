/**
 * One poll of one profile's live calls through the same LiveSource table as the window (CLI, scripts).
 */
import { CallboardError } from '../../core/errors';
import type { LiveCall } from '../../domain/live-call';
import type { AppContext } from '../../core/context';
import { createLiveSource } from './sources';

export interface SnapshotFilter {
  caller?: string;
  called?: string;
  limit?: number;
}

/**
 * `%`/`_` are the sniffer's wildcards (SQL LIKE); a plain value means "contains". A pattern that starts
 * with a digit also matches the number written with a leading "+" ("420%" finds "+420…", as the README
 * example promises), so the sensor is asked for the wider "%420%" and the exact match is made here.
 */
export function sensorPattern(v: string): string {
  if (!/[%_]/.test(v)) return `%${v}%`;
  return /^[0-9]/.test(v) ? `%${v}` : v;
}

export function contains(pattern: string, value: string): boolean {
  if (/[%_]/.test(pattern)) {
    const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
    const re = new RegExp(`^${/^[0-9]/.test(pattern) ? '\\+?' : ''}${body}$`);
    return re.test(value);
  }
  return value.includes(pattern);
}

export async function liveSnapshot(ctx: AppContext, profileId: string, f: SnapshotFilter = {}, timeoutMs = 30_000): Promise<LiveCall[]> {
  const profile = await ctx.profiles.get(profileId);
  const filter: { caller?: string; called?: string } = {};
  if (f.caller) filter.caller = sensorPattern(f.caller);
  if (f.called) filter.called = sensorPattern(f.called);
  const source = createLiveSource(ctx, profile, { filter });
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    let calls = await source.poll(ac.signal);
    // Sources that cannot filter server-side (UCM) are filtered here with the same meaning.
    if (f.caller) calls = calls.filter((c) => contains(f.caller as string, c.caller));
    if (f.called) calls = calls.filter((c) => contains(f.called as string, c.called));
    if (f.limit !== undefined) calls = calls.slice(0, f.limit);
    return calls;
  } catch (e) {
    if (ac.signal.aborted && !(e instanceof CallboardError)) throw new CallboardError('timeout', `${profileId} did not list its calls within ${Math.round(timeoutMs / 1000)} s.`);
    throw e;
  } finally {
    clearTimeout(timer);
    await source.close().catch(() => undefined);
  }
}
