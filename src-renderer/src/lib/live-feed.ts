/**
 * Connects main's live events to the store for the whole life of the window (not per view), so
 * switching views never loses diffs, and (re)subscribes whenever the watched set or the server-side
 * filter changes. Diffs arriving in the same task are applied as one batch.
 */
import type { LiveDiff } from '../../../src-main/domain/live-call';
import { useLive } from '../stores/live';
import { liveBridge } from './live-bridge';
import { useNotices } from '../stores/notices';
import { messageOf } from '../api';

export function startLiveFeed(): () => void {
  let queue: LiveDiff[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const gaps = useLive.getState().applyDiffs(batch);
    // A lost push (or pushes before any snapshot): ask main for the full table of those sources.
    if (gaps.length) liveBridge.snapshot(gaps).catch(() => undefined);
  };
  const offs: (() => void)[] = [];
  try {
    offs.push(
      liveBridge.onDiff((d) => {
        // Start of the "diff → commit" measurement read by bench/renderer-live.bench.ts.
        if (!queue.length) performance.mark('live:diff');
        queue.push(d);
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(flush);
        }
      }),
    );
    offs.push(liveBridge.onStatus((s) => useLive.getState().setStatus(s)));
  } catch {
    // This build's contract has no live events: the view shows its empty state.
  }
  const subscribe = (watched: string[], filter: string) => {
    liveBridge.subscribe(watched, filter).catch((e: unknown) => useNotices.getState().error(messageOf(e)));
  };
  const initial = useLive.getState();
  subscribe(initial.watched, initial.serverFilter);
  offs.push(
    useLive.subscribe((s, prev) => {
      if (s.watched !== prev.watched || s.serverFilter !== prev.serverFilter) subscribe(s.watched, s.serverFilter);
    }),
  );
  // Stale rows go after the operator's grace period (checked once a second).
  const expiry = setInterval(() => useLive.getState().expireStale(Date.now()), 1000);
  offs.push(() => clearInterval(expiry));
  return () => offs.forEach((off) => off());
}
