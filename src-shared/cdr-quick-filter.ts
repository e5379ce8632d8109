/**
 * The CDR quick filter and sort as one definition for the window's table and main's CSV export, so the
 * export writes exactly the rows (and order) the operator sees. Pure: no Node, no DOM.
 */
import type { CdrRecord } from '../src-main/domain/cdr';
import { sortRows } from './sort-rows';

export type CdrSortColumn = 'start' | 'caller' | 'callerName' | 'callee' | 'disposition' | 'durationSec' | 'billsec' | 'profileId' | 'legs' | 'recordFiles';
export const CDR_SORT_COLUMNS: readonly CdrSortColumn[] = ['start', 'caller', 'callerName', 'callee', 'disposition', 'durationSec', 'billsec', 'profileId', 'legs', 'recordFiles'];
export const NUMERIC_SORT_COLUMNS: ReadonlySet<CdrSortColumn> = new Set(['start', 'durationSec', 'billsec', 'legs', 'recordFiles']);

export interface CdrSort {
  column: CdrSortColumn;
  desc: boolean;
}

/** Text the quick filter searches (lower-case; fields joined by a separator no term contains). */
export function cdrHaystack(r: CdrRecord): string {
  return `${r.caller}\u0001${r.callee}\u0001${r.callerName ?? ''}\u0001${r.disposition}\u0001${r.profileId}\u0001${r.callId ?? ''}\u0001${r.start}\u0001${r.recordFiles.join(' ')}`.toLowerCase();
}

/** The quick filter's terms: whitespace-separated, all must match, case-insensitive. */
export function quickTerms(quick: string): string[] {
  return quick.toLowerCase().split(/\s+/).filter(Boolean);
}

export function matchesQuick(r: CdrRecord, terms: readonly string[]): boolean {
  if (!terms.length) return true;
  const h = cdrHaystack(r);
  return terms.every((t) => h.includes(t));
}

export function numericSortKey(r: CdrRecord, column: CdrSortColumn): number {
  switch (column) {
    case 'start': {
      const t = Date.parse(r.start);
      return Number.isFinite(t) ? t : Number.NaN;
    }
    case 'durationSec':
      return r.durationSec;
    case 'billsec':
      return r.billsec;
    case 'legs':
      return r.legs.length;
    case 'recordFiles':
      return r.recordFiles.length;
    default:
      return Number.NaN;
  }
}

export function textSortKey(r: CdrRecord, column: CdrSortColumn): string {
  switch (column) {
    case 'caller':
      return r.caller;
    case 'callerName':
      return (r.callerName ?? '').toLowerCase();
    case 'callee':
      return r.callee;
    case 'disposition':
      return r.disposition;
    case 'profileId':
      return r.profileId;
    default:
      return '';
  }
}

/**
 * The displayed rows of a result set: filtered by the quick filter, then sorted (missing values last in
 * both directions, ties in arrival order), the same rules as the window's CdrResultSet.
 */
export function visibleRecords(records: readonly CdrRecord[], quick: string, sort: CdrSort | null): CdrRecord[] {
  const terms = quickTerms(quick);
  const shown = terms.length ? records.filter((r) => matchesQuick(r, terms)) : [...records];
  if (!sort) return shown;
  const { column, desc } = sort;
  return sortRows(shown, NUMERIC_SORT_COLUMNS.has(column) ? (r) => numericSortKey(r, column) : (r) => textSortKey(r, column), desc);
}
