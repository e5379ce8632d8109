// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- types of proper-lockfile beside this file, also for tsconfigs that include only tests
/// <reference path="./proper-lockfile.d.ts" />
/**
 * Append-only audit log: JSON lines, one fsync'd write per record, rotated by size, never rewritten.
 * It fails closed: a write that does not land whole, or that this process would make without holding the
 * cross-process lock, rejects, and callers do nothing (no PBX call).
 *
 * Actions with side effects on a PBX write an "attempt" record before the PBX is called and a
 * "result" record after, linked by attemptId, so a crash in between still leaves the attempt on disk.
 */
import { promises as nodeFs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as lockfile from 'proper-lockfile';
import { CallboardError } from '../core/errors';
import { logger } from '../core/log';

export { auditActionSchema, auditRecordSchema, auditFilterSchema, type AuditRecord, type AuditAction, type AuditFilter } from '../domain/audit';
import { auditRecordSchema, auditFilterSchema, type AuditRecord, type AuditFilter } from '../domain/audit';

export const AUDIT_FILE = 'audit.jsonl';
/** The cross-process lock (a directory, proper-lockfile's mkdir lock) beside the log. */
export const AUDIT_LOCK = 'audit.jsonl.lock';
const log = logger('audit');
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** How much of a file's end is read first for recent records; doubled until the window is covered. */
const TAIL_BYTES = 256 * 1024;
/** A crashed holder's lock is taken over after this long; a live one refreshes it every LOCK_UPDATE_MS. */
const LOCK_STALE_MS = 10_000;
const LOCK_UPDATE_MS = 2_000;
/**
 * Before each change to the files the lock must have been refreshed within this long: then no other
 * process can see it as stale (LOCK_STALE_MS) for at least the rest, which the write has to fit in.
 */
const LOCK_FRESH_MS = LOCK_STALE_MS / 2;

/** The file operations the log uses; tests inject failing ones (short writes, ENOSPC). */
export type AuditFs = Pick<typeof nodeFs, 'open' | 'mkdir' | 'stat' | 'rename' | 'readdir' | 'readFile' | 'access' | 'rmdir'>;

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

/**
 * What a failed write means for the operator: an attempt or a refusal is written (and a decision made)
 * before anything is done, so nothing was; a result or an event is written after what it records.
 */
function comesFirst(recs: readonly AuditRecord[]): boolean {
  return recs.length === 0 || recs.some((r) => r.phase === 'attempt' || r.phase === 'refused');
}

function writeFailure(file: string, recs: readonly AuditRecord[], e: unknown): CallboardError {
  if (e instanceof CallboardError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is exceeded' : code ? `error ${code}` : 'an I/O error';
  const so = comesFirst(recs) ? 'so nothing was done' : 'so the record of what was just done is missing';
  return new CallboardError('config', `The audit log ${file} could not be written (${why}), ${so}. Free disk space or fix the folder, then try again.`, {}, { cause: e });
}

const REMOVED = 'its lock was removed';
const LOCK_ADVICE = 'Try again; if it keeps happening, check that nothing else removes or changes files in that folder.';

/** The lock was found lost before anything was written. */
function lockLost(dir: string, why: string, recs: readonly AuditRecord[]): CallboardError {
  const so = comesFirst(recs) ? 'so nothing was recorded and nothing was done' : 'so the record of what was just done was not written';
  return new CallboardError('config', `The audit log in ${dir} lost its lock against other Callboard processes (${why}), ${so}. ${LOCK_ADVICE}`);
}

/** The lock was found lost just after attempts were written: they are marked not done, and not done. */
function lockLostDuringWrite(dir: string, why: string): CallboardError {
  return new CallboardError('config', `The audit log in ${dir} lost its lock against other Callboard processes while this action was being recorded (${why}), so it was not done; the log marks it as not done. ${LOCK_ADVICE}`);
}

/**
 * The cross-process lock as one step of the queue holds it. It counts as lost once proper-lockfile
 * reports it compromised, or when the lock directory is gone, is another one (a process took it over
 * as stale and made its own) or was not refreshed lately: proper-lockfile only notices at its next
 * refresh, and its README says it cannot detect a removed lock taken by someone else right after,
 * so the directory itself is checked before every change to the files.
 */
class HeldLock {
  private compromisedWhy: string | null = null;

  /** When this process took the lock, by its own clock. */
  private readonly takenAt = Date.now();

  constructor(
    private readonly fs: AuditFs,
    readonly dir: string,
    /** The lock directory as taken; its mtime then was set by whoever made the directory. */
    private readonly identity: { ino: number; birthtimeMs: number; mtimeMs: number },
  ) {}

  static async take(fs: AuditFs, dir: string, file: string): Promise<{ held: HeldLock; release: () => Promise<void> }> {
    let held: HeldLock | undefined;
    const release = await lockfile.lock(file, {
      realpath: false,
      lockfilePath: dir,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: { retries: 600, factor: 1.2, minTimeout: 2, maxTimeout: 40, randomize: true },
      // Called from proper-lockfile's refresh timer, never in a caller's stack: only note it here, the
      // running step sees it before its next write (the default, throwing, would end the process).
      onCompromised: (err) => held?.noteCompromised(err),
    });
    try {
      const st = await fs.stat(dir);
      held = new HeldLock(fs, dir, { ino: st.ino, birthtimeMs: st.birthtimeMs, mtimeMs: st.mtimeMs });
    } catch (e) {
      await release().catch(() => undefined);
      throw e;
    }
    return { held, release };
  }

  noteCompromised(err: Error): void {
    // proper-lockfile sets every such error's code to ECOMPROMISED; a vanished lock keeps fs's message.
    this.compromisedWhy ??= /^ENOENT\b/.test(err.message) ? REMOVED : 'its lock could not be kept fresh';
  }

  /** Why the lock is no longer ours to write under, or null while it is. */
  async lost(): Promise<string | null> {
    let st: Awaited<ReturnType<AuditFs['stat']>>;
    try {
      st = await this.fs.stat(this.dir);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? REMOVED : `its lock could not be checked, error ${(e as NodeJS.ErrnoException).code ?? 'unknown'}`;
    }
    // What is there now says best what happened, unless proper-lockfile already saw the lock vanish.
    if (!this.isMine(st)) return this.compromisedWhy === REMOVED ? REMOVED : 'another process took its lock over';
    if (this.compromisedWhy) return this.compromisedWhy;
    // Wall-clock time, like proper-lockfile's own stale check (not the log's injectable clock). Until
    // the first refresh the mtime is the file server's (mkdir), whose clock may differ: count from
    // when the lock was taken instead; every refresh sets the mtime from this computer's clock.
    const refreshed = st.mtimeMs === this.identity.mtimeMs ? this.takenAt : st.mtimeMs;
    if (Date.now() - refreshed > LOCK_FRESH_MS) return 'its lock was not refreshed in time, the computer may have been asleep or very busy';
    return null;
  }

  /** Whether the lock directory is still the one this step made (then releasing it removes no one else's). */
  async isStillMine(): Promise<boolean> {
    try {
      return this.isMine(await this.fs.stat(this.dir));
    } catch {
      return false;
    }
  }

  private isMine(st: { ino: number; birthtimeMs: number }): boolean {
    return st.ino === this.identity.ino && st.birthtimeMs === this.identity.birthtimeMs;
  }
}

/** The lock was found lost before anything was written. */
class LostBeforeWrite extends Error {
  constructor(readonly failure: CallboardError) {
    super(failure.message);
  }
}

/** The lock was lost while a decision's attempts were being written: they are on disk, and must be marked not done. */
class LostDuringWrite extends Error {
  constructor(
    readonly failure: CallboardError,
    readonly attempts: AuditRecord[],
  ) {
    super(failure.message);
  }
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

  /**
   * Runs `fn` holding this process's queue and the cross-process lock. A lock lost on the way fails
   * the step (see HeldLock), unless `again`: then `fn`, which decides nothing from the ledger, runs
   * once more under a lock taken afresh. Attempts already on disk when a loss is noticed get a "not
   * done" result under a fresh lock, so the ledger does not count them as pending calls. `recs`: what
   * `fn` will write, when known, so that a failure before it says what it means (see comesFirst).
   */
  private locked<T>(fn: (held: HeldLock) => Promise<T>, again = false, recs: readonly AuditRecord[] = []): Promise<T> {
    const run = this.chain.then(async () => {
      try {
        return await this.underLock(fn, recs);
      } catch (e) {
        if (e instanceof LostBeforeWrite && again) return await this.underLock(fn, recs).catch((e2: unknown) => Promise.reject(e2 instanceof LostBeforeWrite ? e2.failure : e2));
        if (e instanceof LostBeforeWrite) throw e.failure;
        if (!(e instanceof LostDuringWrite)) throw e;
        await this.underLock((held) => this.writeRecords(e.attempts.map((a) => this.notDone(a)), held, false)).catch((ne: unknown) => log.error('could not mark attempts written without the lock as not done:', ne));
        throw e.failure;
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async underLock<T>(fn: (held: HeldLock) => Promise<T>, recs: readonly AuditRecord[] = []): Promise<T> {
    try {
      await this.fs.mkdir(this.opts.dir, { recursive: true });
    } catch (e) {
      throw writeFailure(this.file, recs, e);
    }
    let taken: { held: HeldLock; release: () => Promise<void> };
    try {
      taken = await HeldLock.take(this.fs, path.join(this.opts.dir, AUDIT_LOCK), this.file);
    } catch (e) {
      const so = comesFirst(recs) ? 'nothing was done' : 'the record of what was just done was not written';
      throw new CallboardError('config', `The audit log in ${this.opts.dir} is locked by another Callboard process that does not let go; ${so}. Try again.`, {}, { cause: e });
    }
    try {
      return await fn(taken.held);
    } finally {
      // Never remove a lock another process has taken over; one that is still ours is released even
      // when it was found too old to write under, so that others need not wait for it to go stale.
      // Once proper-lockfile has called it compromised (its refresh saw another mtime), its release()
      // only rejects (ERELEASED) and leaves the directory: remove it here then.
      if (await taken.held.isStillMine()) await taken.release().catch(() => this.fs.rmdir(taken.held.dir).catch(() => undefined));
    }
  }

  private notDone(attempt: AuditRecord): AuditRecord {
    return this.complete({ ...attempt, phase: 'result', reason: 'Not done: the audit log lost its lock while this attempt was written.', pbxCode: null, outcome: 'failed' });
  }

  /**
   * Appends one record and resolves only after it is on disk (fsync). Rejects, writing nothing usable,
   * on a short write or a full disk. Nothing is decided from the ledger here, so a lock found lost
   * before the write is taken afresh once (a result or an event records what was already done).
   */
  async append(rec: AuditInput): Promise<AuditRecord> {
    const full = this.complete(rec);
    await this.locked((held) => this.writeRecords([full], held, false), true, [full]);
    return full;
  }

  /**
   * A decision made from the ledger: under the lock, `fn` gets the records since `sinceMs` (newest
   * first, every process's) and returns what to append; those records are on disk before the lock is
   * released, so the next decision, in any process, sees them.
   */
  transact<T>(sinceMs: number, fn: (recent: AuditRecord[]) => Transaction<T> | Promise<Transaction<T>>): Promise<{ value: T; appended: AuditRecord[] }> {
    return this.locked(async (held) => {
      const recent = await this.recentUnlocked(sinceMs);
      const t = await fn(recent);
      const appended = t.append.map((r) => this.complete(r));
      if (appended.length) await this.writeRecords(appended, held, true);
      else await this.mustHold(held, appended); // a decision that writes nothing still needs the whole ledger
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
   * the next record starts on a fresh line whatever a crash or a short write left at the end. The lock
   * is checked before the rotation and before the write; a decision's attempts are checked again
   * after it, since an attempt decided while another process also held the lock must not go ahead.
   */
  private async writeRecords(recs: AuditRecord[], held: HeldLock, decided: boolean): Promise<void> {
    const text = recs.map((r) => JSON.stringify(r) + '\n').join('');
    try {
      await this.mustHold(held, recs);
      await this.rotateIfNeeded(Buffer.byteLength(text));
      await this.mustHold(held, recs);
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
      if (e instanceof LostBeforeWrite) throw e;
      throw writeFailure(this.file, recs, e);
    }
    const attempts = decided ? recs.filter((r) => r.phase === 'attempt') : [];
    const why = attempts.length ? await held.lost() : null;
    if (why) throw new LostDuringWrite(lockLostDuringWrite(this.opts.dir, why), attempts);
  }

  private async mustHold(held: HeldLock, recs: readonly AuditRecord[]): Promise<void> {
    const why = await held.lost();
    if (why) throw new LostBeforeWrite(lockLost(this.opts.dir, why, recs));
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
