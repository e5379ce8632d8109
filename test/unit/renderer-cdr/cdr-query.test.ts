import { describe, it, expect } from 'vitest';
import { defaultForm, formToQuery, localToIso, queryToForm } from '../../../src-renderer/src/lib/cdr-query';

const base = () => ({ ...defaultForm(new Date(2024, 5, 2, 12, 0), 'pbx'), from: '2024-06-01T08:00', to: '2024-06-01T18:30' });

describe('CDR search form', () => {
  it('turns local datetime values into ISO with the operator offset', () => {
    const iso = localToIso('2024-06-01T08:00');
    expect(iso).toMatch(/^2024-06-01T08:00:00[+-]\d\d:\d\d$/);
    expect(new Date(iso!).getHours()).toBe(8);
    expect(localToIso('2024-02-31T08:00')).toBeNull();
    expect(localToIso('yesterday')).toBeNull();
  });

  it('builds the query with only the fields that are set', () => {
    const r = formToQuery({ ...base(), caller: ' 1001-1010 ', disposition: 'ANSWERED', minDuration: '5', limit: '500' });
    expect(r.errors).toBeNull();
    expect(r.query).toMatchObject({ profileId: 'pbx', caller: '1001-1010', disposition: 'ANSWERED', minDurationSec: 5, limit: 500 });
    expect(r.query).not.toHaveProperty('callee');
    expect(r.query).not.toHaveProperty('text');
  });

  it('puts an error on each bad field instead of sending', () => {
    const r = formToQuery({ ...base(), profileId: '', to: '2024-06-01T07:00', callee: '10<script>', minDuration: '60', maxDuration: '30', limit: '0' });
    expect(r.query).toBeNull();
    expect(Object.keys(r.errors ?? {}).sort()).toEqual(['callee', 'limit', 'maxDuration', 'profileId', 'to']);
    expect(r.errors?.to).toMatch(/after/);
  });

  it('restores a saved query into the form', () => {
    const r = formToQuery({ ...base(), callee: '10@', text: 'support' });
    const f = queryToForm(r.query!);
    expect(f).toMatchObject({ profileId: 'pbx', from: '2024-06-01T08:00', to: '2024-06-01T18:30', callee: '10@', text: 'support', limit: '10000' });
  });
});
