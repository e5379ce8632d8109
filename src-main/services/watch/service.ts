/**
 * The NOC watch: KPIs and alert rules over the live poll cycle, for the app and `callboard watch`.
 *
 * It reads every unfiltered poll of the context's pollers through the live observer hook, so the
 * window's own polling feeds it too; profiles marked `watch` in the watch settings are also polled by
 * the watch itself (subscriber "noc-watch"), so rules run when no window shows them. Rules are
 * evaluated after each poll of a source and once a second (a source that stops answering produces no
 * polls, and "unreachable / stale" must still fire).
 */
import { CallboardError } from '../../core/errors';
import { logger } from '../../core/log';
import type { Alert, AlertRule, AlertsSummary, WatchSettings } from '../../domain/alerts';
import type { LiveCall, SourceStatus } from '../../domain/live-call';
import type { LiveSourceKpis } from '../../domain/kpi';
import { watchStoreFor, type WatchStore } from '../../profiles/watch-store';
import type { AppContext } from '../../core/context';
import { LiveKpiTracker } from '../kpi/live-tracker';
import { DestinationClassifier, trunkResolver } from '../kpi/groups';
import { LiveCallsService, liveCallsServiceFor, type LiveServiceOptions } from '../live/service';
import { liveObservers, type LiveObserver, type PollChanges } from '../live/observers';
import { healthOf, registrationsOf } from '../live/requests';
import { AlertBook, type AlertChange } from './alert-book';
import { observe, type SourceFacts } from './observations';

const log = logger('watch');

export const WATCH_SUBSCRIBER = 'noc-watch';

interface SourceState {
  tracker: LiveKpiTracker;
  lastOkMs: number | null;
  sinceMs: number;
  state: string | null;
  drops: Array<[number, number]>;
  registrations: SourceFacts['registrations'];
  lastHealthMs: number;
  lastRegsMs: number;
  label: string;
}

export interface WatchListener {
  alerts?(changes: AlertChange[], summary: AlertsSummary): void;
  kpis?(k: LiveSourceKpis): void;
}

export interface WatchServiceOptions {
  /** The live service that polls watched profiles (tests: faster intervals). */
  live?: LiveCallsService;
  liveOptions?: LiveServiceOptions;
  /** Replaces the stored settings (`callboard watch --rules FILE`). */
  settings?: WatchSettings;
  now?: () => number;
  /** Evaluation tick for sources without polls; 0 turns it off (tests drive evaluate()). */
  tickMs?: number;
  /** Minimum ms between two KPI pushes of one source. */
  kpiPushMs?: number;
  healthEveryMs?: number;
  registrationsEveryMs?: number;
}

export class WatchService {
  private settings: WatchSettings | null = null;
  private readonly store: WatchStore;
  private readonly sources = new Map<string, SourceState>();
  private readonly book = new AlertBook();
  private readonly listeners = new Set<WatchListener>();
  private readonly live: LiveCallsService;
  private readonly observer: LiveObserver;
  private timer: NodeJS.Timeout | null = null;
  private lastKpiPush = new Map<string, number>();
  private started = false;
  private names = new Map<string, string>();
  private readonly now: () => number;

  constructor(private readonly ctx: AppContext, private readonly o: WatchServiceOptions = {}) {
    this.store = watchStoreFor(ctx.configDir);
    // The context's live service by default, so a profile both shown in a window and watched is polled once.
    this.live = o.live ?? (o.liveOptions ? new LiveCallsService(ctx, o.liveOptions) : liveCallsServiceFor(ctx));
    this.now = o.now ?? (() => ctx.now());
    this.observer = {
      calls: (sensor, calls, changes) => this.onPoll(sensor, calls, changes),
      status: (s) => this.onStatus(s),
    };
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    liveObservers(this.ctx).add(this.observer);
    await this.reload(this.o.settings);
    const tick = this.o.tickMs ?? 1000;
    if (tick > 0) {
      this.timer = setInterval(() => void this.tick(), tick);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    liveObservers(this.ctx).delete(this.observer);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.live.unsubscribe(WATCH_SUBSCRIBER);
  }

  /** (Re)reads the settings and (re)subscribes the watched profiles. */
  async reload(settings?: WatchSettings): Promise<void> {
    this.settings = settings ?? (await this.store.load());
    this.sources.clear(); // trunk maps and windows may have changed
    const ids = new Set(this.settings.rules.filter((r) => r.enabled).map((r) => r.id));
    this.emitAlerts(this.book.retain(ids, this.now()));
    try {
      this.names = new Map((await this.ctx.profiles.list()).map((p) => [p.id, p.name]));
    } catch {
      // A broken profiles file is reported where profiles are edited; labels fall back to ids.
    }
    const watched: string[] = [];
    for (const p of this.settings.profiles) {
      if (!p.watch) continue;
      try {
        await this.ctx.profiles.get(p.profileId);
        watched.push(p.profileId);
      } catch {
        log.warn(`watch: profile ${p.profileId} does not exist; not watched`);
      }
    }
    if (watched.length) await this.live.subscribe(WATCH_SUBSCRIBER, watched, { diff: () => undefined, status: () => undefined });
    else await this.live.unsubscribe(WATCH_SUBSCRIBER);
  }

  async saveSettings(input: unknown): Promise<WatchSettings> {
    const s = await this.store.save(input as WatchSettings);
    if (!this.o.settings) await this.reload(s);
    return s;
  }

  getSettings(): WatchSettings {
    if (!this.settings) throw new CallboardError('internal', 'The watch is not started.');
    return this.settings;
  }

  addListener(l: WatchListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private sourceState(sensor: string): SourceState | null {
    const s = this.settings;
    if (!s) return null;
    let st = this.sources.get(sensor);
    if (!st) {
      const pw = s.profiles.find((p) => p.profileId === sensor);
      const now = this.now();
      st = {
        tracker: new LiveKpiTracker(sensor, { windowMs: s.windowSec * 1000, minSample: s.minSample, trunks: trunkResolver(pw?.trunks ?? []), destinations: new DestinationClassifier(s.homeCountry) }),
        lastOkMs: null, sinceMs: now, state: null, drops: [], registrations: null, lastHealthMs: 0, lastRegsMs: 0, label: this.names.get(sensor) ?? sensor,
      };
      this.sources.set(sensor, st);
    }
    return st;
  }

  /**
   * One poll of a source (from any poller of this context). With the poller's diff the tracker visits
   * only the calls that changed; without one (tests, another caller) it takes the full list.
   */
  onPoll(sensor: string, calls: readonly LiveCall[], changes?: PollChanges): void {
    const st = this.sourceState(sensor);
    if (!st) return;
    const now = this.now();
    if (changes) st.tracker.poll(changes.feed, calls, changes, changes.reset, now);
    else st.tracker.ingest(calls, now);
    st.lastOkMs = now;
    this.evaluate(sensor, now);
    this.pushKpis(sensor, st, now);
  }

  onStatus(s: SourceStatus): void {
    const watched = this.settings?.profiles.some((p) => p.watch && p.profileId === s.sensor) ?? false;
    if ((s.state === 'stopped' || s.state === 'paused') && !watched) {
      // Only a window polled it, and it stopped (or paused): nothing to judge, and no "down" alarm.
      if (this.sources.delete(s.sensor)) this.emitAlerts(this.book.dropProfile(s.sensor, this.now()));
      return;
    }
    const st = this.sourceState(s.sensor);
    if (!st) return;
    st.state = s.state;
    // The live service's freshness: the last good poll of any poller of this source.
    const good = s.lastGoodPollAt ? Date.parse(s.lastGoodPollAt) : NaN;
    if (Number.isFinite(good) && (st.lastOkMs === null || good > st.lastOkMs)) st.lastOkMs = good;
  }

  private pushKpis(sensor: string, st: SourceState, now: number): void {
    if (![...this.listeners].some((l) => l.kpis)) return;
    const last = this.lastKpiPush.get(sensor) ?? 0;
    if (now - last < (this.o.kpiPushMs ?? 1000)) return;
    this.lastKpiPush.set(sensor, now);
    const k = st.tracker.snapshot(now, { destinations: false });
    for (const l of this.listeners) l.kpis?.(k);
  }

  private rulesFor(profileId: string): AlertRule[] {
    return (this.settings?.rules ?? []).filter((r) => r.enabled && (r.profileIds.length === 0 || r.profileIds.includes(profileId)));
  }

  /** Evaluates the rules of one source (or all), returns what changed. */
  evaluate(sensor?: string, now = this.now()): AlertChange[] {
    const s = this.settings;
    if (!s) return [];
    const changes: AlertChange[] = [];
    for (const [id, st] of this.sources) {
      if (sensor && id !== sensor) continue;
      const facts: SourceFacts = { profileId: id, label: st.label, tracker: st.tracker, lastOkMs: st.lastOkMs, sinceMs: st.sinceMs, state: st.state, drops: st.drops, registrations: st.registrations, homeCountry: s.homeCountry };
      for (const rule of this.rulesFor(id)) changes.push(...this.book.observe(rule, id, observe(rule, facts, now), now));
    }
    this.emitAlerts(changes);
    return changes;
  }

  /** Once a second: sources without polls, and the sensor health / registrations rules. */
  async tick(): Promise<void> {
    const now = this.now();
    for (const p of this.settings?.profiles ?? []) if (p.watch) this.sourceState(p.profileId);
    await this.pollExtras(now).catch((e) => log.warn('watch: extra poll failed:', e));
    this.evaluate(undefined, now);
  }

  private async pollExtras(now: number): Promise<void> {
    for (const [id, st] of this.sources) {
      const rules = this.rulesFor(id);
      if (rules.some((r) => r.kind === 'capture-drops') && now - st.lastHealthMs >= (this.o.healthEveryMs ?? 30_000)) {
        st.lastHealthMs = now;
        try {
          const h = await healthOf(this.ctx, id);
          if (h.captureDrops !== null) {
            st.drops.push([now, h.captureDrops + (h.bufferDrops ?? 0)]);
            if (st.drops.length > 500) st.drops.shift();
          }
        } catch {
          // Unreachable sensors are the source-down rule's business.
        }
      }
      if (rules.some((r) => r.kind === 'registrations-failed') && now - st.lastRegsMs >= (this.o.registrationsEveryMs ?? 60_000)) {
        st.lastRegsMs = now;
        try {
          const regs = await registrationsOf(this.ctx, id, {});
          const failed = regs.filter((r) => r.state === 'Failed');
          st.registrations = { failed: failed.length, total: regs.length, failedUsers: failed.slice(0, 20).map((r) => r.user) };
        } catch {
          st.registrations = null;
        }
      }
    }
  }

  private emitAlerts(changes: AlertChange[]): void {
    if (!changes.length) return;
    const summary = this.book.summary();
    for (const l of this.listeners) {
      try {
        l.alerts?.(changes, summary);
      } catch (e) {
        log.error('watch listener failed:', e);
      }
    }
  }

  alerts(): Alert[] {
    return this.book.all();
  }

  summary(): AlertsSummary {
    return this.book.summary();
  }

  /** The operator acknowledges an open alert: audited (fsync) before it changes. */
  async acknowledge(id: string, by: string): Promise<Alert> {
    const a = this.book.find(id);
    if (!a) throw new CallboardError('not_found', 'That alert is no longer listed.');
    if (a.state === 'acknowledged') return a;
    await this.ctx.audit.append({ phase: 'event', action: 'alert-ack', profileId: a.profileId, target: `${a.ruleId} ${a.group.label}`.slice(0, 200), decision: 'n/a', reason: a.message.slice(0, 300), pbxCode: null, outcome: 'ok' });
    a.ackBy = by;
    a.ackAt = new Date(this.now()).toISOString();
    if (a.state === 'open') a.state = 'acknowledged';
    this.emitAlerts([{ alert: a, change: 'acknowledged' }]);
    return a;
  }

  kpis(profileIds?: readonly string[]): LiveSourceKpis[] {
    const now = this.now();
    const out: LiveSourceKpis[] = [];
    for (const [id, st] of this.sources) if ((!profileIds || profileIds.includes(id)) && st.tracker.lastPollMs !== null) out.push(st.tracker.snapshot(now));
    return out;
  }
}

const services = new WeakMap<AppContext, WatchService>();

/** The app's one watch per context (IPC handlers and the desktop shell share it). */
export function watchServiceFor(ctx: AppContext, o?: WatchServiceOptions): WatchService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new WatchService(ctx, o)));
  return s;
}
