/**
 * CDR search for any backend with the `cdrSearch` capability (UCM cdrapi, Wildix CallHistory, …): a search runs as a job with an id,
 * pages stream to the window as `cdr:page` events, the job can be cancelled, and the full result set of
 * the last few jobs stays in main (bounded) so CSV export never round-trips through the renderer.
 *
 * Also keeps named saved searches and the last used query in <configDir>/cdr-searches.json.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { atomicWriteFile } from '../core/atomic-write';
import { CallboardError, toPublicError, type PublicError } from '../core/errors';
import { logger } from '../core/log';
import { cdrQueryOrderErrors, cdrQuerySchema, savedSearchSchema, type CdrQuery, type CdrRelativeRange, type CdrRecord, type CdrSource } from '../domain/cdr';
import type { Profile } from '../profiles/schema';
import { requireCapability } from '../backends/registry';
import type { AppContext } from '../core/context';
import { getDisplayZone } from './display-settings';
import { formatTime, timeHeader, type DisplayZone } from '../../src-shared/time-format';
import { visibleRecords, type CdrSort } from '../../src-shared/cdr-quick-filter';

const log = logger('cdr-search');

/** Filters only a sensor database can apply (the PBX APIs know no MOS, SIP code or Call-ID). */
const SENSOR_FILTERS = ['callId', 'callerIp', 'calledIp', 'sipCode', 'minConnectSec', 'maxConnectSec', 'mosBelow', 'lossAbove', 'codec', 'sensorId'] as const;

/** Refuses, in words, filters the source does not declare in `extraFilters`, instead of ignoring them. */
function refuseUnsupportedFilters(profile: Profile, source: CdrSource): CdrSource {
  return {
    ...source,
    search(q, opts) {
      const used = SENSOR_FILTERS.filter((k) => q[k] !== undefined && !source.extraFilters?.includes(k));
      if (used.length) {
        throw new CallboardError('usage', `The ${used.join(', ')} filter${used.length > 1 ? 's work' : ' works'} only on VoIPmonitor sensor databases, not on profile "${profile.id}".`);
      }
      return source.search(q, opts);
    },
  };
}

/** The CdrSource of a profile, from its backend's `cdrSearch` capability. */
export async function cdrSourceFor(ctx: AppContext, profileId: string): Promise<{ profile: Profile; source: CdrSource }> {
  const profile = await ctx.profiles.get(profileId);
  return { profile, source: refuseUnsupportedFilters(profile, requireCapability(profile, 'cdrSearch')(ctx, profile)) };
}

export interface CdrPageEvent {
  jobId: string;
  records: CdrRecord[];
  fetched: number;
  total: number | null;
  done: boolean;
  truncated?: boolean;
  cancelled?: boolean;
  error?: PublicError;
}

interface Job {
  id: string;
  query: CdrQuery;
  records: CdrRecord[];
  controller: AbortController;
  finished: boolean;
  startedAt: number;
}

export interface CdrSearchOptions {
  /** Finished jobs kept for export. */
  maxJobs?: number;
  /** Rows kept over all jobs; the oldest finished jobs are dropped first. */
  maxRowsKept?: number;
  /** Searches running at once; starting one more cancels the oldest (each may hold up to `limit` rows). */
  maxRunning?: number;
  /** Where a profile's records come from; default: its backend's `cdrSearch` (tests substitute a source). */
  sourceFor?: (ctx: AppContext, profile: Profile) => CdrSource;
}

export const SEARCHES_FILE = 'cdr-searches.json';
const searchesFileSchema = z.object({
  version: z.literal(1),
  saved: z.array(savedSearchSchema).max(200),
  last: z.nullable(cdrQuerySchema),
});
type SearchesFile = z.infer<typeof searchesFileSchema>;

export const CSV_COLUMNS = [
  'id', 'profileId', 'start', 'answer', 'end', 'durationSec', 'billsec', 'caller', 'callerName', 'callee', 'disposition', 'direction', 'legs', 'recordFiles',
  // Sensor database records fill these; PBX records leave them empty (appended, so older sheets keep their columns).
  'callId', 'lastSipResponse', 'mosCaller', 'mosCalled', 'lossCaller', 'lossCalled', 'jitterCaller', 'jitterCalled', 'codec', 'callerIp', 'calledIp', 'sensorId',
] as const;
const CSV_TIME_COLUMNS: ReadonlySet<string> = new Set(['start', 'answer', 'end']);

/**
 * Spreadsheet formula injection guard (OWASP "CSV Injection"): a cell starting with = + - @ tab or CR
 * is prefixed with ' so a spreadsheet shows it as text. "-2-3" and "-(1)-(2)" are formulas too; only
 * a plain E.164 number ("+442079460000") keeps its leading "+".
 */
export function csvCell(v: string | number | null): string | number {
  if (v === null) return '';
  if (typeof v === 'number') return v;
  if (/^[=+\-@\t\r\uFF0B\uFF0D\uFF1D]/.test(v) && !/^\+[0-9]{1,15}$/.test(v)) return `'${v}`;
  return v;
}

/**
 * CSV of call records, times in the operator's display zone exactly as the table shows them, the zone
 * named in the time column headers ("start (Europe/Prague)"). Without a zone: ISO 8601 as the PBX wrote it.
 */
export function recordsToCsv(records: readonly CdrRecord[], dz?: DisplayZone): string {
  const t = (v: string | null) => (v === null ? null : dz ? formatTime(v, dz) : v);
  const rows = records.map((r) =>
    [
      r.id, r.profileId, t(r.start), t(r.answer), t(r.end), r.durationSec, r.billsec, r.caller, r.callerName, r.callee, r.disposition,
      typeof r.extra.direction === 'string' ? r.extra.direction : null, r.legs.length, r.recordFiles.join(' '),
      r.callId, r.quality?.lastSipResponse ?? null, r.quality?.mosCaller ?? null, r.quality?.mosCalled ?? null, r.quality?.lossCaller ?? null,
      r.quality?.lossCalled ?? null, r.quality?.jitterCaller ?? null, r.quality?.jitterCalled ?? null, r.quality?.codec ?? null,
      r.quality?.callerIp ?? null, r.quality?.calledIp ?? null, r.quality?.sensorId ?? null,
    ].map(csvCell),
  );
  const columns = CSV_COLUMNS.map((c) => (dz && CSV_TIME_COLUMNS.has(c) ? timeHeader(c, dz, 'PBX clock') : c));
  return stringify(rows, { header: true, columns, bom: true });
}

/** What the window shows of a result set: its quick filter and sort, applied again in main for the export. */
export interface CdrViewSpec {
  quick?: string;
  sort?: CdrSort | null;
}

export class CdrSearchService {
  private readonly jobs = new Map<string, Job>();
  private readonly maxJobs: number;
  private readonly maxRowsKept: number;
  private readonly maxRunning: number;
  private readonly sourceFor: ((ctx: AppContext, profile: Profile) => CdrSource) | undefined;
  private fileChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    opts: CdrSearchOptions = {},
  ) {
    this.maxJobs = opts.maxJobs ?? 3;
    this.maxRowsKept = opts.maxRowsKept ?? 500_000;
    this.maxRunning = opts.maxRunning ?? 3;
    this.sourceFor = opts.sourceFor;
  }

  /**
   * Starts a search; pages arrive through `emit`, the last one with done=true (and error when it
   * failed). Resolves with the job id as soon as the job is registered.
   */
  async start(input: unknown, emit: (ev: CdrPageEvent) => void): Promise<{ jobId: string; finished: Promise<void> }> {
    const parsed = cdrQuerySchema.safeParse(input);
    if (!parsed.success) throw new CallboardError('usage', `The search is not valid: ${(parsed.error.issues[0]?.message ?? 'invalid').replace(/\.$/, '')}.`);
    const query = parsed.data;
    // The same rules between fields the window checks (src-shared/cdr-query-schema.ts), enforced here.
    const order = cdrQueryOrderErrors(query);
    const first = Object.entries(order)[0];
    if (first) throw new CallboardError('usage', `The search is not valid: ${first[1]}`, { fields: order });
    const source = this.sourceFor ? this.sourceFor(this.ctx, await this.ctx.profiles.get(query.profileId)) : (await cdrSourceFor(this.ctx, query.profileId)).source;
    const job: Job = { id: randomUUID(), query, records: [], controller: new AbortController(), finished: false, startedAt: this.ctx.now() };
    this.cancelOldestRunning();
    this.jobs.set(job.id, job);
    this.evict();
    void this.saveLast(query).catch((e) => log.warn('could not store the last query:', e));
    const finished = this.run(job, source, emit);
    return { jobId: job.id, finished };
  }

  private async run(job: Job, source: CdrSource, emit: (ev: CdrPageEvent) => void): Promise<void> {
    let fetched = 0;
    let total: number | null = null;
    try {
      const res = await source.search(job.query, {
        signal: job.controller.signal,
        onPage: (page) => {
          if (job.records.length + page.records.length > job.query.limit) page.records = page.records.slice(0, job.query.limit - job.records.length);
          for (const r of page.records) job.records.push(r);
          fetched = page.fetched;
          total = page.total;
          emit({ jobId: job.id, records: page.records, fetched: page.fetched, total: page.total, done: false });
        },
      });
      emit({ jobId: job.id, records: [], fetched: res.fetched, total, done: true, truncated: res.truncated });
    } catch (e) {
      const cancelled = job.controller.signal.aborted || (e instanceof CallboardError && e.code === 'cancelled');
      if (!cancelled && !(e instanceof CallboardError)) log.error(`search ${job.id} failed:`, e);
      emit({ jobId: job.id, records: [], fetched, total, done: true, cancelled, ...(cancelled ? {} : { error: toPublicError(e) }) });
    } finally {
      job.finished = true;
      this.evict();
    }
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  records(jobId: string): CdrRecord[] {
    const job = this.jobs.get(jobId);
    if (!job) throw new CallboardError('not_found', 'That search is no longer kept in memory; run it again to export it.');
    return job.records;
  }

  /**
   * Writes the rows the window shows (the job's result set through the same quick filter and sort) as
   * CSV to a path the operator picks in main's save dialog.
   */
  async exportCsv(jobId: string, view: CdrViewSpec = {}): Promise<{ cancelled: boolean; path?: string; rows: number }> {
    const records = visibleRecords(this.records(jobId), view.quick ?? '', view.sort ?? null);
    const job = this.jobs.get(jobId)!;
    const day = new Date(this.ctx.now()).toISOString().slice(0, 10);
    const file = await this.ctx.platform.saveFile({
      title: 'Export call records',
      defaultName: `cdr-${job.query.profileId}-${day}.csv`,
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    if (!file) return { cancelled: true, rows: 0 };
    try {
      await atomicWriteFile(file, recordsToCsv(records, await getDisplayZone(this.ctx.configDir)), 0o644);
    } catch (e) {
      throw new CallboardError('config', `Could not write ${path.basename(file)}: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}.`);
    }
    return { cancelled: false, path: file, rows: records.length };
  }

  /**
   * Running jobs are never evicted, so without a bound every started search (up to 1,000,000 rows
   * each) would stay in memory until it ends: keep room for one more by cancelling the oldest.
   */
  private cancelOldestRunning(): void {
    const running = [...this.jobs.values()].filter((j) => !j.finished && !j.controller.signal.aborted);
    for (const j of running.slice(0, Math.max(0, running.length - this.maxRunning + 1))) j.controller.abort();
  }

  /** Drops the oldest finished jobs beyond the job and row bounds; running jobs are never dropped. */
  private evict(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finished).sort((a, b) => a.startedAt - b.startedAt);
    let rows = [...this.jobs.values()].reduce((n, j) => n + j.records.length, 0);
    while (finished.length > 0 && (this.jobs.size > this.maxJobs || rows > this.maxRowsKept)) {
      const j = finished.shift()!;
      this.jobs.delete(j.id);
      rows -= j.records.length;
    }
  }

  // ---- saved searches --------------------------------------------------------------------------

  private get file(): string {
    return path.join(this.ctx.configDir, SEARCHES_FILE);
  }

  async readSearches(): Promise<SearchesFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, saved: [], last: null };
      throw new CallboardError('config', `Cannot read ${this.file}: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}.`);
    }
    try {
      const r = searchesFileSchema.safeParse(JSON.parse(text));
      if (r.success) return r.data;
    } catch {
      // fall through
    }
    // A damaged presets file must not block searching; it is replaced on the next save.
    log.warn(`${this.file} is not valid; starting with no saved searches`);
    return { version: 1, saved: [], last: null };
  }

  private mutate(fn: (f: SearchesFile) => SearchesFile): Promise<void> {
    const run = this.fileChain.then(async () => {
      const next = searchesFileSchema.parse(fn(await this.readSearches()));
      await fs.mkdir(this.ctx.configDir, { recursive: true });
      await atomicWriteFile(this.file, JSON.stringify(next, null, 2) + '\n');
    });
    this.fileChain = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued write of the searches file has ended (shutdown, tests). */
  settled(): Promise<void> {
    return this.fileChain.then(() => undefined);
  }

  saveLast(query: CdrQuery): Promise<void> {
    return this.mutate((f) => ({ ...f, last: query }));
  }

  /** `relative`: the range is recomputed each time the search is loaded (the stored from/to are the last ones). */
  saveSearch(name: string, query: unknown, relative?: CdrRelativeRange): Promise<void> {
    const s = savedSearchSchema.safeParse({ name, query, ...(relative ? { relative } : {}) });
    if (!s.success) throw new CallboardError('usage', `The saved search is not valid: ${s.error.issues[0]?.message ?? 'invalid'}.`);
    return this.mutate((f) => {
      const saved = f.saved.filter((x) => x.name !== s.data.name);
      if (saved.length >= 200) throw new CallboardError('usage', 'There are already 200 saved searches; delete some first.');
      return { ...f, saved: [...saved, s.data].sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  deleteSearch(name: string): Promise<void> {
    return this.mutate((f) => ({ ...f, saved: f.saved.filter((x) => x.name !== name) }));
  }
}
