/**
 * One table sort for every table that sorts rows by a column's key (audit, registrations, the CDR
 * export), in the window and in main alike. Pure: no Node, no DOM.
 */

/** A row's key for one column: text or a number; null, '' and NaN mean "no value". */
export type SortKey = string | number | null;

/** The column a table is sorted by, and which way. */
export interface SortSpec<C extends string = string> {
  column: C;
  desc: boolean;
}

export function isMissingKey(k: SortKey): boolean {
  return k === null || k === '' || (typeof k === 'number' && Number.isNaN(k));
}

/**
 * The rows sorted by `key`, as a new array: stable (equal keys keep the order they came in, so rows
 * do not jump between refreshes), rows without a value last in both directions (a blank is not
 * "smaller" than a real value). Each key is computed once.
 */
export function sortRows<T>(rows: readonly T[], key: (row: T) => SortKey, desc = false): T[] {
  const dir = desc ? -1 : 1;
  const keyed = rows.map((row, i) => ({ row, i, k: key(row) }));
  keyed.sort((a, b) => {
    const ma = isMissingKey(a.k);
    const mb = isMissingKey(b.k);
    if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
    const ka = a.k as string | number;
    const kb = b.k as string | number;
    return ka < kb ? -dir : ka > kb ? dir : a.i - b.i;
  });
  return keyed.map((x) => x.row);
}

/**
 * `sortRows` by a table's column, through its key table. No sort, or a column the table has no key
 * for (a column id from the window is only a string), keeps the order.
 */
export function sortByColumn<T, C extends string>(rows: readonly T[], keys: Readonly<Record<C, (row: T) => SortKey>>, sort: SortSpec | null): T[] {
  const hasKey = (c: string): c is C => Object.hasOwn(keys, c);
  return sort && hasKey(sort.column) ? sortRows(rows, keys[sort.column], sort.desc) : [...rows];
}
