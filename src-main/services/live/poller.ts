/**
 * One poller per source, shared by all its subscribers, filtered or not (services/live/service.ts):
 * poll the whole list, diff, push; on failure a visible status with exponential backoff (1, 2, 4 … 30 s),
 * then a full reset push on recovery. Never a silent freeze: every poll outcome produces a status, and a
 * hung source is cut by a watchdog. Text filters are views on its polls (services/live/filtered-view.ts).
 */
import { CallboardError, toPublicError } from '../../core/errors';
import { TrustRequiredError } from '../../core/trust';
import { logger } from '../../core/log';
import type { LiveCall, LiveDiff, LiveSource, SourceStatus } from '../../domain/live-call';
import { diffCalls, emptyDiffState } from './diff';

const log = logger('live');

export interface PollerOptions {
  source: LiveSource;
  sensor: string;
  intervalMs: number;
  /** A poll slower than this is reported as "slow". */
  slowMs?: number;
  /** Watchdog for sources that never settle. */
  watchdogMs?: number;
  maxBackoffMs?: number;
  onDiff(d: LiveDiff): void;
  onStatus(s: SourceStatus): void;
  /**
   * Called after each successful poll (after onDiff, before its status) with the source's own list and
   * its diff: `removed` as the calls were last listed.
   */
  onCalls?(calls: LiveCall[], changes: { reset: boolean; added: LiveCall[]; changed: LiveCall[]; removed: LiveCall[] }): void;
  /** A poller that replaces another one (profile or secrets changed) inherits how fresh its rows were. */
  carry?: { lastGoodPollAt: string | null; staleSince: string | null };
}

export class Poller {
  private stopped = false;
  private paused = false;
  private wake: (() => void) | null = null;
  private abort: AbortController | null = null;
  private state = emptyDiffState();
  private needReset = true;
  private failures = 0;
  private running: Promise<void> | null = null;
  private seq = 0;
  private lastGoodAt: string | null = null;
  private staleSince: string | null = null;
  private last: SourceStatus | null = null;
  constructor(private readonly o: PollerOptions) {
    this.lastGoodAt = o.carry?.lastGoodPollAt ?? null;
    this.staleSince = o.carry?.staleSince ?? null;
  }

  /** A call of the last successful poll, for detail lookups (the diff state already holds each one). */
  callByKey(key: string): LiveCall | undefined {
    return this.state.entries.get(key)?.obj;
  }

  /** The last status pushed (a new receiver gets it at once). */
  get lastStatus(): SourceStatus | null {
    return this.last;
  }

  /**
   * The rows as of the last good poll as one reset push in a subscriber's own sequence (each subscriber
   * numbers its pushes; services/live/service.ts), for a receiver that (re)subscribes or saw a gap.
   * Before any good poll it is an empty snapshot: nothing is known.
   */
  rowsAsReset(seq: number): LiveDiff {
    const added = [...this.state.entries.values()].map((e) => e.obj);
    return { sensor: this.o.sensor, added, changed: [], removed: [], reset: true, seq, polledAt: this.lastGoodAt ?? new Date().toISOString() };
  }

  /** The source's list of the last good poll (the very array it returned; null before any). */
  get lastList(): readonly LiveCall[] | null {
    return this.hasRows ? this.state.last : null;
  }

  /** ISO time of the last good poll (the rows are as of then). */
  get polledAt(): string | null {
    return this.lastGoodAt;
  }

  /** Whether a poll has succeeded since start (the rows mean something). */
  get hasRows(): boolean {
    return this.lastGoodAt !== null && this.state.gen > 0;
  }

  start(): void {
    if (!this.running) this.running = this.loop();
  }

  /** `quiet`: replaced by a new poller for the same source, whose status follows at once. */
  async stop(quiet = false): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.running;
    await this.o.source.close().catch(() => undefined);
    if (!quiet) this.status('stopped', 'Stopped.', null, null, null);
  }

  /** How fresh this poller's rows are, for a replacement. */
  get freshness(): { lastGoodPollAt: string | null; staleSince: string | null } {
    return { lastGoodPollAt: this.lastGoodAt, staleSince: this.staleSince };
  }

  pause(): void {
    this.paused = true;
    this.status('paused', 'Paused.', null, null, this.state.entries.size);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.wake?.();
  }

  private status(state: SourceStatus['state'], message: string, retryInSec: number | null, lastPollMs: number | null, callCount: number | null): void {
    this.last = { sensor: this.o.sensor, state, message, retryInSec, lastPollMs, callCount, lastGoodPollAt: this.lastGoodAt, staleSince: this.staleSince };
    this.o.onStatus(this.last);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async pollOnce(): Promise<LiveCall[]> {
    const ac = new AbortController();
    this.abort = ac;
    const watchdog = this.o.watchdogMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.o.source.poll(ac.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            ac.abort();
            reject(new CallboardError('timeout', `Sensor ${this.o.sensor} did not answer within ${Math.round(watchdog / 1000)} s.`));
          }, watchdog);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.abort = null;
    }
  }

  private async loop(): Promise<void> {
    this.status('connecting', `Connecting to ${this.o.sensor}…`, null, null, null);
    while (!this.stopped) {
      if (this.paused) {
        await this.sleep(3_600_000);
        continue;
      }
      const t0 = Date.now();
      try {
        const calls = await this.pollOnce();
        if (this.stopped) break;
        const ms = Date.now() - t0;
        const reset = this.needReset;
        if (reset) this.state = emptyDiffState();
        const gone: LiveCall[] = [];
        const d = diffCalls(this.state, calls, this.o.onCalls ? gone : undefined);
        this.needReset = false;
        this.failures = 0;
        this.lastGoodAt = new Date().toISOString();
        this.staleSince = null;
        if (reset || d.added.length || d.changed.length || d.removed.length) {
          this.o.onDiff({ sensor: this.o.sensor, ...d, reset, seq: ++this.seq, polledAt: this.lastGoodAt });
        }
        this.o.onCalls?.(calls, { reset, added: d.added, changed: d.changed, removed: gone });
        const slow = ms > (this.o.slowMs ?? Math.max(1500, this.o.intervalMs));
        this.status(
          slow ? 'slow' : 'connected',
          slow ? `Slow: the last poll took ${ms} ms.` : `${calls.length} live call${calls.length === 1 ? '' : 's'}.`,
          null, ms, calls.length,
        );
        if (!this.stopped && !this.paused) await this.sleep(Math.max(100, this.o.intervalMs - ms));
      } catch (e) {
        if (this.stopped) break;
        this.failures++;
        this.needReset = true;
        // The rows stay as they were at the last good poll; from now on they are stale, and say so.
        this.staleSince ??= new Date(t0).toISOString();
        const permanent = e instanceof TrustRequiredError || (e instanceof CallboardError && ['config', 'auth', 'keychain', 'usage'].includes(e.code));
        const max = this.o.maxBackoffMs ?? 30_000;
        const delay = permanent ? max : Math.min(max, 1000 * 2 ** Math.min(this.failures - 1, 10));
        const msg = toPublicError(e).message;
        if (!(e instanceof CallboardError)) log.error(`live source ${this.o.sensor} failed:`, e);
        this.status('error', msg, Math.ceil(delay / 1000), Date.now() - t0, null);
        await this.sleep(delay);
      }
    }
  }
}
