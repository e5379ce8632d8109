/**
 * The live poll cycle in its own process: the client as Vite builds it for the app (bench/live-client.ts),
 * one VoIPmonitor sensor and its live diff, timed one cycle per request in CPU and wall time.
 *
 * Why a process of its own, like the floor (bench/floor-child.ts): the process that runs the benchmark
 * also holds Vite and Rollup, which it loads to build the client, about 16 MB of heap that the app's main
 * process never has. Every full garbage collection the cycle causes marks that heap too; here it marks
 * only what the app would hold for this sensor (docs/BENCHMARKS.md has the two measured side by side).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { MemorySecretStore } from '../test/helpers/memory-secrets';

type LiveClient = typeof import('./live-client');

export interface CycleTiming {
  ms: number;
  cpuMs: number;
  calls: number;
  /** Added + changed + removed in the live diff. */
  changes: number;
}

interface OpenRequest {
  op: 'open';
  client: string;
  port: number;
  keyB64: string;
  ivB64: string;
}

type Request = OpenRequest | { op: 'cycle' };

export interface CycleChild {
  cycle(): Promise<CycleTiming>;
  stop(): Promise<void>;
}

/** Starts the child with the built client at `client` (a file path), polling the simulator on `port`. */
export async function startCycleChild(client: string, port: number, keyB64: string, ivB64: string): Promise<CycleChild> {
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, ['--cycle-child'], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'spawn');
  const ask = async <T>(req: Request): Promise<T> => {
    const reply = once(child, 'message') as Promise<[T | { error: string }]>;
    child.send(req);
    const [m] = await reply;
    if (m !== null && typeof m === 'object' && 'error' in m) throw new Error(`cycle child: ${m.error}`);
    return m as T;
  };
  await ask<{ ok: true }>({ op: 'open', client, port, keyB64, ivB64 });
  return {
    cycle: () => ask<CycleTiming>({ op: 'cycle' }),
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv.includes('--cycle-child')) {
  let run: (() => Promise<CycleTiming>) | null = null;
  let close: (() => Promise<void>) | null = null;
  const open = async (m: OpenRequest): Promise<void> => {
    const { VoipmonitorSensor, voipmonitorProfileSchema, diffCalls, emptyDiffState } = (await import(pathToFileURL(m.client).href)) as LiveClient;
    const secrets = new MemorySecretStore();
    await secrets.set('bench', 'aesKey', m.keyB64);
    await secrets.set('bench', 'aesIv', m.ivB64);
    const profile = voipmonitorProfileSchema.parse({
      id: 'bench', name: 'Bench', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: m.port }, cipher: 'aes-128-cbc', timeoutMs: 30000, timeZone: 'Europe/Prague',
    });
    const sensor = await VoipmonitorSensor.open({ secrets }, profile);
    const state = emptyDiffState();
    close = () => sensor.close();
    run = async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const { calls } = await sensor.listCalls();
      const d = diffCalls(state, calls);
      const ms = performance.now() - t0;
      const c1 = process.cpuUsage(c0);
      return { ms, cpuMs: (c1.user + c1.system) / 1000, calls: calls.length, changes: d.added.length + d.changed.length + d.removed.length };
    };
  };
  process.on('message', (m: Request) => {
    const answer = m.op === 'open' ? open(m).then(() => ({ ok: true })) : run ? run() : Promise.reject(new Error('not open'));
    answer.then(
      (r) => process.send?.(r),
      (e: unknown) => process.send?.({ error: e instanceof Error ? e.message : String(e) }),
    );
  });
  process.on('SIGTERM', () => {
    void (close ? close() : Promise.resolve()).finally(() => process.exit(0));
  });
}
