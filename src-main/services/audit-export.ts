/**
 * Audit export: the records the audit view shows (its filter, its sort) written by main to a file the
 * operator picks in main's own save dialog, as CSV or JSON. The renderer never passes a path and never
 * receives the file's content.
 *
 * No secrets: only the audit record's schema fields are written (a foreign key in a log line is
 * dropped by the schema on reading), and the audit log itself never holds a secret (audit/log.ts).
 */
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { atomicWriteFile } from '../core/atomic-write';
import { CallboardError } from '../core/errors';
import type { AppContext } from '../core/context';
import type { AuditFilter, AuditRecord } from '../domain/audit';
import { getDisplayZone } from './display-settings';
import { csvCell } from './cdr-search';
import { formatTime, timeHeader, type DisplayZone } from '../../src-shared/time-format';
import { sortAudit, type AuditSort } from '../../src-shared/audit-sort';

export type AuditExportFormat = 'csv' | 'json';

const CSV_COLUMNS = ['time', 'action', 'phase', 'decision', 'outcome', 'profileId', 'target', 'osUser', 'pbxCode', 'reason', 'attemptId'] as const;

/** The same wall time as the audit table shows (the computer's clock is the audit's "source" clock). */
export function auditToCsv(records: readonly AuditRecord[], dz: DisplayZone): string {
  const rows = records.map((r) => [formatTime(r.time, dz), r.action, r.phase, r.decision, r.outcome, r.profileId, r.target, r.osUser, r.pbxCode, r.reason, r.attemptId].map(csvCell));
  const columns = CSV_COLUMNS.map((c) => (c === 'time' ? timeHeader('time', dz, 'this computer') : c));
  return stringify(rows, { header: true, columns, bom: true });
}

/** JSON keeps ISO 8601 times (UTC, as logged) and every field under its own name. */
export function auditToJson(records: readonly AuditRecord[]): string {
  const out = records.map((r) => Object.fromEntries(CSV_COLUMNS.map((c) => [c, r[c]])));
  return `${JSON.stringify({ exported: records.length, records: out }, null, 2)}\n`;
}

export async function exportAudit(
  ctx: AppContext,
  req: { filter: Partial<AuditFilter>; sort: AuditSort; format: AuditExportFormat },
): Promise<{ cancelled: boolean; path?: string; rows: number }> {
  const records = sortAudit(await ctx.audit.list(req.filter), req.sort);
  const day = new Date(ctx.now()).toISOString().slice(0, 10);
  const file = await ctx.platform.saveFile({
    title: 'Export audit records',
    defaultName: `callboard-audit-${day}.${req.format}`,
    filters: req.format === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [{ name: 'JSON', extensions: ['json'] }],
  });
  if (!file) return { cancelled: true, rows: 0 };
  const body = req.format === 'csv' ? auditToCsv(records, await getDisplayZone(ctx.configDir)) : auditToJson(records);
  try {
    await atomicWriteFile(file, body, 0o644);
  } catch (e) {
    throw new CallboardError('config', `Could not write ${path.basename(file)}: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}.`);
  }
  return { cancelled: false, path: file, rows: records.length };
}
