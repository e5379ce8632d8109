/**
 * The audit table's sort as one definition for the window and main's export, so an exported file has
 * the rows in the order the operator sees them. Pure: no Node, no DOM.
 */
import type { AuditRecord } from '../src-main/domain/audit';

export const AUDIT_SORT_COLUMNS = ['time', 'action', 'phase', 'decision', 'outcome', 'profile', 'target', 'user', 'code', 'reason'] as const;
export type AuditSortColumn = (typeof AUDIT_SORT_COLUMNS)[number];

export interface AuditSort {
  column: AuditSortColumn;
  desc: boolean;
}

const SORT_KEY: Record<AuditSortColumn, (r: AuditRecord) => string | number | null> = {
  time: (r) => Date.parse(r.time),
  action: (r) => r.action,
  phase: (r) => r.phase,
  decision: (r) => r.decision,
  outcome: (r) => r.outcome,
  profile: (r) => r.profileId,
  target: (r) => r.target,
  user: (r) => r.osUser,
  code: (r) => (r.pbxCode === null ? null : String(r.pbxCode)),
  reason: (r) => r.reason,
};

const empty = (k: string | number | null) => k === null || k === '' || (typeof k === 'number' && Number.isNaN(k));

/** Stable sort; empty values last in both directions (a blank reason is not "smaller" than a real one). */
export function sortAudit(records: readonly AuditRecord[], sort: AuditSort): AuditRecord[] {
  const key = SORT_KEY[sort.column];
  const dir = sort.desc ? -1 : 1;
  return records
    .map((r, i) => ({ r, i, k: key(r) }))
    .sort((a, b) => {
      if (empty(a.k)) return empty(b.k) ? a.i - b.i : 1;
      if (empty(b.k)) return -1;
      return (a.k as string | number) < (b.k as string | number) ? -dir : (a.k as string | number) > (b.k as string | number) ? dir : a.i - b.i;
    })
    .map((x) => x.r);
}
