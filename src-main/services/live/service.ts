/**
 * Live calls for each subscriber (a window, or a test): a set of pollers, one per subscribed profile,
 * merged by the receiver (each LiveCall carries its sensor). Subscribing again replaces the set.
 */
import type { LiveCall, LiveDiff, SourceStatus } from '../../domain/live-call';
import type { AppContext } from '../../core/context';
import { Poller } from './poller';
import { createLiveSource, pollIntervalMs, type LiveSourceFactory } from './sources';
import { notifyCalls, notifyStatus } from './observers';

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // The sink (window) is gone; nothing to tell.
  }
}

export interface LiveSink {
  diff(d: LiveDiff): void;
  status(s: SourceStatus): void;
}

export interface LiveServiceOptions {
  /** Tests: poll faster than profiles allow. */
  intervalMsOverride?: number;
  maxBackoffMs?: number;
  factory?: LiveSourceFactory;
}

interface Subscription {
  sink: LiveSink;
  filter: string;
  pollers: Map<string, Poller>;
}

export class LiveCallsService {
  private subs = new Map<string, Subscription>();

  constructor(private readonly ctx: AppContext, private readonly opts: LiveServiceOptions = {}) {}

  /** Replaces the subscriber's set of profiles (and filter); unchanged pollers keep running. */
  async subscribe(subscriber: string, profileIds: string[], sink: LiveSink, filter = ''): Promise<void> {
    let sub = this.subs.get(subscriber);
    if (sub && sub.filter !== filter) {
      await this.unsubscribe(subscriber);
      sub = undefined;
    }
    if (!sub) {
      sub = { sink, filter, pollers: new Map() };
      this.subs.set(subscriber, sub);
    }
    sub.sink = sink;
    const want = new Set(profileIds);
    for (const [id, p] of sub.pollers) {
      if (!want.has(id)) {
        sub.pollers.delete(id);
        await p.stop();
      }
    }
    for (const id of want) {
      const running = sub.pollers.get(id);
      if (running) {
        // A reloaded window (same subscriber) or a re-subscribe starts from the full table, never from
        // changes only: the rows as of the last good poll, then the status that says how fresh they are.
        this.sendSnapshot(sub, running);
        continue;
      }
      const profile = await this.ctx.profiles.get(id);
      const source = this.opts.factory ? this.opts.factory(this.ctx, profile, {}) : createLiveSource(this.ctx, profile);
      const s = sub;
      const poller = new Poller({
        source,
        sensor: profile.id,
        intervalMs: this.opts.intervalMsOverride ?? pollIntervalMs(profile),
        ...(this.opts.maxBackoffMs ? { maxBackoffMs: this.opts.maxBackoffMs } : {}),
        filter,
        // A closed window must not break the poller: the app shell releases its subscription.
        onDiff: (d) => safe(() => s.sink.diff(d)),
        onStatus: (st) => {
          notifyStatus(this.ctx, st);
          safe(() => s.sink.status(st));
        },
        // The NOC watch reads every unfiltered poll (services/live/observers.ts); a filtered list is not the source's.
        ...(filter ? {} : { onCalls: (calls: LiveCall[]) => notifyCalls(this.ctx, profile.id, calls) }),
      });
      sub.pollers.set(id, poller);
      poller.start();
    }
  }

  private sendSnapshot(sub: Subscription, p: Poller): void {
    safe(() => sub.sink.diff(p.snapshot()));
    const st = p.lastStatus;
    if (st) safe(() => sub.sink.status(st));
  }

  /** A receiver saw a gap in `seq` (or lost its rows): push snapshots of these profiles (all when omitted). */
  snapshot(subscriber: string, profileIds?: string[]): void {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    for (const [id, p] of sub.pollers) if (!profileIds || profileIds.includes(id)) this.sendSnapshot(sub, p);
  }

  async unsubscribe(subscriber: string, profileIds?: string[]): Promise<void> {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    for (const [id, p] of [...sub.pollers]) {
      if (profileIds && !profileIds.includes(id)) continue;
      sub.pollers.delete(id);
      await p.stop();
    }
    if (!sub.pollers.size) this.subs.delete(subscriber);
  }

  pause(subscriber: string): void {
    for (const p of this.subs.get(subscriber)?.pollers.values() ?? []) p.pause();
  }

  resume(subscriber: string): void {
    for (const p of this.subs.get(subscriber)?.pollers.values() ?? []) p.resume();
  }

  /** The last polled state of a call, if a poller of this subscriber has it. */
  findCall(key: string): LiveCall | null {
    for (const sub of this.subs.values()) for (const p of sub.pollers.values()) {
      const c = p.callByKey(key);
      if (c) return c;
    }
    return null;
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.subs.keys()]) await this.unsubscribe(id);
  }
}
