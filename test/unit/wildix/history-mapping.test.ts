import { describe, it, expect } from 'vitest';
import { PbxClock } from '../../../src-main/connectors/wildix/pbx-time';
import { normaliseHistoryRow, partyMatcher, planQuery } from '../../../src-main/connectors/wildix/call-history';
import { originateBody } from '../../../src-main/connectors/wildix/originate';
import { wildixLiveCapabilities } from '../../../src-main/connectors/wildix/live';
import { cdrQuerySchema, cdrRecordSchema } from '../../../src-main/domain/cdr';
import { contract } from '../../../src-main/ipc/contract';
import { kindSummaries } from '../../../src-main/backends/registry';

describe('PBX-local times', () => {
  it('adds the zone offset, also across a DST change', () => {
    const c = new PbxClock('Europe/Prague');
    expect(c.toIso('2026-01-15 10:00:00')).toBe('2026-01-15T10:00:00+01:00');
    expect(c.toIso('2026-07-15 10:00:00')).toBe('2026-07-15T10:00:00+02:00');
    expect(c.toIso('0000-00-00 00:00:00')).toBeNull();
    expect(c.toIso('')).toBeNull();
    expect(c.toWall(Date.parse('2026-07-15T08:00:00Z'))).toBe('2026-07-15 10:00:00');
  });
});

describe('Wildix call-history rows', () => {
  const clock = new PbxClock('UTC');
  it('normalises a manual-style row', () => {
    const r = normaliseHistoryRow(
      { id: '8289', start: '2015-03-11 13:32:36', answer: '2015-03-11 13:32:40', end: '2015-03-11 13:33:40', billsec: '60', disposition: 'answered', from_name: 'Anna', from_number: '101', to_number: '+420600111222', to_name: '', lastapp: 'Dial', weird: { nested: 1 } },
      'acme',
      clock,
    );
    expect(r && cdrRecordSchema.safeParse(r).success).toBe(true);
    expect(r).toMatchObject({ id: '8289', start: '2015-03-11T13:32:36+00:00', durationSec: 64, billsec: 60, disposition: 'ANSWERED', caller: '101', callerName: 'Anna', callee: '+420600111222' });
    expect(r?.extra).toEqual({ to_name: '', lastapp: 'Dial' });
  });

  it('skips rows without id or start', () => {
    expect(normaliseHistoryRow({ start: '2015-03-11 13:32:36' }, 'acme', clock)).toBeNull();
    expect(normaliseHistoryRow({ id: '1', start: 'yesterday' }, 'acme', clock)).toBeNull();
  });

  it('matches UCM-style party filters', () => {
    const m = partyMatcher('1001, 1005-1010,44@9') as (v: string) => boolean;
    expect(['1001', '1007', '44129'].map(m)).toEqual([true, true, true]);
    expect(['1002', '1011', '4412'].map(m)).toEqual([false, false, false]);
    expect(partyMatcher('  ')).toBeNull();
  });

  it('pushes exact filters to Wildix and keeps the rest for the client', () => {
    const q = cdrQuerySchema.parse({ profileId: 'a', from: '2026-03-01T00:00:00Z', to: '2026-03-01T12:00:00Z', caller: '101', callee: '20@', disposition: 'BUSY', text: 'anna' });
    const plan = planQuery(q, clock);
    expect(plan.params.filter).toEqual({ start: { from: '2026-03-01 00:00:00', to: '2026-03-01 12:00:00' }, from_number: '101', disposition: 'BUSY' });
    expect(plan.params.search).toBe('anna');
    expect(plan.clientOnly).toBe(true);
  });
});

describe('Originate body and live capabilities', () => {
  it('builds the KB Originate form', () => {
    expect(originateBody({ operatorExtension: '108', destination: '16144841500', callerIdName: 'Ann"ouncer<' })).toEqual({
      callerid: '"Announcer" <16144841500>',
      channel: 'Local/108@users',
      context: 'users',
      exten: '16144841500',
      priority: '1',
    });
    expect(() => originateBody({ operatorExtension: '10 8', destination: '1' })).toThrow();
  });

  it('explains what live data exists and fits the IPC reply', () => {
    const msg = wildixLiveCapabilities();
    expect(msg).toMatch(/no API that lists every live call/);
    // The operator sees it as the Wildix kind's note in profiles:kinds.
    const kinds = kindSummaries().map((k) => ({ ...k, secrets: k.secrets.map((s) => s.name), secretLabels: {} }));
    expect(contract['profiles:kinds'].response.parse({ kinds }).kinds.find((k) => k.kind === 'wildix')?.note).toBe(msg);
  });
});
