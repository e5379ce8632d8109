/**
 * Append-only audit log: JSON lines, one fsync'd write per record, rotated by size, never rewritten.
 *
 * Actions with side effects on a PBX write an "attempt" record before the PBX is called and a
 * "result" record after, linked by attemptId, so a crash in between still leaves the attempt on disk.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const auditActionSchema = z.enum(['originate', 'hangup', 'link-copy', 'ticket-copy', 'link-open', 'manager-file']);
export const auditRecordSchema = z.object({
  time: z.string(),
  osUser: z.string(),
  attemptId: z.string(),
  phase: z.enum(['attempt', 'result', 'refused', 'event']),
  action: auditActionSchema,
  profileId: z.string(),
  /** Normalised destination (E.164 or extension), channel name, or Call-ID, depending on the action. */
  target: z.string().nullable(),
  decision: z.enum(['allowed', 'refused', 'n/a']),
  reason: z.string().nullable(),
  /** PBX reply code (UCM status, HTTP status, Wildix type). */
  pbxCode: z.union([z.string(), z.number()]).nullable(),
  outcome: z.enum(['pending', 'ok', 'failed']).nullable(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditFilterSchema = z.object({
  action: auditActionSchema.optional(),
  profileId: z.string().max(64).optional(),
  text: z.string().max(200).optional(),
  since: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(100_000).default(1000),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

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
