/**
 * Live calls for each subscriber (a window, the NOC watch, a test). A source is polled ONCE however
 * many subscribers watch it: one poller per (profile, text filter), shared by every subscriber with
 * that filter, so a second window or the watch adds no load on the sensor or PBX. Each subscriber
 * keeps its own sequence numbers and its own pause, and starts from a snapshot.
 *
 * One service per application context (`liveCallsServiceFor`), so the windows' IPC handlers and the
 * watch share it; tests that need other poll intervals make their own.
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

/** One subscriber's view of a shared poller. */
interface Attachment {
  sink: LiveSink;
  /** This subscriber's own sequence: a snapshot for one subscriber is not a gap for another. */
  seq: number;
  paused: boolean;
}

/** One poller of one source (and text filter), and who watches it. */
interface Feed {
  profileId: string;
  filter: string;
  poller: Poller;
  /** connectionKey() of the profile the poller was built from. */
  key: string;
  attached: Map<string, Attachment>;
}

interface Subscription {
  sink: LiveSink;
  filter: string;
  profileIds: Set<string>;
  paused: boolean;
}

/** How often saved profiles are compared with what the pollers were built from. */
const CHANGE_CHECK_MS = 1000;

const feedKey = (profileId: string, filter: string) => `${profileId}\u0000${filter}`;

export class LiveCallsService {
  private subs = new Map<string, Subscription>();
  private feeds = new Map<string, Feed>();
  private checkTimer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private offSecrets: (() => void) | null = null;

  constructor(private readonly ctx: AppContext, private readonly opts: LiveServiceOptions = {}) {}

  /**
   * Profile or secret changes take effect at once: a poller whose profile (any field) or secrets
   * version changed is replaced by a fresh one (fresh source, fresh pooled connection, a snapshot
   * push to every subscriber), checked once a second and right after a secret is set or cleared.
   */
  private watchChanges(): void {
    if (!this.feeds.size) {
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
        for (const feed of [...this.feeds.values()]) {
          const profile = profiles.get(feed.profileId);
          if (!profile) continue; // deleted: the windows' next subscribe drops it
          const key = connectionKey(this.ctx.secrets, profile);
          if (key === feed.key || this.feeds.get(feedKey(feed.profileId, feed.filter)) !== feed) continue;
          const old = feed.poller;
          await old.stop(true);
          if (this.feeds.get(feedKey(feed.profileId, feed.filter)) !== feed) continue; // released meanwhile
          feed.poller = this.makePoller(feed.attached, feed.filter, profile, old.freshness);
          feed.key = key;
          this.pauseIfAllPaused(feed);
          feed.poller.start();
        }
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  /** Replaces the subscriber's set of profiles (and filter); unchanged ones keep their poller. */
  async subscribe(subscriber: string, profileIds: string[], sink: LiveSink, filter = ''): Promise<void> {
    let sub = this.subs.get(subscriber);
    if (sub && sub.filter !== filter) {
      await this.unsubscribe(subscriber);
      sub = undefined;
    }
    if (!sub) {
      sub = { sink, filter, profileIds: new Set(), paused: false };
      this.subs.set(subscriber, sub);
    }
    sub.sink = sink;
    const want = new Set(profileIds);
    for (const id of [...sub.profileIds]) {
      if (!want.has(id)) {
        sub.profileIds.delete(id);
        await this.detach(subscriber, id, filter);
      }
    }
    for (const id of want) {
      const feed = this.feeds.get(feedKey(id, filter));
      const mine = feed?.attached.get(subscriber);
      if (feed && mine) {
        // A reloaded window (same subscriber) or a re-subscribe starts from the full table, never from
        // changes only: the rows as of the last good poll, then the status that says how fresh they are.
        mine.sink = sink;
        this.sendSnapshot(feed, mine);
        continue;
      }
      sub.profileIds.add(id);
      await this.attach(subscriber, sub, id);
    }
    this.watchChanges();
  }

  private async attach(subscriber: string, sub: Subscription, id: string): Promise<void> {
    const k = feedKey(id, sub.filter);
    let feed = this.feeds.get(k);
    const att: Attachment = { sink: sub.sink, seq: 0, paused: sub.paused };
    if (feed) {
      feed.attached.set(subscriber, att);
      // Another subscriber already polls this source: its rows now (a snapshot), not an empty table
      // until the next poll.
      if (feed.poller.hasRows) this.sendSnapshot(feed, att);
      else {
        const st = feed.poller.lastStatus;
        if (st) safe(() => att.sink.status(st));
      }
      if (!att.paused) feed.poller.resume();
      return;
    }
    const profile = await this.ctx.profiles.get(id);
    const attached = new Map([[subscriber, att]]);
    feed = { profileId: id, filter: sub.filter, poller: this.makePoller(attached, sub.filter, profile), key: connectionKey(this.ctx.secrets, profile), attached };
    this.feeds.set(k, feed);
    if (att.paused) feed.poller.pause();
    feed.poller.start();
  }

  private async detach(subscriber: string, id: string, filter: string): Promise<void> {
    const k = feedKey(id, filter);
    const feed = this.feeds.get(k);
    const a = feed?.attached.get(subscriber);
    if (!feed || !a) return;
    if (feed.attached.size === 1) {
      // The last subscriber: the poller stops, and its "stopped" status reaches that subscriber.
      this.feeds.delete(k);
      a.paused = false;
      await feed.poller.stop();
      feed.attached.delete(subscriber);
      return;
    }
    // Others still watch: the poller runs on; this subscriber alone is told it stopped.
    feed.attached.delete(subscriber);
    safe(() => a.sink.status({ ...pausedStatus(feed.poller.lastStatus, id), state: 'stopped', message: 'Stopped.' }));
    this.pauseIfAllPaused(feed);
  }

  private makePoller(attached: Map<string, Attachment>, filter: string, profile: Profile, carry?: Poller['freshness']): Poller {
    const source = this.opts.factory ? this.opts.factory(this.ctx, profile, {}) : createLiveSource(this.ctx, profile);
    const poller: Poller = new Poller({
      source,
      sensor: profile.id,
      intervalMs: this.opts.intervalMsOverride ?? pollIntervalMs(profile),
      ...(this.opts.maxBackoffMs ? { maxBackoffMs: this.opts.maxBackoffMs } : {}),
      ...(carry ? { carry } : {}),
      filter,
      // A closed window must not break the poller: the app shell releases its subscription.
      onDiff: (d) => {
        for (const a of attached.values()) if (!a.paused) safe(() => a.sink.diff({ ...d, seq: ++a.seq }));
      },
      onStatus: (st) => {
        notifyStatus(this.ctx, st);
        for (const a of attached.values()) if (!a.paused) safe(() => a.sink.status(st));
      },
      // The NOC watch reads every unfiltered poll (services/live/observers.ts); a filtered list is not the
      // source's. The poller is the feed: the watch follows one poller per source.
      ...(filter ? {} : { onCalls: (calls: LiveCall[], d: Omit<PollChanges, 'feed'>) => notifyCalls(this.ctx, profile.id, calls, { feed: poller, ...d }) }),
    });
    return poller;
  }

  private sendSnapshot(feed: Feed, a: Attachment): void {
    safe(() => a.sink.diff(feed.poller.rowsAsReset(++a.seq)));
    const st = feed.poller.lastStatus;
    if (st) safe(() => a.sink.status(a.paused ? pausedStatus(st) : st));
  }

  /** A receiver saw a gap in `seq` (or lost its rows): push snapshots of these profiles (all when omitted). */
  snapshot(subscriber: string, profileIds?: string[]): void {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    for (const id of sub.profileIds) {
      if (profileIds && !profileIds.includes(id)) continue;
      const feed = this.feeds.get(feedKey(id, sub.filter));
      const a = feed?.attached.get(subscriber);
      if (feed && a) this.sendSnapshot(feed, a);
    }
  }

  async unsubscribe(subscriber: string, profileIds?: string[]): Promise<void> {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    for (const id of [...sub.profileIds]) {
      if (profileIds && !profileIds.includes(id)) continue;
      sub.profileIds.delete(id);
      await this.detach(subscriber, id, sub.filter);
    }
    if (!sub.profileIds.size) this.subs.delete(subscriber);
    this.watchChanges();
  }

  /** Pauses this subscriber's pushes; a source is polled while any of its subscribers is not paused. */
  pause(subscriber: string): void {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    sub.paused = true;
    for (const id of sub.profileIds) {
      const feed = this.feeds.get(feedKey(id, sub.filter));
      const a = feed?.attached.get(subscriber);
      if (!feed || !a || a.paused) continue;
      a.paused = true;
      const st = feed.poller.lastStatus;
      safe(() => a.sink.status(pausedStatus(st, id)));
      this.pauseIfAllPaused(feed);
    }
  }

  /** Resumes pushes, starting from a snapshot (what changed while paused was not sent). */
  resume(subscriber: string): void {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    sub.paused = false;
    for (const id of sub.profileIds) {
      const feed = this.feeds.get(feedKey(id, sub.filter));
      const a = feed?.attached.get(subscriber);
      if (!feed || !a || !a.paused) continue;
      a.paused = false;
      feed.poller.resume();
      if (feed.poller.hasRows) this.sendSnapshot(feed, a);
    }
  }

  private pauseIfAllPaused(feed: Feed): void {
    if (feed.attached.size && [...feed.attached.values()].every((a) => a.paused)) feed.poller.pause();
  }

  /** The last polled state of a call, if any poller has it. */
  findCall(key: string): LiveCall | null {
    for (const feed of this.feeds.values()) {
      const c = feed.poller.callByKey(key);
      if (c) return c;
    }
    return null;
  }

  /** How many pollers run (one per source and filter, whatever the number of subscribers). */
  get pollerCount(): number {
    return this.feeds.size;
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.subs.keys()]) await this.unsubscribe(id);
  }
}

/** What a paused subscriber is told: the source's figures as they were, state "paused". */
function pausedStatus(st: SourceStatus | null, sensor = st?.sensor ?? ''): SourceStatus {
  return {
    sensor,
    state: 'paused',
    message: 'Paused.',
    retryInSec: null,
    lastPollMs: st?.lastPollMs ?? null,
    callCount: st?.callCount ?? null,
    lastGoodPollAt: st?.lastGoodPollAt ?? null,
    staleSince: st?.staleSince ?? null,
  };
}

const perContext = new WeakMap<object, LiveCallsService>();

/** The context's one live service: the windows and the NOC watch share its pollers. */
export function liveCallsServiceFor(ctx: AppContext): LiveCallsService {
  let s = perContext.get(ctx);
  if (!s) {
    s = new LiveCallsService(ctx);
    perContext.set(ctx, s);
  }
  return s;
}
