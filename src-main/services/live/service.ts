/**
 * Live calls for each subscriber (a window, the NOC watch, a test). A source is polled ONCE however
 * many subscribers watch it and whatever their text filters: one poller per profile (one request, one
 * unfiltered poll, one diff), so a second window, a filtered window or the watch adds no load on the
 * sensor or PBX, and a VoIPmonitor sensor's row cache sees one list after another. Subscribers with a
 * text filter share one view per filter (services/live/filtered-view.ts) with its own diff of the
 * matching calls. Each subscriber keeps its own sequence numbers and its own pause, and starts from a
 * snapshot.
 *
 * A filtered view's status is the poller's (state, freshness, last good poll, timings) with the
 * view's own call count: the chip counts the rows the operator sees, and the message says how many of
 * the source's calls that is.
 *
 * One service per application context (`liveCallsServiceFor`), so the windows' IPC handlers and the
 * watch share it; tests that need other poll intervals make their own.
 */
import type { LiveCall, LiveDiff, SourceStatus } from '../../domain/live-call';
import type { AppContext } from '../../core/context';
import type { Profile } from '../../profiles/schema';
import { Poller } from './poller';
import { FilteredView } from './filtered-view';
import { normaliseFilter } from './diff';
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

/** One subscriber's place on a shared poller. */
interface Attachment {
  sink: LiveSink;
  /** This subscriber's own sequence: a snapshot for one subscriber is not a gap for another. */
  seq: number;
  paused: boolean;
}

/** The subscribers of one source with one text filter ('' : the poller's own rows and diff). */
interface View {
  /** null for the unfiltered view, which is the poller's diff itself (the source's list, its ListDelta). */
  rows: FilteredView | null;
  attached: Map<string, Attachment>;
  /** The poller's last status as this view tells it (its own call count). */
  last: SourceStatus | null;
}

/** The one poller of one source, and its views. */
interface Feed {
  profileId: string;
  poller: Poller;
  /** connectionKey() of the profile the poller was built from. */
  key: string;
  /** By normalised filter; a view lives while it has subscribers. */
  views: Map<string, View>;
}

interface Subscription {
  sink: LiveSink;
  /** Normalised (normaliseFilter); one filter for all of a subscriber's profiles. */
  filter: string;
  profileIds: Set<string>;
  paused: boolean;
}

/** How often saved profiles are compared with what the pollers were built from. */
const CHANGE_CHECK_MS = 1000;

const hasChanges = (d: { added: readonly unknown[]; changed: readonly unknown[]; removed: readonly unknown[] }) => d.added.length > 0 || d.changed.length > 0 || d.removed.length > 0;

/** The poller's status as a view tells it: a filtered view counts its own rows. */
function viewStatus(st: SourceStatus, v: View): SourceStatus {
  if (!v.rows || st.callCount === null) return st;
  const m = v.rows.count;
  const n = st.callCount;
  const message = st.state === 'connected' ? `${m} of ${n} live call${n === 1 ? '' : 's'} match${m === 1 ? 'es' : ''} the filter.` : st.message;
  return { ...st, callCount: m, message };
}

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
   * push to every subscriber of every view), checked once a second and right after a secret is set or
   * cleared.
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
          if (key === feed.key || this.feeds.get(feed.profileId) !== feed) continue;
          const old = feed.poller;
          await old.stop(true);
          if (this.feeds.get(feed.profileId) !== feed) continue; // released meanwhile
          // The new poller's first poll is a reset: every view is rebuilt from it and pushed whole.
          for (const v of feed.views.values()) v.rows?.clear();
          feed.poller = this.makePoller(feed.views, profile, old.freshness);
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

  /**
   * Replaces the subscriber's set of profiles and its text filter; unchanged profiles keep their
   * poller (a new filter only moves the subscriber to another view of it).
   */
  async subscribe(subscriber: string, profileIds: string[], sink: LiveSink, filter = ''): Promise<void> {
    const text = normaliseFilter(filter);
    let sub = this.subs.get(subscriber);
    if (!sub) {
      sub = { sink, filter: text, profileIds: new Set(), paused: false };
      this.subs.set(subscriber, sub);
    }
    sub.sink = sink;
    const want = new Set(profileIds);
    for (const id of [...sub.profileIds]) {
      if (!want.has(id)) {
        sub.profileIds.delete(id);
        await this.detach(subscriber, id, sub.filter);
      }
    }
    const was = sub.filter;
    sub.filter = text;
    // The profiles it keeps first (all of them, before anything can throw), so every attachment is in
    // the view of the subscriber's filter.
    for (const id of sub.profileIds) {
      const feed = this.feeds.get(id);
      const mine = feed?.views.get(was)?.attached.get(subscriber);
      if (!feed || !mine) continue;
      // A reloaded window (same subscriber), a re-subscribe or a new filter starts from the full table,
      // never from changes only: the rows as of the last good poll, then the status that says how
      // fresh they are.
      mine.sink = sink;
      if (was !== text) this.leaveView(feed, was, subscriber);
      const view = this.viewFor(feed, text);
      view.attached.set(subscriber, mine);
      this.sendSnapshot(feed, view, mine);
    }
    for (const id of want) {
      if (sub.profileIds.has(id) && this.place(sub, subscriber, id)) continue;
      sub.profileIds.add(id);
      await this.attach(subscriber, sub, id);
    }
    this.watchChanges();
  }

  private async attach(subscriber: string, sub: Subscription, id: string): Promise<void> {
    const att: Attachment = { sink: sub.sink, seq: 0, paused: sub.paused };
    let feed = this.feeds.get(id);
    if (!feed) {
      const profile = await this.ctx.profiles.get(id);
      feed = this.feeds.get(id); // another subscriber may have started it meanwhile
      if (!feed) {
        const views = new Map<string, View>();
        const created: Feed = { profileId: id, poller: this.makePoller(views, profile), key: connectionKey(this.ctx.secrets, profile), views };
        this.viewFor(created, sub.filter).attached.set(subscriber, att);
        this.feeds.set(id, created);
        if (att.paused) created.poller.pause();
        created.poller.start();
        return;
      }
    }
    const view = this.viewFor(feed, sub.filter);
    view.attached.set(subscriber, att);
    // Another subscriber already polls this source: its rows now (a snapshot), not an empty table
    // until the next poll.
    if (feed.poller.hasRows) this.sendSnapshot(feed, view, att);
    else if (view.last) {
      const st = view.last;
      safe(() => att.sink.status(st));
    }
    if (!att.paused) feed.poller.resume();
  }

  /** The feed's view for a filter, made on first use from the poller's last good poll. */
  private viewFor(feed: Feed, filter: string): View {
    let v = feed.views.get(filter);
    if (v) return v;
    v = { rows: filter ? new FilteredView(filter) : null, attached: new Map(), last: null };
    const list = feed.poller.lastList;
    if (v.rows && list) v.rows.build(list);
    const st = feed.poller.lastStatus;
    v.last = st ? viewStatus(st, v) : null;
    feed.views.set(filter, v);
    return v;
  }

  /** Takes a subscriber off a view; a filtered view nobody watches is dropped (no work per poll). */
  private leaveView(feed: Feed, filter: string, subscriber: string): void {
    const v = feed.views.get(filter);
    if (!v) return;
    v.attached.delete(subscriber);
    if (!v.attached.size) feed.views.delete(filter);
  }

  private attachedCount(feed: Feed): number {
    let n = 0;
    for (const v of feed.views.values()) n += v.attached.size;
    return n;
  }

  private async detach(subscriber: string, id: string, filter: string): Promise<void> {
    const feed = this.feeds.get(id);
    const view = feed?.views.get(filter);
    const a = view?.attached.get(subscriber);
    if (!feed || !view || !a) return;
    if (this.attachedCount(feed) === 1) {
      // The last subscriber: the poller stops, and its "stopped" status reaches that subscriber.
      this.feeds.delete(id);
      a.paused = false;
      await feed.poller.stop();
      this.leaveView(feed, filter, subscriber);
      return;
    }
    // Others still watch: the poller runs on; this subscriber alone is told it stopped.
    this.leaveView(feed, filter, subscriber);
    safe(() => a.sink.status({ ...pausedStatus(view.last, id), state: 'stopped', message: 'Stopped.' }));
    this.pauseIfAllPaused(feed);
  }

  private makePoller(views: Map<string, View>, profile: Profile, carry?: Poller['freshness']): Poller {
    const source = this.opts.factory ? this.opts.factory(this.ctx, profile, {}) : createLiveSource(this.ctx, profile);
    const poller: Poller = new Poller({
      source,
      sensor: profile.id,
      intervalMs: this.opts.intervalMsOverride ?? pollIntervalMs(profile),
      ...(this.opts.maxBackoffMs ? { maxBackoffMs: this.opts.maxBackoffMs } : {}),
      ...(carry ? { carry } : {}),
      // A closed window must not break the poller: the app shell releases its subscription.
      onDiff: (d) => {
        const v = views.get('');
        if (v) for (const a of v.attached.values()) if (!a.paused) safe(() => a.sink.diff({ ...d, seq: ++a.seq }));
      },
      onCalls: (calls: LiveCall[], d: Omit<PollChanges, 'feed'>) => {
        // The NOC watch reads every poll, unfiltered (services/live/observers.ts); the poller is the
        // feed: the watch follows one poller per source.
        notifyCalls(this.ctx, profile.id, calls, { feed: poller, ...d });
        for (const v of views.values()) {
          if (!v.rows) continue;
          const fd = v.rows.update(calls, d);
          if (!d.reset && !hasChanges(fd)) continue;
          const polledAt = poller.polledAt ?? new Date().toISOString();
          for (const a of v.attached.values()) if (!a.paused) safe(() => a.sink.diff({ sensor: profile.id, ...fd, reset: d.reset, seq: ++a.seq, polledAt }));
        }
      },
      onStatus: (st) => {
        notifyStatus(this.ctx, st);
        for (const v of views.values()) {
          const vs = viewStatus(st, v);
          v.last = vs;
          for (const a of v.attached.values()) if (!a.paused) safe(() => a.sink.status(vs));
        }
      },
    });
    return poller;
  }

  private sendSnapshot(feed: Feed, v: View, a: Attachment): void {
    const seq = ++a.seq;
    const d = v.rows ? v.rows.rowsAsReset(feed.profileId, seq, feed.poller.polledAt ?? new Date().toISOString()) : feed.poller.rowsAsReset(seq);
    safe(() => a.sink.diff(d));
    const st = v.last;
    if (st) safe(() => a.sink.status(a.paused ? pausedStatus(st) : st));
  }

  /** A subscriber's attachment on a profile's feed, with its view. */
  private place(sub: Subscription, subscriber: string, id: string): { feed: Feed; view: View; a: Attachment } | null {
    const feed = this.feeds.get(id);
    const view = feed?.views.get(sub.filter);
    const a = view?.attached.get(subscriber);
    return feed && view && a ? { feed, view, a } : null;
  }

  /** A receiver saw a gap in `seq` (or lost its rows): push snapshots of these profiles (all when omitted). */
  snapshot(subscriber: string, profileIds?: string[]): void {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    for (const id of sub.profileIds) {
      if (profileIds && !profileIds.includes(id)) continue;
      const p = this.place(sub, subscriber, id);
      if (p) this.sendSnapshot(p.feed, p.view, p.a);
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
      const p = this.place(sub, subscriber, id);
      if (!p || p.a.paused) continue;
      p.a.paused = true;
      const st = p.view.last;
      safe(() => p.a.sink.status(pausedStatus(st, id)));
      this.pauseIfAllPaused(p.feed);
    }
  }

  /** Resumes pushes, starting from a snapshot (what changed while paused was not sent). */
  resume(subscriber: string): void {
    const sub = this.subs.get(subscriber);
    if (!sub) return;
    sub.paused = false;
    for (const id of sub.profileIds) {
      const p = this.place(sub, subscriber, id);
      if (!p || !p.a.paused) continue;
      p.a.paused = false;
      p.feed.poller.resume();
      if (p.feed.poller.hasRows) this.sendSnapshot(p.feed, p.view, p.a);
    }
  }

  private pauseIfAllPaused(feed: Feed): void {
    let any = false;
    for (const v of feed.views.values()) {
      for (const a of v.attached.values()) {
        if (!a.paused) return;
        any = true;
      }
    }
    if (any) feed.poller.pause();
  }

  /** The last polled state of a call, if any poller has it (each poller holds its source's whole list). */
  findCall(key: string): LiveCall | null {
    for (const feed of this.feeds.values()) {
      const c = feed.poller.callByKey(key);
      if (c) return c;
    }
    return null;
  }

  /** How many pollers run: one per source, whatever the number of subscribers and filters. */
  get pollerCount(): number {
    return this.feeds.size;
  }

  /** How many filtered views are kept up to date (one per source and distinct filter). */
  get filteredViewCount(): number {
    let n = 0;
    for (const f of this.feeds.values()) for (const v of f.views.values()) if (v.rows) n++;
    return n;
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
