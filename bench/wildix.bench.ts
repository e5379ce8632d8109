/**
 * Wildix call history and S2S signing.
 *
 * - "S2S signing per request": median time of signRequest (canonical string, sha256, PHP-exact JSON
 *   payload, HS256 via jose) for a typical CallHistory GET with nested filters. Budget 0.2 ms.
 * - "50,000 history records, client overhead": the real CdrSource paging (1000 per page) through
 *   the client, with the replies the simulator gave replayed from memory, so the figure is what the
 *   client itself costs: signing, JSON.parse, zod validation, time-zone conversion, filtering,
 *   normalisation. Budget 1000 ms.
 * - "end to end over HTTPS": the same search against the live simulator (same process, so its own
 *   filtering and JSON encoding are included). For information.
 */
import { startWildixSim, DEFAULT_APP } from '../test/sims/wildix/server';
import { generateWildixSeed } from '../test/sims/wildix/seed';
import { signRequest } from '../src-main/connectors/wildix/s2s-token';
import { createHttpsExchange, type HttpExchange, type HttpResponse } from '../src-main/connectors/wildix/https-transport';
import { createWildixCdrSource } from '../src-main/connectors/wildix/call-history';
import { wildixProfileSchema } from '../src-main/profiles/schema';
import { cdrQuerySchema } from '../src-main/domain/cdr';
import { MemorySecretStore } from '../test/helpers/memory-secrets';
import type { BenchResult } from './types';
import { median } from './stats';

async function signing(): Promise<number> {
  const app = { baseUrl: 'https://acme.wildixin.com', appId: DEFAULT_APP.id, appName: DEFAULT_APP.name, secret: DEFAULT_APP.secret };
  const input = (i: number) => ({
    method: 'GET' as const,
    endpoint: '/api/v1/PBX/CallHistory/',
    params: {
      fields: 'id,start,answer,end,billsec,disposition,from_name,from_number,to_name,to_number',
      filter: { start: { from: '2026-03-01 00:00:00', to: '2026-03-02 23:59:59' }, disposition: 'ANSWERED' },
      sort: 'start',
      dir: 'DESC',
      start: i * 1000,
      count: 1000,
    },
    iat: 1_770_000_000 + i,
  });
  for (let i = 0; i < 2000; i++) await signRequest(app, input(i));
  const times: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = performance.now();
    await signRequest(app, input(i));
    times.push(performance.now() - t);
  }
  return median(times);
}

async function history(): Promise<{ overhead: number; cpu: number; e2e: number; count: number }> {
  const seed = generateWildixSeed({ historyCount: 50_000, colleagueCount: 60 });
  const sim = await startWildixSim({ seed, maxCount: 1000 });
  try {
    const profile = wildixProfileSchema.parse({
      id: 'bench', name: 'Bench', kind: 'wildix', baseUrl: sim.url, appId: DEFAULT_APP.id, appName: DEFAULT_APP.name,
      tlsCertSha256: sim.fingerprint256, timeZone: 'Europe/Prague', historyPageSize: 1000,
    });
    const secrets = new MemorySecretStore();
    await secrets.set(profile.id, 'appSecret', DEFAULT_APP.secret);
    const ctx = { secrets, now: Date.now };
    const query = cdrQuerySchema.parse({ profileId: profile.id, from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', limit: 1_000_000 });

    // Record the simulator's replies by `start` offset while measuring the end-to-end run.
    const replies = new Map<string, HttpResponse>();
    const live = createHttpsExchange({ baseUrl: sim.url, what: 'bench', timeoutMs: 30_000, maxBytes: 64 * 1024 * 1024, pinSha256: sim.fingerprint256 });
    const recording: HttpExchange = async (req) => {
      const res = await live.exchange(req);
      replies.set(/[?&]start=(\d+)/.exec(req.target)?.[1] ?? '', res);
      return res;
    };
    const e2eRuns: number[] = [];
    let count = 0;
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      const r = await createWildixCdrSource(ctx, profile, { exchange: recording }).search(query, { signal: new AbortController().signal, onPage: () => {} });
      e2eRuns.push(performance.now() - t);
      count = r.fetched;
    }
    live.close();

    const replay: HttpExchange = async (req) => {
      const res = replies.get(/[?&]start=(\d+)/.exec(req.target)?.[1] ?? '');
      if (!res) throw new Error('no recorded reply');
      return res;
    };
    const runs: number[] = [];
    const cpus: number[] = [];
    for (let run = 0; run < 7; run++) {
      const c0 = process.cpuUsage();
      const t = performance.now();
      const r = await createWildixCdrSource(ctx, profile, { exchange: replay }).search(query, { signal: new AbortController().signal, onPage: () => {} });
      runs.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1000);
      if (r.fetched !== 50_000) throw new Error(`expected 50000 records, got ${r.fetched}`);
    }
    return { overhead: median(runs), cpu: median(cpus), e2e: median(e2eRuns), count };
  } finally {
    await sim.stop();
  }
}

export default {
  name: 'wildix',
  run: async (): Promise<BenchResult[]> => {
    const sign = await signing();
    const h = await history();
    return [
      { metric: 'S2S signing per request (median of 20,000)', value: Number(sign.toFixed(4)), unit: 'ms', budget: 0.2 },
      { metric: '50,000 history records paged + normalised, client overhead (median of 7)', value: Math.round(h.overhead), unit: 'ms', budget: 1000 },
      // CPU time of this process over the same runs: the wall figure above grows when the machine is shared.
      { metric: '50,000 history records, client CPU time (median of 7)', value: Math.round(h.cpu), unit: 'ms' },
      { metric: `50,000 history records end to end over HTTPS incl. simulator (median of 3, ${h.count} rows)`, value: Math.round(h.e2e), unit: 'ms' },
    ];
  },
};
