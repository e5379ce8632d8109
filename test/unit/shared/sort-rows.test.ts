/** The one table sort (src-shared/sort-rows.ts) the audit, registrations and CDR export tables use. */
import { describe, expect, it } from 'vitest';
import { isMissingKey, sortByColumn, sortRows, type SortKey } from '../../../src-shared/sort-rows';

interface Row {
  id: string;
  k: SortKey;
}
/** Rows named by their input position, so an expected order reads as the ids. */
const rows = (...keys: SortKey[]): Row[] => keys.map((k, i) => ({ id: String.fromCharCode(97 + i), k }));
const ids = (rs: readonly Row[]) => rs.map((r) => r.id).join('');

describe('sortRows', () => {
  const CASES: [what: string, keys: SortKey[], desc: boolean, order: string][] = [
    ['numbers ascending', [3, 1, 2], false, 'bca'],
    ['numbers descending', [3, 1, 2], true, 'acb'],
    ['text ascending, by code unit (as the tables always did)', ['b', 'B', 'a'], false, 'bca'],
    ['text descending', ['b', 'a', 'c'], true, 'cab'],
    ['ties keep the input order, ascending', [1, 0, 1, 0, 1], false, 'bdace'],
    ['ties keep the input order, descending too', [1, 0, 1, 0, 1], true, 'acebd'],
    ['null last ascending', [null, 2, 1], false, 'cba'],
    ['null last descending as well', [null, 2, 1], true, 'bca'],
    ['empty text last in both directions', ['', 'b', 'a'], true, 'bca'],
    ['NaN (an unparsable time) last', [Number.NaN, 5, 4], false, 'cba'],
    ['several missing keep their input order', [null, 1, '', Number.NaN, 0], true, 'beacd'],
    ['negative numbers and zero are values, not missing', [0, -1, null, 1], false, 'badc'],
    ['nothing to sort', [], false, ''],
  ];

  it.each(CASES)('%s', (_what, keys, desc, order) => {
    const input = rows(...keys);
    const before = ids(input);
    const out = sortRows(input, (r) => r.k, desc);
    expect(ids(out)).toBe(order);
    // A new array; the input keeps its order.
    expect(ids(input)).toBe(before);
    if (input.length) expect(out).not.toBe(input);
  });

  it('computes each key once', () => {
    let calls = 0;
    sortRows(rows(5, 3, 9, 1, 7, 2), (r) => (calls++, r.k));
    expect(calls).toBe(6);
  });

  it('missing means null, empty text and NaN only', () => {
    expect([null, '', Number.NaN, 0, ' ', 'x', -1].map(isMissingKey)).toEqual([true, true, true, false, false, false, false]);
  });
});

describe('sortByColumn', () => {
  const keys = { n: (r: Row) => r.k, id: (r: Row) => r.id };
  const input = rows(2, 1, 3);

  it('sorts through the column\'s key', () => {
    expect(ids(sortByColumn(input, keys, { column: 'n', desc: false }))).toBe('bac');
    expect(ids(sortByColumn(input, keys, { column: 'id', desc: true }))).toBe('cba');
  });

  it('keeps the order with no sort or a column the table has no key for', () => {
    expect(ids(sortByColumn(input, keys, null))).toBe('abc');
    expect(ids(sortByColumn(input, keys, { column: 'nope', desc: true }))).toBe('abc');
    // An inherited name is not a column either.
    expect(ids(sortByColumn(input, keys, { column: 'toString', desc: false }))).toBe('abc');
  });
});
