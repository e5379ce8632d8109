/**
 * The live poll's parse floor in its own process: AES-CBC decrypt + gunzip + JSON.parse of the reply
 * bytes it is sent, nothing else, timed in CPU and wall. In its own heap, so neither the floor nor the
 * poll cycle pays for the other's garbage (bench/voipmonitor.bench.ts says why that matters).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { aesMaterialFromBase64, decryptReply, type AesMaterial } from '../src-main/connectors/voipmonitor/cipher';
import { jsonArrayBatches } from '../src-main/core/json-batches';

export interface FloorTiming {
  ms: number;
  cpuMs: number;
}

export interface FloorTimings {
  /** The floor: one JSON.parse of the whole reply. */
  whole: FloorTiming;
  /** The same values by the client's own batched JSON.parse (core/json-batches.ts): a cheaper path, printed beside. */
  batched: FloorTiming;
}

interface FloorRequest {
  keyB64: string;
  ivB64: string;
  raw: Uint8Array;
}

/** One shot over one reply, like one poll. */
function floorOnce(aes: AesMaterial, raw: Buffer, batched = false): FloorTiming {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // The same inflate settings as the client (reply.ts), so the floor is not slower than it needs to be.
  const body = gunzipSync(decryptReply(aes, raw), { chunkSize: 256 * 1024 });
  let rows = 0;
  if (batched) for (const part of jsonArrayBatches(body)) rows += part.length;
  else rows = (JSON.parse(body.toString('utf8')) as unknown[]).length;
  const ms = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  if (rows < 2) throw new Error('the floor parsed no rows');
  return { ms, cpuMs: (c1.user + c1.system) / 1000 };
}

export interface FloorChild {
  measure(raw: Buffer): Promise<FloorTimings>;
  stop(): Promise<void>;
}

export async function startFloorChild(keyB64: string, ivB64: string): Promise<FloorChild> {
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, ['--floor-child'], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'spawn');
  return {
    measure: async (raw) => {
      const reply = once(child, 'message') as Promise<[FloorTimings | { error: string }]>;
      child.send({ keyB64, ivB64, raw } satisfies FloorRequest);
      const [m] = await reply;
      if ('error' in m) throw new Error(`floor child: ${m.error}`);
      return m;
    },
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv.includes('--floor-child')) {
  let aes: AesMaterial | null = null;
  let turn = 0;
  process.on('message', (m: FloorRequest) => {
    try {
      aes ??= aesMaterialFromBase64('aes-128-cbc', m.keyB64, m.ivB64, 'bench');
      const raw = Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength);
      // Alternating which goes first, so neither always inherits the other's garbage.
      const first = turn++ % 2 === 0;
      const a = floorOnce(aes, raw, !first);
      const b = floorOnce(aes, raw, first);
      process.send?.(first ? { whole: a, batched: b } : { whole: b, batched: a });
    } catch (e) {
      process.send?.({ error: (e as Error).message });
    }
  });
}
