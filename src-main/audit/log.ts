/**
 * Append-only audit log: JSON lines, one fsync'd write per record, rotated by size, never rewritten.
 *
 * Actions with side effects on a PBX write an "attempt" record before the PBX is called and a
 * "result" record after, linked by attemptId, so a crash in between still leaves the attempt on disk.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export { auditActionSchema, auditRecordSchema, auditFilterSchema, type AuditRecord, type AuditAction, type AuditFilter } from '../domain/audit';
import { auditRecordSchema, auditFilterSchema, type AuditRecord, type AuditFilter } from '../domain/audit';

export const AUDIT_FILE = 'audit.jsonl';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface AuditLogOptions {
  dir: string;
  osUser: string;
  now?: () => number;
  maxBytes?: number;
}

export class AuditLog {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly maxBytes: number;
  readonly file: string;

  constructor(private readonly opts: AuditLogOptions) {
    this.now = opts.now ?? Date.now;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.file = path.join(opts.dir, AUDIT_FILE);
  }

  newAttemptId(): string {
    return randomUUID();
  }

  /** Appends one record and resolves only after it is on disk (fsync). */
  append(rec: Omit<AuditRecord, 'time' | 'osUser' | 'attemptId'> & { attemptId?: string }): Promise<AuditRecord> {
    const full: AuditRecord = auditRecordSchema.parse({
      ...rec,
      attemptId: rec.attemptId ?? this.newAttemptId(),
      time: new Date(this.now()).toISOString(),
      osUser: this.opts.osUser,
    });
    const line = JSON.stringify(full) + '\n';
    const run = this.chain.then(async () => {
      await fs.mkdir(this.opts.dir, { recursive: true });
      await this.rotateIfNeeded(Buffer.byteLength(line));
      const fh = await fs.open(this.file, 'a', 0o600);
      try {
        await fh.write(line);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return full;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async rotateIfNeeded(incoming: number): Promise<void> {
    let size = 0;
    try {
      size = (await fs.stat(this.file)).size;
    } catch {
      return;
    }
    if (size + incoming <= this.maxBytes) return;
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    let target = path.join(this.opts.dir, `audit-${stamp}.jsonl`);
    for (let i = 1; await exists(target); i++) target = path.join(this.opts.dir, `audit-${stamp}-${i}.jsonl`);
    await fs.rename(this.file, target);
  }

  /** Files newest first: the live file, then rotated ones by name (timestamps sort). */
  async files(): Promise<string[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.opts.dir);
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
      const text = await fs.readFile(file, 'utf8');
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i];
        if (!line) continue;
        let rec: AuditRecord;
        try {
          const parsed = auditRecordSchema.safeParse(JSON.parse(line));
          if (!parsed.success) continue;
          rec = parsed.data;
        } catch {
          continue;
        }
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

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
