/**
 * VoIPmonitor live poll cycle: the simulator holds N live calls; one cycle is exactly what the poller
 * does per sensor and interval: connect over TCP, send the AES request, read to EOF, decrypt, gunzip,
 * JSON.parse, normalise into LiveCall, and diff against the previous poll.
 *
 * How it is measured: the simulator runs in its own process on 127.0.0.1 (so its rendering and
 * garbage do not land in our measurement) and its reply for each scenario state is pre-rendered
 * (JSON + gzip + AES done before the clock starts), so the figure holds only the client's work plus
 * loopback I/O. Between cycles the scenario advances 2 s (calls ring,
 * answer, degrade, end), so the diff has real changes to find. Median of several cycles after a warm-up.
 *
 * Besides wall-clock (the budgeted figure) it reports the process CPU time per cycle: on a shared
 * 2-core machine the wall clock also measures the neighbours, CPU time measures this code.
 */
import os from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { DEMO_AES } from '../test/sims/voipmonitor';
import { VoipmonitorSensor } from '../src-main/connectors/voipmonitor/sensor';
import { voipmonitorProfileSchema } from '../src-main/profiles/schema';
import { diffCalls, emptyDiffState } from '../src-main/services/live/diff';
import { MemorySecretStore } from '../test/helpers/memory-secrets';
import type { BenchResult } from './types';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface SimChild {
  port: number;
  send(msg: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

async function startSimChild(count: number): Promise<SimChild> {
  const child: ChildProcess = fork('test/sims/voipmonitor/standalone.ts', ['--count', String(count), '--seed', '42', '--aes', '--cache'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString().split('\n')[0]!) as { port: number };
  return {
    port,
    send: async (msg) => {
      const done = once(child, 'message');
      child.send(msg);
      await done;
    },
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function cycle(count: number, runs: number): Promise<{ ms: number; cpuMs: number; minMs: number; changes: number }> {
  const sim = await startSimChild(count);
  const secrets = new MemorySecretStore();
  await secrets.set('bench', 'aesKey', DEMO_AES.keyB64);
  await secrets.set('bench', 'aesIv', DEMO_AES.ivB64);
  const profile = voipmonitorProfileSchema.parse({
    id: 'bench', name: 'Bench', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, cipher: 'aes-128-cbc', timeoutMs: 30000, timeZone: 'Europe/Prague',
  });
  const sensor = await VoipmonitorSensor.open({ secrets }, profile);
  const state = emptyDiffState();
  try {
    // Warm-up (JIT, first connection) and learn the exact request line the client sends.
    for (let i = 0; i < 2; i++) diffCalls(state, (await sensor.listCalls()).calls);
    // The exact line our client sends (same params every poll), for the simulator's reply cache.
    const line = 'listcalls {"zip":"yes"}';
    const times: number[] = [];
    const cpu: number[] = [];
    let changes = 0;
    for (let i = 0; i < runs; i++) {
      await sim.send({ op: 'tick', seconds: 2 });
      await sim.send({ op: 'prerender', line });
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const { calls } = await sensor.listCalls();
      const d = diffCalls(state, calls);
      times.push(performance.now() - t0);
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1000);
      if (calls.length !== count) throw new Error(`expected ${count} calls, got ${calls.length}`);
      changes += d.added.length + d.changed.length + d.removed.length;
    }
    return { ms: median(times), cpuMs: median(cpu), minMs: Math.min(...times), changes: Math.round(changes / runs) };
  } finally {
    await sensor.close();
    await sim.stop();
  }
}

export default {
  name: 'voipmonitor',
  async run(): Promise<BenchResult[]> {
    const out: BenchResult[] = [];
    process.stdout.write(`  load average at start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores\n`);
    for (const [count, runs, budget] of [[1_000, 11, undefined], [10_000, 11, 60], [20_000, 7, undefined]] as const) {
      const r = await cycle(count, runs);
      const res: BenchResult = { metric: `live poll cycle, ${count.toLocaleString('en-US')} calls (TCP+AES+gzip → LiveDiff), median`, value: Math.round(r.ms * 10) / 10, unit: 'ms' };
      if (budget !== undefined) res.budget = budget;
      out.push(res);
      out.push({ metric: `live poll cycle, ${count.toLocaleString('en-US')} calls, CPU time, median`, value: Math.round(r.cpuMs * 10) / 10, unit: 'ms' });
      process.stdout.write(`  ${count} calls: median ${r.ms.toFixed(1)} ms wall (best ${r.minMs.toFixed(1)}), ${r.cpuMs.toFixed(1)} ms CPU, ~${r.changes} changed rows per cycle\n`);
    }
    return out;
  },
};
