/**
 * Runs the Wildix simulator as its own process (demo, manual tests):
 * `npx tsx test/sims/wildix/run.ts [historyCount]`. Prints one JSON line
 * {url, fingerprint, appId, appName, appSecret} on stdout (test credentials only) and stops on
 * SIGTERM or an IPC {type:'stop'}.
 */
import { startWildixSim, DEFAULT_APP } from './server';
import { generateWildixSeed } from './seed';

async function main(): Promise<void> {
  const historyCount = Number(process.argv[2] ?? 5000);
  const sim = await startWildixSim({
    seed: generateWildixSeed({ historyCount, seed: 1 }),
    basicUsers: { admin: 'admin-demo-password' },
    port: Number(process.env.WILDIX_SIM_PORT ?? 0),
  });
  process.stdout.write(
    JSON.stringify({ url: sim.url, fingerprint: sim.fingerprint256, appId: DEFAULT_APP.id, appName: DEFAULT_APP.name, appSecret: DEFAULT_APP.secret }) + '\n',
  );
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'stop') stop();
  });
  process.on('SIGTERM', stop);
}
void main();
