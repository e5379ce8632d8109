/**
 * Runs the UCM simulator as its own process (demo, benchmarks): `npx tsx test/sims/ucm/run.ts [count]`.
 * Prints one JSON line {url, fingerprint, user, password} on stdout. With an IPC channel (fork), it
 * answers {type:'handlerMs'} with the simulator's cumulative handler time and stops on {type:'stop'}.
 */
import { startUcmSim } from './sim';
import { generateUcmCdrs } from './seed';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const sim = await startUcmSim({ cdrs: generateUcmCdrs({ count, seed: 1 }), port: Number(process.env.UCM_SIM_PORT ?? 0) });
  process.stdout.write(JSON.stringify({ url: sim.url, fingerprint: sim.fingerprint, user: 'cdrapi', password: 'cdrapi123' }) + '\n');
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'handlerMs') process.send?.({ type: 'handlerMs', value: sim.handlerMs() });
    if (m.type === 'stop') void sim.stop().then(() => process.exit(0));
  });
  process.on('SIGTERM', () => void sim.stop().then(() => process.exit(0)));
}
void main();
