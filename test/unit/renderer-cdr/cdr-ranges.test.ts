import { describe, it, expect } from 'vitest';
import { presetRange } from '../../../src-renderer/src/lib/cdr-ranges';
import { defaultForm, formToQuery, queryToForm } from '../../../src-renderer/src/lib/cdr-query';

// 2024-05-02 09:30:20 UTC = 11:30:20 in Prague.
const NOW = Date.UTC(2024, 4, 2, 9, 30, 20);

describe('CDR date presets', () => {
  it('computes days on the zone clock and rounds "now" up to the minute', () => {
    expect(presetRange('yesterday', NOW, 'Europe/Prague')).toEqual({ from: '2024-05-01T00:00', to: '2024-05-02T00:00' });
    expect(presetRange('today', NOW, 'Europe/Prague')).toEqual({ from: '2024-05-02T00:00', to: '2024-05-02T11:31' });
    expect(presetRange('last24h', NOW, 'UTC')).toEqual({ from: '2024-05-01T09:31', to: '2024-05-02T09:31' });
    expect(presetRange('last7d', NOW, 'UTC').from).toBe('2024-04-26T00:00');
    expect(presetRange('last1h', NOW, 'UTC')).toEqual({ from: '2024-05-02T08:31', to: '2024-05-02T09:31' });
  });

  it('a relative saved search is recomputed when loaded, not frozen at the day it was saved', () => {
    const q = formToQuery({ ...defaultForm(new Date(NOW), 'pbx', 'UTC'), ...presetRange('yesterday', NOW, 'UTC') }, 'UTC').query!;
    const later = NOW + 3 * 86400_000;
    const f = queryToForm(q, 'UTC', 'yesterday', later);
    expect(f).toMatchObject({ from: '2024-05-04T00:00', to: '2024-05-05T00:00', range: 'yesterday' });
    expect(queryToForm(q, 'UTC', '', later)).toMatchObject({ from: '2024-05-01T00:00', range: '' });
  });

  it('never sends a filter the backend does not understand', () => {
    const f = { ...defaultForm(new Date(NOW), 'pbx', 'UTC'), text: 'alice' };
    expect(formToQuery(f, 'UTC', { freeText: false }).query).not.toHaveProperty('text');
    expect(formToQuery(f, 'UTC', { freeText: true }).query).toMatchObject({ text: 'alice' });
  });
});
