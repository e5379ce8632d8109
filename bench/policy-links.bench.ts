/**
 * Click-to-call guard and SIP VAULT links, on the real code paths:
 * - dial policy decision (parse with libphonenumber "max" metadata, classify, allow/deny) per destination;
 * - SIP VAULT link signing (SHA-256, HMAC, strict encoding) per link;
 * - originate prepare→confirm end to end with a no-op dialer: profile read, policy, token, two fsync'd
 *   audit appends (attempt before the PBX call, result after). The fsyncs dominate; they are the point.
 * Medians over several runs; no budgets were set by the issue for these, so none are claimed.
 */
import { Connections } from '../src-main/core/connections';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dialPolicySchema } from '../src-main/profiles/schema';
import { evaluateDialPolicy } from '../src-main/policy/dial-policy';
import { buildLink } from '../src-main/links/sipvault';
import { createOriginateService } from '../src-main/services/originate';
import { ProfileStore } from '../src-main/profiles/store';
import { AuditLog } from '../src-main/audit/log';
import { MemorySecretStore } from '../test/helpers/memory-secrets';
import type { AppContext } from '../src-main/core/context';
import type { BenchResult } from './types';
import { median } from './stats';

const RUNS = 5;

async function timePer(n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(i);
    runs.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  return median(runs);
}

export default {
  name: 'dial policy, SIP VAULT links, originate',
  async run(): Promise<BenchResult[]> {
    const policy = dialPolicySchema.parse({ defaultCountry: 'GB', allow: ['+4420*'], deny: ['+44909*'] });
    const dests = ['020 7946 0000', '07400 123456', '0906 123 4567', '+420 224 123 456', '1234', 'Local/1@x', '0800 123 4567', '0845 123 4567'];
    await timePer(200, (i) => evaluateDialPolicy(policy, dests[i % dests.length])); // warm-up (metadata load)
    const policyUs = await timePer(2000, (i) => evaluateDialPolicy(policy, dests[i % dests.length]));

    const linkUs = await timePer(5000, (i) =>
      buildLink({ baseUrl: 'https://vault.example.com', customerId: 'acme', callId: `a84b4c76e66710-${i}@pc33.atlanta.com`, secret: 'bench-secret-0123456789', nowSeconds: 1_777_777_777 }),
    );

    const dir = await mkdtemp(path.join(os.tmpdir(), 'cb-bench-originate-'));
    try {
      let clock = 1_777_777_777_000;
      const profiles = new ProfileStore(dir);
      await profiles.upsert({ id: 'pbx', name: 'PBX', kind: 'ucm', baseUrl: 'https://pbx.example.com', user: 'u', operatorExtension: '1000', dialPolicy: { defaultCountry: 'GB', maxPerMinute: 120, dedupSeconds: 0 } });
      const ctx: AppContext = {
        configDir: dir,
        profiles,
        secrets: new MemorySecretStore(),
        audit: new AuditLog({ dir, osUser: 'bench', now: () => clock }),
        platform: { openFile: async () => null, saveFile: async () => null, writeClipboard: async () => undefined, openExternal: async () => undefined, confirm: async () => false },
        now: () => clock,
        osUser: 'bench',
        appVersion: 'bench',
        connections: new Connections(),
      };
      const svc = createOriginateService(ctx, { dialers: { ucm: async () => ({ ok: true, code: 0, message: 'ok' }) } });
      const originateMs =
        (await timePer(40, async (i) => {
          clock += 61_000; // stay under the per-minute limit: this measures the path, not the limiter
          const p = await svc.prepare({ profileId: 'pbx', destination: `020 7946 ${String(1000 + i).padStart(4, '0')}` });
          await svc.confirm(p.token);
        })) / 1000;
      return [
        { metric: 'dial policy decision (median per destination)', value: Number(policyUs.toFixed(1)), unit: 'µs' },
        { metric: 'SIP VAULT link signing (median per link)', value: Number(linkUs.toFixed(2)), unit: 'µs' },
        { metric: 'originate prepare+confirm incl. 2 fsync audit appends', value: Number(originateMs.toFixed(2)), unit: 'ms' },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
