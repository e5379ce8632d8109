/**
 * Live calls for each subscriber (a window, or a test): a set of pollers, one per subscribed profile,
 * merged by the receiver (each LiveCall carries its sensor). Subscribing again replaces the set.
 */
import type { LiveCall, LiveDiff, SourceStatus } from '../../domain/live-call';
import type { AppContext } from '../../core/context';
import type { Profile } from '../../profiles/schema';
import { Poller } from './poller';
import { createLiveSource, pollIntervalMs, type LiveSourceFactory } from './sources';
import { notifyCalls, notifyStatus, type PollChanges } from './observers';
import { connectionKey, onSecretsChanged } from '../../secrets/generation';

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
  /** connectionKey() of the profile each poller was built from. */
  keys: Map<string, string>;
}

/** How often saved profiles are compared with what the pollers were built from. */
const CHANGE_CHECK_MS = 1000;

export class LiveCallsService {
  private subs = new Map<string, Subscription>();
  private checkTimer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private offSecrets: (() => void) | null = null;

  constructor(private readonly ctx: AppContext, private readonly opts: LiveServiceOptions = {}) {}

  /**
   * Profile or secret changes take effect at once: a poller whose profile (any field) or secrets
   * generation changed is replaced by a fresh one (fresh source, fresh pooled connection, a snapshot
   * push), checked once a second and right after a secret is set or cleared in this process.
   */
  private watchChanges(): void {
    if (!this.subs.size) {
      if (this.checkTimer) clearInterval(this.checkTimer);
      this.checkTimer = null;
      this.offSecrets?.();
      this.offSecrets = null;
      return;
    }
    if (!this.checkTimer) {
      this.checkTimer = setInterval(() => void this.checkChanges(), CHANGE_CHECK_MS);
      this.checkTimer.unref?.();
    }
    this.offSecrets ??= onSecretsChanged(this.ctx.secrets, () => void this.checkChanges());
  }

  /** Replaces pollers built from an outdated profile or secrets; returns once done (tests await it). */
  checkChanges(): Promise<void> {
    this.checking ??= (async () => {
      try {
        let profiles: Map<string, Profile>;
        try {
          profiles = new Map((await this.ctx.profiles.list()).map((p) => [p.id, p]));
        } catch {
          return; // unreadable profiles file: keep what runs, the Settings view reports it
        }
        for (const [subscriber, sub] of [...this.subs]) {
          for (const [id, poller] of [...sub.pollers]) {
            const profile = profiles.get(id);
            if (!profile) continue; // deleted: the window's next subscribe drops it
            const key = connectionKey(this.ctx.secrets, profile);
            if (key === sub.keys.get(id) || this.subs.get(subscriber) !== sub || sub.pollers.get(id) !== poller) continue;
            sub.pollers.delete(id);
            await poller.stop(true);
            await this.startPoller(sub, id, poller.freshness);
          }
        }
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  /** Replaces the subscriber's set of profiles (and filter); unchanged pollers keep running. */
  async subscribe(subscriber: string, profileIds: string[], sink: LiveSink, filter = ''): Promise<void> {
    let sub = this.subs.get(subscriber);
    if (sub && sub.filter !== filter) {
      await this.unsubscribe(subscriber);
      sub = undefined;
    }
    if (!sub) {
      sub = { sink, filter, pollers: new Map(), keys: new Map() };
      this.subs.set(subscriber, sub);
    }
    sub.sink = sink;
    const want = new Set(profileIds);
    for (const [id, p] of sub.pollers) {
      if (!want.has(id)) {
        sub.pollers.delete(id);
        sub.keys.delete(id);
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
      await this.startPoller(sub, id);
      this.seedFromSibling(sub, id);
    }
    this.watchChanges();
  }

  /**
   * A second window watching a profile another window already polls gets that poller's rows at once
   * (seq 0, a snapshot), instead of an empty table until its own first poll, whose snapshot (seq 1)
   * then replaces them.
   */
  private seedFromSibling(sub: Subscription, id: string): void {
    for (const other of this.subs.values()) {
      if (other === sub || other.filter !== sub.filter) continue;
      const p = other.pollers.get(id);
      if (!p?.hasRows) continue;
      safe(() => sub.sink.diff(p.rowsAsReset(0)));
      const st = p.lastStatus;
      if (st) safe(() => sub.sink.status(st));
      return;
    }
  }

  private async startPoller(sub: Subscription, id: string, carry?: Poller['freshness']): Promise<void> {
    const profile = await this.ctx.profiles.get(id);
    const filter = sub.filter;
    const source = this.opts.factory ? this.opts.factory(this.ctx, profile, {}) : createLiveSource(this.ctx, profile);
    const poller: Poller = new Poller({
      source,
      sensor: profile.id,
      intervalMs: this.opts.intervalMsOverride ?? pollIntervalMs(profile),
      ...(this.opts.maxBackoffMs ? { maxBackoffMs: this.opts.maxBackoffMs } : {}),
      ...(carry ? { carry } : {}),
      filter,
      // A closed window must not break the poller: the app shell releases its subscription.
      onDiff: (d) => safe(() => sub.sink.diff(d)),
      onStatus: (st) => {
        notifyStatus(this.ctx, st);
        safe(() => sub.sink.status(st));
      },
      // The NOC watch reads every unfiltered poll (services/live/observers.ts); a filtered list is not the
      // source's. The poller is the feed: the watch follows one poller per source.
      ...(filter ? {} : { onCalls: (calls: LiveCall[], d: Omit<PollChanges, 'feed'>) => notifyCalls(this.ctx, profile.id, calls, { feed: poller, ...d }) }),
    });
    sub.pollers.set(id, poller);
    sub.keys.set(id, connectionKey(this.ctx.secrets, profile));
    poller.start();
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
      sub.keys.delete(id);
      await p.stop();
    }
    if (!sub.pollers.size) this.subs.delete(subscriber);
    this.watchChanges();
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
