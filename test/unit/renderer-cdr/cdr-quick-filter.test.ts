/**
 * The CSV export (main) and the table (window) must show the same rows in the same order: main applies
 * src-shared/cdr-quick-filter to the job's records, the window its indexed CdrResultSet.
 */
import { describe, it, expect } from 'vitest';
import { CdrResultSet } from '../../../src-renderer/src/lib/cdr-table';
import { visibleRecords, CDR_SORT_COLUMNS } from '../../../src-shared/cdr-quick-filter';
import { makeCdrs } from './fixtures';

describe('quick filter shared by table and export', () => {
  const recs = makeCdrs(800);
  const set = new CdrResultSet();
  set.append(recs);

  it('gives the same rows and order for every sort column, both directions, with and without a filter', () => {
    const filters = ['', recs[3]!.caller.slice(0, 3), 'answered', `${recs[10]!.profileId} ${recs[10]!.callee.slice(-2)}`, 'no-such-thing'];
    for (const quick of filters) {
      expect(visibleRecords(recs, quick, null).map((r) => r.id)).toEqual(set.view(null, quick).map((r) => r.id));
      for (const column of CDR_SORT_COLUMNS)
        for (const desc of [false, true]) {
          const a = visibleRecords(recs, quick, { column, desc }).map((r) => r.id);
          const b = set.view({ column, desc }, quick).map((r) => r.id);
          expect(a, `${column} ${desc ? 'desc' : 'asc'} "${quick}"`).toEqual(b);
        }
    }
    expect(visibleRecords(recs, 'answered', null).length).toBeLessThan(recs.length);
    expect(visibleRecords(recs, 'no-such-thing', null)).toHaveLength(0);
  });
});
