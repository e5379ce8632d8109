/**
 * Runs the simulated sensor as its own process (demo, manual testing, benchmarks):
 *   npx tsx test/sims/voipmonitor/standalone.ts [--count 200] [--seed 1] [--port 5029] [--aes] [--socket /tmp/vm.sock] [--real-time] [--active-call-info]
 * Prints one JSON line {"port":..,"socketPath":..,"aesKeyB64":..,"aesIvB64":..} when listening. When started with
 * an IPC channel (child_process.fork), it also obeys {op:"tick",seconds}, {op:"prerender",line}, {op:"restart",ms,mode},
 * {op:"stop"} and answers each with {op:"done"}.
 */
import { parseArgs } from 'node:util';
import { startVoipmonitorSim, DEMO_AES } from './index';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' }, port: { type: 'string', default: '0' },
    aes: { type: 'boolean', default: false }, socket: { type: 'string' }, 'real-time': { type: 'boolean', default: false }, cache: { type: 'boolean', default: false },
    'active-call-info': { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const sim = await startVoipmonitorSim({
    ...(values.aes ? { aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64 } : {}),
    ...(values.socket ? { socketPath: values.socket } : {}),
    port: Number(values.port),
    scenario: { count: Number(values.count), seed: Number(values.seed), startTime: values['real-time'] ? Math.floor(Date.now() / 1000) : undefined },
    realTime: values['real-time'],
    cacheReplies: values.cache,
    activeCallInfo: values['active-call-info'],
  });
  process.stdout.write(JSON.stringify({ port: sim.port, socketPath: sim.socketPath, ...(values.aes ? { aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64 } : {}) }) + '\n');

  type Msg = { op: 'tick'; seconds: number } | { op: 'prerender'; line: string } | { op: 'restart'; ms: number; mode: 'empty' | 'drop' } | { op: 'stop' };
  const stop = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  if (process.send) {
    process.on('disconnect', () => void stop());
    process.on('message', (m: Msg) => {
      if (m.op === 'tick') sim.scenario.tick(m.seconds);
      else if (m.op === 'prerender') sim.prerender(m.line, true);
      else if (m.op === 'restart') sim.restart(m.ms, m.mode);
      else if (m.op === 'stop') return void stop();
      // Collect the simulator's garbage now, not during the client's measured cycle.
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ op: 'done' });
    });
  }
}

void main();
