/**
 * Pure table logic for CDR search results, free of React and the DOM (unit-tested in Node, benchmarked
 * in Chromium). Built for 100,000+ rows: records are never copied or re-created; sort keys and filter
 * text are computed once per record (incrementally while pages stream in), and sorting orders a
 * precomputed key array through an index array.
 */
import type { CdrRecord } from '../../../src-main/domain/cdr';

export type CdrSortColumn = 'start' | 'caller' | 'callerName' | 'callee' | 'disposition' | 'durationSec' | 'billsec' | 'profileId' | 'legs' | 'recordFiles';
export const CDR_SORT_COLUMNS: readonly CdrSortColumn[] = ['start', 'caller', 'callerName', 'callee', 'disposition', 'durationSec', 'billsec', 'profileId', 'legs', 'recordFiles'];

export interface CdrSort {
  column: CdrSortColumn;
  desc: boolean;
}

const NUMERIC: ReadonlySet<CdrSortColumn> = new Set(['start', 'durationSec', 'billsec', 'legs', 'recordFiles']);

function numericKey(r: CdrRecord, column: CdrSortColumn): number {
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

function textKey(r: CdrRecord, column: CdrSortColumn): string {
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

/** Text the quick filter searches. */
export function cdrHaystack(r: CdrRecord): string {
  return `${r.caller}\u0001${r.callee}\u0001${r.callerName ?? ''}\u0001${r.disposition}\u0001${r.profileId}\u0001${r.callId ?? ''}\u0001${r.start}\u0001${r.recordFiles.join(' ')}`.toLowerCase();
}

/**
 * The growing result set of one search plus its caches. `append` is O(page); `view` re-sorts only
 * when the sort or the row count changed, and filters in O(n) over precomputed haystacks.
 */
export class CdrResultSet {
  readonly records: CdrRecord[] = [];
  private readonly hay: string[] = [];
  private readonly numKeys = new Map<CdrSortColumn, Float64Array>();
  private readonly strKeys = new Map<CdrSortColumn, string[]>();
  private sorted: { column: CdrSortColumn | null; desc: boolean; count: number; order: Uint32Array } | null = null;

  get size(): number {
    return this.records.length;
  }

  append(page: readonly CdrRecord[]): void {
    for (const r of page) {
      this.records.push(r);
      this.hay.push(cdrHaystack(r));
    }
  }

  private numbers(column: CdrSortColumn): Float64Array {
    const n = this.records.length;
    let keys = this.numKeys.get(column);
    if (!keys || keys.length !== n) {
      const next = new Float64Array(n);
      const from = keys ? Math.min(keys.length, n) : 0;
      if (keys) next.set(keys.subarray(0, from));
      for (let i = from; i < n; i++) next[i] = numericKey(this.records[i] as CdrRecord, column);
      keys = next;
      this.numKeys.set(column, keys);
    }
    return keys;
  }

  private strings(column: CdrSortColumn): string[] {
    let keys = this.strKeys.get(column);
    if (!keys) this.strKeys.set(column, (keys = []));
    for (let i = keys.length; i < this.records.length; i++) keys.push(textKey(this.records[i] as CdrRecord, column));
    return keys;
  }

  /** Row indices in display order (arrival order when unsorted). Cached until rows or sort change. */
  order(sort: CdrSort | null): Uint32Array {
    const n = this.records.length;
    const column = sort?.column ?? null;
    const desc = sort?.desc ?? false;
    const s = this.sorted;
    if (s && s.column === column && s.desc === desc && s.count === n) return s.order;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (column) {
      const dir = desc ? -1 : 1;
      // Missing values (NaN / empty) always last; ties keep arrival order so rows do not jump.
      if (NUMERIC.has(column)) {
        const k = this.numbers(column);
        order.sort((a, b) => {
          const x = k[a] as number;
          const y = k[b] as number;
          const xn = x !== x;
          const yn = y !== y;
          if (xn || yn) return xn === yn ? a - b : xn ? 1 : -1;
          return x < y ? -dir : x > y ? dir : a - b;
        });
      } else {
        const k = this.strings(column);
        order.sort((a, b) => {
          const x = k[a] as string;
          const y = k[b] as string;
          if (!x || !y) return !x === !y ? a - b : !x ? 1 : -1;
          return x < y ? -dir : x > y ? dir : a - b;
        });
      }
    }
    this.sorted = { column, desc, count: n, order };
    return order;
  }

  /**
   * The rows to show: sorted, then filtered by every whitespace-separated term of `quick` (all must
   * match). Returns references to the stored records, never copies.
   */
  view(sort: CdrSort | null, quick: string): CdrRecord[] {
    const order = this.order(sort);
    const terms = quick.toLowerCase().split(/\s+/).filter(Boolean);
    const out: CdrRecord[] = [];
    const recs = this.records;
    if (!terms.length) {
      out.length = order.length;
      for (let i = 0; i < order.length; i++) out[i] = recs[order[i] as number] as CdrRecord;
      return out;
    }
    const hay = this.hay;
    for (let i = 0; i < order.length; i++) {
      const idx = order[i] as number;
      const h = hay[idx] as string;
      let ok = true;
      for (const t of terms) {
        if (!h.includes(t)) {
          ok = false;
          break;
        }
      }
      if (ok) out.push(recs[idx] as CdrRecord);
    }
    return out;
  }
}

export function formatSeconds(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

/** "2024-06-01 14:03:07" in the operator's zone, for table cells (the PBX offset is in the detail). */
export function formatLocal(iso: string | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
