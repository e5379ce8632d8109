import { describe, it, expect } from 'vitest';
import { Scenario, renderListcalls, renderRegisters, seedRegistrations, LISTCALLS_COLUMNS } from '../../sims/voipmonitor';

describe('simulator scenario and rendering', () => {
  it('is deterministic for a seed and keeps the call count while calls end and start', () => {
    const a = new Scenario({ count: 200, seed: 9 });
    const b = new Scenario({ count: 200, seed: 9 });
    expect(renderListcalls(a, '')).toBe(renderListcalls(b, ''));
    const before = new Set(a.calls.keys());
    a.tick(120);
    expect(a.calls.size).toBe(200);
    expect([...a.calls.keys()].some((k) => !before.has(k))).toBe(true);
    expect(() => new Scenario({ count: 20_001 })).toThrow();
  });

  it('speaks the sniffer dialect: 68 columns, summary only with parameters, the limit:0 object', () => {
    const s = new Scenario({ count: 30, seed: 2 });
    const bare = JSON.parse(renderListcalls(s, '')) as unknown[][];
    expect(bare[0]).toEqual([...LISTCALLS_COLUMNS]);
    expect((bare[1] as unknown[]).length).toBe(68);
    const withParams = JSON.parse(renderListcalls(s, '{"limit":5}')) as unknown[];
    expect(withParams[1]).toEqual([{ total: 30, is_receiver: 0, is_server: 0, id_sensor: -1 }]);
    expect(withParams.length).toBe(2 + 5);
    expect(JSON.parse(renderListcalls(s, '{"limit":0}'))).toEqual({ total: 30, is_receiver: 0, is_server: 0, id_sensor: -1 });
    // Bad JSON is ignored, not an error (tools_global.cpp:726): all calls plus the summary row.
    expect((JSON.parse(renderListcalls(s, 'not json')) as unknown[]).length).toBe(32);
    expect(renderListcalls(s, '')).toMatch(/\d\.\d{6}[,\]]/); // floats with 6 decimals
  });

  it('renders listregisters with the spaced summary and only a header when nothing matches', () => {
    const regs = seedRegistrations(3, 1, 1795363962);
    expect(renderRegisters(regs, '{}')).toContain(', [{"total": 3}],');
    expect(JSON.parse(renderRegisters(regs, '{"filter":{"from_num":"9999"}}'))).toHaveLength(1);
  });
});
