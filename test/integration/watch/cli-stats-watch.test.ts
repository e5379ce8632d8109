/**
 * `callboard stats` on the UCM simulator's CDRs (figures against a count made here from the same
 * records) and `callboard watch --once` on the simulated sensor (exit codes, JSON, rules file).
 */
import { describe, it, expect, afterEach } from 'vitest';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appContext, rig, type Rig } from '../ucm/helpers';
import { generateUcmCdrs } from '../../sims/ucm/seed';
import { statsCommand } from '../../../src-main/cli/commands/stats';
import { watchCommand, EXIT_CRITICAL } from '../../../src-main/cli/commands/watch';
import { cdrSourceFor } from '../../../src-main/services/cdr-search';
import { cdrQuerySchema, type CdrRecord } from '../../../src-main/domain/cdr';
import { setDisplayZone } from '../../../src-main/services/display-settings';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import type { CliIO } from '../../../src-main/cli/types';

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t), readStdin: async () => '', confirm: async () => false, isTTY: false };
  return o;
}

let r: Rig | null = null;
let dir: string | null = null;
let sim: VoipmonitorSim | null = null;
let fctx: FakeContext | null = null;
afterEach(async () => {
  await r?.connections.closeAll();
  await r?.sim.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  await fctx?.connections.closeAll();
  await sim?.stop();
  await fctx?.cleanup();
  r = null;
  dir = null;
  sim = null;
  fctx = null;
});

describe('callboard stats', () => {
  it('prints calls, answered, ASR, NER, ACD and hour buckets that match a count of the same records; bare dates are whole days', async () => {
    r = await rig({ cdrs: generateUcmCdrs({ count: 400, seed: 9 }) });
    const ctx = await appContext(r);
    dir = ctx.dir;
    await setDisplayZone(ctx.configDir, 'utc');
    const out = io();
    expect(await statsCommand.run(['hq', '--from', '2024-05-01', '--to', '2024-05-01', '--json', '--min-sample', '1'], out, ctx)).toBe(0);
    const s = JSON.parse(out.out) as { calls: number; answered: number; asr: number; ner: number; acd: number; buckets: Array<{ start: string; calls: number; answered: number; asr: number | null; acd: number | null }> };
    // Count made here from the same records.
    const records: CdrRecord[] = [];
    const { source } = await cdrSourceFor(ctx, 'hq');
    await source.search(cdrQuerySchema.parse({ profileId: 'hq', from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z', limit: 100_000 }), { signal: new AbortController().signal, onPage: (p) => records.push(...p.records) });
    expect(records.length).toBeGreaterThan(50);
    const answered = records.filter((x) => x.disposition === 'ANSWERED');
    const userSide = records.filter((x) => x.disposition === 'BUSY' || x.disposition === 'NO ANSWER');
    expect(s.calls).toBe(records.length);
    expect(s.answered).toBe(answered.length);
    expect(s.asr).toBeCloseTo((answered.length / records.length) * 100, 2);
    expect(s.ner).toBeCloseTo(((answered.length + userSide.length) / records.length) * 100, 2);
    expect(s.acd).toBeCloseTo(answered.reduce((t, x) => t + x.billsec, 0) / answered.length, 1);
    // 24 hour buckets of the whole day, summing to the total.
    expect(s.buckets).toHaveLength(24);
    expect(s.buckets[0]!.start).toBe('2024-05-01T00:00:00.000Z');
    expect(s.buckets.reduce((t, b) => t + b.calls, 0)).toBe(records.length);
    const h9 = records.filter((x) => new Date(x.start).getUTCHours() === 9);
    expect(s.buckets[9]!.calls).toBe(h9.length);

    const csv = io();
    expect(await statsCommand.run(['hq', '--from', '2024-05-01', '--to', '2024-05-01', '--csv'], csv, ctx)).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe('start,hour,calls,answered,asr,acd');
    expect(lines).toHaveLength(25);

    const text = io();
    expect(await statsCommand.run(['hq', '--from', '2024-05-01', '--to', '2024-05-01', '--by', 'destination'], text, ctx)).toBe(0);
    expect(text.out).toMatch(new RegExp(`^${records.length} calls, ${answered.length} answered · ASR `));

    await expect(statsCommand.run(['hq', '--from', '2024-05-02', '--to', '2024-05-01'], io(), ctx)).rejects.toMatchObject({ code: 'usage' });
    await expect(statsCommand.run(['hq', '--from', '2024-05-01', '--to', '2024-05-01', '--by', 'week'], io(), ctx)).rejects.toMatchObject({ code: 'usage' });
  });
});

describe('callboard watch --once', () => {
  it('exit code 0 without a critical alert, 6 with one; --json; a rules file is validated', async () => {
    sim = await startVoipmonitorSim({ scenario: { count: 25, seed: 3, degradeRatio: 0 } });
    fctx = await fakeContext([{ id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'none', timeoutMs: 2000 }]);
    const rules = (threshold: number) => ({ rules: [{ id: 'cap', name: 'Capacity', kind: 'concurrent-above', threshold, forSec: 60, severity: 'critical' }] });
    const file = path.join(fctx.configDir, 'rules.json');

    await writeFile(file, JSON.stringify(rules(1000)));
    const ok = io();
    expect(await watchCommand.run(['hq', '--rules', file, '--once'], ok, fctx)).toBe(0);
    expect(ok.out).toBe('No alert is open for hq.\n');

    await writeFile(file, JSON.stringify(rules(5)));
    const bad = io();
    expect(await watchCommand.run(['hq', '--rules', file, '--once', '--json'], bad, fctx)).toBe(EXIT_CRITICAL);
    const j = JSON.parse(bad.out) as { alerts: Array<{ ruleId: string; state: string; value: number; severity: string }>; summary: { open: number; worst: string }; kpis: { live: { concurrent: number } } };
    expect(j.alerts).toHaveLength(1);
    expect(j.alerts[0]).toMatchObject({ ruleId: 'cap', state: 'open', severity: 'critical' });
    expect(j.alerts[0]!.value).toBe(j.kpis.live.concurrent);
    expect(j.summary).toMatchObject({ open: 1, worst: 'critical' });

    await writeFile(file, JSON.stringify({ rules: [{ id: 'x', name: 'x', kind: 'mos-below', threshold: 3, password: 'hunter2' }] }));
    await expect(watchCommand.run(['hq', '--rules', file, '--once'], io(), fctx)).rejects.toMatchObject({ code: 'config' });
    await expect(watchCommand.run(['nope', '--once'], io(), fctx)).rejects.toMatchObject({ code: 'not_found' });
  }, 30_000);
});
