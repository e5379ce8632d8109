/**
 * Kamailio live poll against a real kamailio on 127.0.0.1 (test/helpers/kamailio.ts) holding N answered
 * dialogs placed through it by SIP phones.
 *
 * - "live poll": what the live service pays per poll: dlg.list over the kept-alive pinned HTTPS client,
 *   size cap, JSON-RPC envelope check, zod row validation and mapping to LiveCall rows (median; CPU
 *   time of this process beside it).
 * - "floor": the same request and the same bytes through the cheapest path: Node's https with a
 *   kept-alive agent and JSON.parse, nothing else. Measured in the same run, against the same proxy.
 */
import https from 'node:https';
import { kamailioUnavailableReason, startKamailio, SipPhone } from '../test/helpers/kamailio';
import { fakeContext } from '../test/helpers/fake-app-context';
import { kamailioProfileSchema } from '../src-main/profiles/schema';
import { listDialogs } from '../src-main/connectors/kamailio/proxy';
import type { BenchResult } from './types';
import { median } from './stats';

const N = 2000;
const ROUNDS = 15;

async function run(): Promise<BenchResult[]> {
  const why = kamailioUnavailableReason();
  if (why) {
    console.log(`  skipped: ${why}`);
    return [];
  }
  const k = await startKamailio({ shmMb: 128, pkgMb: 64 });
  const proxy = { host: '127.0.0.1', port: k.sipPort };
  const [alice, bob] = await Promise.all([SipPhone.open('alice', proxy), SipPhone.open('bob', proxy)]);
  const ctx = await fakeContext([], Date.now());
  try {
    await bob.register(3600);
    for (let i = 0; i < N; i += 50) {
      const batch = Array.from({ length: Math.min(50, N - i) }, () => alice.call('bob'));
      await Promise.all(batch.map((c) => c.waitFor(200, 10_000)));
    }
    const profile = kamailioProfileSchema.parse({ id: 'edge', name: 'Edge', kind: 'kamailio', rpcUrl: k.rpcUrl, user: k.user, tlsCertSha256: k.certFingerprint, timeoutMs: 30_000 });
    await ctx.profiles.upsert(profile);
    await ctx.secrets.set('edge', 'rpcPassword', k.password);
    ctx.clock.ms = Date.now();

    const rows = await listDialogs(ctx, profile);
    if (rows.length !== N) throw new Error(`the proxy lists ${rows.length} dialogs, expected ${N}`);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await listDialogs(ctx, profile);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }

    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: k.certPem, checkServerIdentity: () => undefined });
    const auth = `Basic ${Buffer.from(`${k.user}:${k.password}`).toString('base64')}`;
    let bytes = 0;
    const floorOnce = () =>
      new Promise<void>((resolve, reject) => {
        const body = JSON.stringify({ jsonrpc: '2.0', method: 'dlg.list', id: 1 });
        const req = https.request({ host: '127.0.0.1', port: k.tlsPort, path: '/RPC', method: 'POST', agent, headers: { Authorization: auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            bytes = buf.length;
            const j = JSON.parse(buf.toString('utf8')) as { result: unknown[] };
            if (j.result.length !== N) reject(new Error('floor saw a different list'));
            else resolve();
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    await floorOnce();
    const fWall: number[] = [];
    const fCpu: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await floorOnce();
      fWall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      fCpu.push((c.user + c.system) / 1000);
    }
    agent.destroy();
    const r = (metric: string, value: number, unit = 'ms'): BenchResult => ({ metric, value, unit });
    const out = [
      r(`live poll, ${N} dialogs (HTTPS+parse+validate+map), median wall`, median(wall)),
      r(`live poll, ${N} dialogs, client CPU time, median`, median(cpu)),
      r(`floor: same request, https + JSON.parse only, median wall`, median(fWall)),
      r(`floor: client CPU time, median`, median(fCpu)),
      r(`client CPU / floor CPU`, median(cpu) / Math.max(0.001, median(fCpu)), 'x'),
      r(`dlg.list reply size, ${N} dialogs`, bytes / 1024, 'KiB'),
    ];
    for (const o of out) console.log(`  ${o.metric}: ${o.value.toFixed(2)} ${o.unit}`);
    return out;
  } finally {
    await ctx.connections.closeAll();
    await Promise.all([alice.close(), bob.close()]);
    await k.stop();
    await ctx.cleanup();
  }
}

export default { name: 'kamailio', run };
