// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- types of proper-lockfile beside this file, also for tsconfigs that include only tests
/// <reference path="./proper-lockfile.d.ts" />
/**
 * Append-only audit log: JSON lines, one fsync'd write per record, rotated by size, never rewritten.
 * It fails closed: a write that does not land whole rejects, and callers do nothing (no PBX call).
 *
 * Actions with side effects on a PBX write an "attempt" record before the PBX is called and a
 * "result" record after, linked by attemptId, so a crash in between still leaves the attempt on disk.
 */
import { promises as nodeFs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as lockfile from 'proper-lockfile';
import { CallboardError } from '../core/errors';

export { auditActionSchema, auditRecordSchema, auditFilterSchema, type AuditRecord, type AuditAction, type AuditFilter } from '../domain/audit';
import { auditRecordSchema, auditFilterSchema, type AuditRecord, type AuditFilter } from '../domain/audit';

export const AUDIT_FILE = 'audit.jsonl';
/** The cross-process lock (a directory, proper-lockfile's mkdir lock) beside the log. */
export const AUDIT_LOCK = 'audit.jsonl.lock';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** How much of a file's end is read first for recent records; doubled until the window is covered. */
const TAIL_BYTES = 256 * 1024;

/** The file operations the log uses; tests inject failing ones (short writes, ENOSPC). */
export type AuditFs = Pick<typeof nodeFs, 'open' | 'mkdir' | 'stat' | 'rename' | 'readdir' | 'readFile' | 'access'>;

export interface AuditLogOptions {
  dir: string;
  osUser: string;
  now?: () => number;
  maxBytes?: number;
  fs?: AuditFs;
}

export type AuditInput = Omit<AuditRecord, 'time' | 'osUser' | 'attemptId'> & { attemptId?: string };

/** What a decision under the lock wants appended, and what it returns to its caller. */
export interface Transaction<T> {
  append: AuditInput[];
  value: T;
}

function writeFailure(file: string, e: unknown): CallboardError {
  if (e instanceof CallboardError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is exceeded' : code ? `error ${code}` : 'an I/O error';
  return new CallboardError('config', `The audit log ${file} could not be written (${why}), so nothing was done. Free disk space or fix the folder, then try again.`, {}, { cause: e });
}

/**
 * The audit log is also the shared ledger of what the operator did: the app and any number of CLI runs
 * decide rate limits and de-duplication from it, under one cross-process lock (proper-lockfile), so no
 * process can count only its own calls.
 */
export class AuditLog {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly fs: AuditFs;
  readonly file: string;

  constructor(private readonly opts: AuditLogOptions) {
    this.now = opts.now ?? Date.now;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.fs = opts.fs ?? nodeFs;
    this.file = path.join(opts.dir, AUDIT_FILE);
  }

  newAttemptId(): string {
    return randomUUID();
  }

  private complete(rec: AuditInput): AuditRecord {
    return auditRecordSchema.parse({
      ...rec,
      attemptId: rec.attemptId ?? this.newAttemptId(),
      time: new Date(this.now()).toISOString(),
      osUser: this.opts.osUser,
    });
  }

  /** Runs `fn` holding this process's queue and the cross-process lock. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(async () => {
      try {
        await this.fs.mkdir(this.opts.dir, { recursive: true });
      } catch (e) {
        throw writeFailure(this.file, e);
      }
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(this.file, {
          realpath: false,
          lockfilePath: path.join(this.opts.dir, AUDIT_LOCK),
          // A crashed holder's lock is taken over after 10 s; a live one refreshes it every 2 s.
          stale: 10_000,
          update: 2_000,
          retries: { retries: 600, factor: 1.2, minTimeout: 2, maxTimeout: 40, randomize: true },
          onCompromised: () => undefined,
        });
      } catch (e) {
        throw new CallboardError('config', `The audit log in ${this.opts.dir} is locked by another Callboard process that does not let go; nothing was done. Try again.`, {}, { cause: e });
      }
      try {
        return await fn();
      } finally {
        await release().catch(() => undefined);
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Appends one record and resolves only after it is on disk (fsync). Rejects, writing nothing usable, on a short write or a full disk. */
  async append(rec: AuditInput): Promise<AuditRecord> {
    const full = this.complete(rec);
    await this.locked(() => this.writeRecords([full]));
    return full;
  }

  /**
   * A decision made from the ledger: under the lock, `fn` gets the records since `sinceMs` (newest
   * first, every process's) and returns what to append; those records are on disk before the lock is
   * released, so the next decision, in any process, sees them.
   */
  transact<T>(sinceMs: number, fn: (recent: AuditRecord[]) => Transaction<T> | Promise<Transaction<T>>): Promise<{ value: T; appended: AuditRecord[] }> {
    return this.locked(async () => {
      const recent = await this.recentUnlocked(sinceMs);
      const t = await fn(recent);
      const appended = t.append.map((r) => this.complete(r));
      if (appended.length) await this.writeRecords(appended);
      return { value: t.value, appended };
    });
  }

  /** Records since `sinceMs`, newest first, from the end of the live file (and the last rotated one). */
  private async recentUnlocked(sinceMs: number): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    for (const file of await this.files()) {
      const { records, reachedOlder } = await this.tailRecords(file, sinceMs);
      out.push(...records);
      if (reachedOlder) break;
    }
    return out;
  }

  private async tailRecords(file: string, sinceMs: number): Promise<{ records: AuditRecord[]; reachedOlder: boolean }> {
    let fh: Awaited<ReturnType<AuditFs['open']>>;
    try {
      fh = await this.fs.open(file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], reachedOlder: false };
      throw e;
    }
    try {
      const size = (await fh.stat()).size;
      for (let want = TAIL_BYTES; ; want *= 2) {
        const start = Math.max(0, size - want);
        const buf = Buffer.alloc(size - start);
        if (buf.length) await fh.read(buf, 0, buf.length, start);
        const lines = buf.toString('utf8').split('\n');
        if (start > 0) lines.shift(); // probably cut in the middle
        const records: AuditRecord[] = [];
        let reachedOlder = false;
        for (let i = lines.length - 1; i >= 0; i--) {
          const rec = parseLine(lines[i] ?? '');
          if (!rec) continue;
          if (Date.parse(rec.time) < sinceMs) {
            reachedOlder = true;
            break;
          }
          records.push(rec);
        }
        if (reachedOlder || start === 0) return { records, reachedOlder };
      }
    } finally {
      await fh.close();
    }
  }

  /**
   * One write per batch, checked: a short write or ENOSPC rejects (the caller then does nothing), and
   * the next record starts on a fresh line whatever a crash or a short write left at the end.
   */
  private async writeRecords(recs: AuditRecord[]): Promise<void> {
    const text = recs.map((r) => JSON.stringify(r) + '\n').join('');
    try {
      await this.rotateIfNeeded(Buffer.byteLength(text));
      const fh = await this.fs.open(this.file, 'a+', 0o600);
      try {
        const size = (await fh.stat()).size;
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await fh.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n'; // a torn tail: never let it swallow this record
        }
        const buf = Buffer.from(prefix + text, 'utf8');
        const { bytesWritten } = await fh.write(buf, 0, buf.length);
        if (bytesWritten !== buf.length) throw Object.assign(new Error('short write'), { code: 'short write' });
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw writeFailure(this.file, e);
    }
  }

  private async rotateIfNeeded(incoming: number): Promise<void> {
    let size = 0;
    try {
      size = (await this.fs.stat(this.file)).size;
    } catch {
      return;
    }
    if (size + incoming <= this.maxBytes) return;
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    let target = path.join(this.opts.dir, `audit-${stamp}.jsonl`);
    for (let i = 1; await this.exists(target); i++) target = path.join(this.opts.dir, `audit-${stamp}-${i}.jsonl`);
    await this.fs.rename(this.file, target);
  }

  private async exists(p: string): Promise<boolean> {
    try {
      await this.fs.access(p);
      return true;
    } catch {
      return false;
    }
  }

  /** Files newest first: the live file, then rotated ones by name (timestamps sort). */
  async files(): Promise<string[]> {
    let names: string[] = [];
    try {
      names = await this.fs.readdir(this.opts.dir);
    } catch {
      return [];
    }
    const rotated = names.filter((n) => /^audit-.*\.jsonl$/.test(n)).sort().reverse();
    const out = names.includes(AUDIT_FILE) ? [this.file] : [];
    return out.concat(rotated.map((n) => path.join(this.opts.dir, n)));
  }

  /** Newest first. Lines that do not parse (torn by a crash) are skipped, never "repaired". */
  async list(filter: Partial<AuditFilter> = {}): Promise<AuditRecord[]> {
    const f = auditFilterSchema.parse(filter);
    const since = f.since ? Date.parse(f.since) : NaN;
    const needle = f.text?.toLowerCase();
    const out: AuditRecord[] = [];
    for (const file of await this.files()) {
      let text: string;
      try {
        text = await this.fs.readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // rotated away meanwhile
        throw e;
      }
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i] ?? '';
        const rec = parseLine(line);
        if (!rec) continue;
        if (f.action && rec.action !== f.action) continue;
        if (f.profileId && rec.profileId !== f.profileId) continue;
        if (!Number.isNaN(since) && Date.parse(rec.time) < since) continue;
        if (needle && !line.toLowerCase().includes(needle)) continue;
        out.push(rec);
        if (out.length >= f.limit) return out;
      }
    }
    return out;
  }
}

/** One record per line; a torn or foreign line (crash, power loss) is skipped, never "repaired". */
function parseLine(line: string): AuditRecord | null {
  if (!line || line[0] !== '{') return null;
  try {
    const parsed = auditRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
