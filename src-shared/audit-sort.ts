/**
 * The audit table's sort as one definition for the window and main's export, so an exported file has
 * the rows in the order the operator sees them. Pure: no Node, no DOM.
 */
import type { AuditRecord } from '../src-main/domain/audit';
import { sortByColumn, type SortKey, type SortSpec } from './sort-rows';

export const AUDIT_SORT_COLUMNS = ['time', 'action', 'phase', 'decision', 'outcome', 'profile', 'target', 'user', 'code', 'reason'] as const;
export type AuditSortColumn = (typeof AUDIT_SORT_COLUMNS)[number];

export type AuditSort = SortSpec<AuditSortColumn>;

const SORT_KEY: Record<AuditSortColumn, (r: AuditRecord) => SortKey> = {
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

/** Stable sort; empty values last in both directions (a blank reason is not "smaller" than a real one). */
export function sortAudit(records: readonly AuditRecord[], sort: AuditSort): AuditRecord[] {
  return sortByColumn(records, SORT_KEY, sort);
}
