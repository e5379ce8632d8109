/**
 * UCM CDR fetch: 100,000 CDRs from the simulator in 100 pages of 1000.
 *
 * - "client overhead" (budget 1500 ms, defined as parse, normalise, flatten): the
 *   client's parse + validate + normalise + flatten of the exact 100 page bodies the simulator serves.
 * - "client process CPU": everything the client process spends during the real search over HTTPS
 *   (TLS handshakes — one per request —, decryption, socket reads, GC, plus the above). The simulator
 *   runs in its own process, so none of its time is in this figure. Printed without a budget: it is
 *   more than the definition, and on 2 shared cores it moves with load.
 * - "parse+normalise": the CPU part alone, on the same 100 page bodies.
 * - first page latency on a fresh session (challenge, login, getSystemStatus, first cdrapi page).
 * - the seed's way (curl + jq, one process pair per page) against the same simulator, and the ratio.
 * Medians over several runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { ucmProfileSchema } from '../src-main/profiles/schema';
import { MemorySecretStore } from '../test/helpers/memory-secrets';
import { generateUcmCdrs } from '../test/sims/ucm/seed';
import { UcmSession } from '../src-main/connectors/ucm/session';
import { searchUcmCdr, normaliseCdrEntry } from '../src-main/connectors/ucm/cdr';
import { parseJsonBody } from '../src-main/connectors/tls/pinned-https';
import { cdrQuerySchema } from '../src-main/domain/cdr';
import type { BenchResult } from './types';
import { median } from './stats';

const RUNS = 3;
const COUNT = 100_000;

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

interface SimProcess {
  url: string;
  fingerprint: string;
  handlerMs(): Promise<number>;
  stop(): Promise<void>;
}

function startSimProcess(count: number): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/sims/ucm/run.ts', String(count)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      child.stdout!.off('data', onData);
      const info = JSON.parse(buf.slice(0, nl)) as { url: string; fingerprint: string };
      resolve({
        ...info,
        handlerMs: () =>
          new Promise((res) => {
            const h = (m: { type?: string; value?: number }) => {
              if (m.type !== 'handlerMs') return;
              child.off('message', h);
              res(m.value ?? 0);
            };
            child.on('message', h);
            child.send({ type: 'handlerMs' });
          }),
        stop: () =>
          new Promise((res) => {
            child.once('exit', () => res());
            child.send({ type: 'stop' });
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
}

export default {
  name: 'ucm',
  async run(): Promise<BenchResult[]> {
    const cdrs = generateUcmCdrs({ count: COUNT, seed: 1 });
    // The simulator runs in its own process so its TLS and serialisation do not count as client time.
    const sim = await startSimProcess(COUNT);
    const profile = ucmProfileSchema.parse({ id: 'bench', name: 'Bench', kind: 'ucm', baseUrl: sim.url, user: 'cdrapi', tlsCertSha256: sim.fingerprint, timeoutMs: 60_000 });
    const secrets = new MemorySecretStore();
    await secrets.set('bench', 'password', 'cdrapi123');
    const query = cdrQuerySchema.parse({ profileId: 'bench', from: '2024-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z', limit: COUNT });
    try {
      const clientCpu: number[] = [];
      const walls: number[] = [];
      const firstPage: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        const session = new UcmSession(profile, secrets);
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        let first = 0;
        let n = 0;
        await searchUcmCdr(session, 'bench', query, {
          signal: new AbortController().signal,
          onPage: (p) => {
            if (!first) first = performance.now() - t0;
            n += p.records.length;
          },
        });
        const wall = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        clientCpu.push((cpu.user + cpu.system) / 1000);
        walls.push(wall);
        firstPage.push(first);
        rows = n;
        await session.logout();
      }
      if (rows !== COUNT) throw new Error(`expected ${COUNT} records, got ${rows}`);

      // CPU part alone on the exact page bodies the simulator serves.
      const bodies: Buffer[] = [];
      for (let off = 0; off < COUNT; off += 1000) bodies.push(Buffer.from('{"cdr_root":[' + cdrs.slice(off, off + 1000).map((e) => JSON.stringify(e)).join(',') + ']}'));
      const cpu: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        let n = 0;
        for (const b of bodies) {
          const page = parseJsonBody(b, 'bench') as { cdr_root: unknown[] };
          for (const e of page.cdr_root) if (normaliseCdrEntry(e, 'bench', '+02:00')) n++;
        }
        cpu.push(performance.now() - t0);
        if (n !== COUNT) throw new Error('normalise lost records');
      }

      const out: BenchResult[] = [
        { metric: `client overhead: parse+validate+normalise+flatten, ${COUNT} CDRs`, value: median(cpu), unit: 'ms', budget: 1500 },
        { metric: `client process CPU, whole search over HTTPS (incl. TLS, I/O, GC)`, value: median(clientCpu), unit: 'ms' },
        { metric: 'wall time, whole search incl. simulator', value: median(walls), unit: 'ms' },
        { metric: 'first page latency (login + clock + 1000 rows)', value: median(firstPage), unit: 'ms' },
      ];

      if (!have('curl') || !have('jq')) {
        process.stdout.write('  note: curl or jq missing; skipping the curl+jq comparison\n');
        return out;
      }
      // The seed's way: curl for challenge/login, then one curl | jq per page. -k: loopback simulator only.
      const script = `
set -e
U="${sim.url}/api"
C=$(curl -sk -d '{"request":{"action":"challenge","user":"cdrapi","version":"1.0"}}' "$U" | jq -r .response.challenge)
T=$(printf '%s%s' "$C" cdrapi123 | md5sum | cut -d' ' -f1)
K=$(curl -sk -d "{\\"request\\":{\\"action\\":\\"login\\",\\"user\\":\\"cdrapi\\",\\"token\\":\\"$T\\"}}" "$U" | jq -r .response.cookie)
n=0
for off in $(seq 0 1000 ${COUNT - 1}); do
  c=$(curl -sk -d "{\\"request\\":{\\"action\\":\\"cdrapi\\",\\"cookie\\":\\"$K\\",\\"format\\":\\"json\\",\\"numRecords\\":\\"1000\\",\\"offset\\":\\"$off\\"}}" "$U" | jq '[.cdr_root[] | {start: (.main_cdr.start // .start), src: (.main_cdr.src // .src), dst: (.main_cdr.dst // .dst), billsec: (.main_cdr.billsec // .billsec)}] | length')
  n=$((n + c))
done
echo $n`;
      const curlWalls: number[] = [];
      const curlOver: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const simBefore = await sim.handlerMs();
        const t0 = performance.now();
        const res = await new Promise<{ code: number | null; out: string }>((resolve) => {
          const p = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
          let o = '';
          p.stdout.on('data', (d: Buffer) => (o += d.toString()));
          p.on('close', (code) => resolve({ code, out: o }));
        });
        const wall = performance.now() - t0;
        if (res.code !== 0 || Number(res.out.trim()) !== COUNT) throw new Error(`curl+jq pipeline failed (exit ${res.code}, ${res.out.trim().slice(0, 40)})`);
        curlWalls.push(wall);
        curlOver.push(wall - ((await sim.handlerMs()) - simBefore));
      }
      const ratio = median(curlOver) / median(walls);
      process.stdout.write(`  curl+jq: ${median(curlWalls).toFixed(0)} ms wall; Callboard is ${ratio.toFixed(1)}x faster end to end (wall, both minus nothing but the shared simulator)\n`);
      out.push({ metric: 'curl+jq pipeline, same 100 pages (wall minus simulator)', value: median(curlOver), unit: 'ms' });
      out.push({ metric: 'speed-up vs curl+jq (curl+jq wall minus simulator / Callboard wall)', value: ratio, unit: 'x' });
      return out;
    } finally {
      await sim.stop();
    }
  },
};
