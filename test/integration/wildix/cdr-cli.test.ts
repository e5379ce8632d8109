import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startWildixSim, type WildixSim } from '../../sims/wildix/server';
import { generateWildixSeed } from '../../sims/wildix/seed';
import { cdrCommand } from '../../../src-main/cli/commands/cdr';
import type { CliIO } from '../../../src-main/cli/types';
import type { AppContext } from '../../../src-main/core/context';
import { contextFor, profileFor } from './helpers';

let sim: WildixSim;
beforeAll(async () => {
  sim = await startWildixSim({ seed: generateWildixSeed({ historyCount: 300, newest: '2026-03-02 18:00:00' }) });
});
afterAll(async () => {
  await sim.stop();
});

describe('callboard cdr on a Wildix profile (shared CdrSource table)', () => {
  it('prints the matching call-history rows as JSON', async () => {
    const profile = profileFor(sim);
    const ctx = (await contextFor(profile)) as unknown as AppContext;
    let out = '';
    let err = '';
    const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: async () => '', confirm: async () => false, isTTY: false };
    const code = await cdrCommand.run(['acme', '--from', '2026-03-02T17:00:00Z', '--to', '2026-03-02T18:00:00Z', '--disposition', 'answered', '--json'], io, ctx);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { id: string; disposition: string; start: string }[];
    const expected = sim.seed.history.filter((h) => (h.start as string) >= '2026-03-02 17:00:00' && (h.start as string) <= '2026-03-02 18:00:00' && h.disposition === 'ANSWERED');
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.length).toBe(expected.length);
    expect(rows.every((r) => r.disposition === 'ANSWERED' && r.start.endsWith('+00:00'))).toBe(true);
    expect(err).toMatch(new RegExp(`${expected.length} records`));
  });
});
