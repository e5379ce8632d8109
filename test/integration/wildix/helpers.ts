import { Connections } from '../../../src-main/core/connections';
import https from 'node:https';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wildixProfileSchema, type WildixProfile } from '../../../src-main/profiles/schema';
import { ProfileStore } from '../../../src-main/profiles/store';
import { MemorySecretStore } from '../../helpers/memory-secrets';
import { DEFAULT_APP, type WildixSim } from '../../sims/wildix/server';

export function profileFor(sim: WildixSim, over: Record<string, unknown> = {}): WildixProfile {
  return wildixProfileSchema.parse({
    id: 'acme',
    name: 'Acme PBX',
    kind: 'wildix',
    baseUrl: sim.url,
    appId: DEFAULT_APP.id,
    appName: DEFAULT_APP.name,
    tlsCertSha256: sim.fingerprint256,
    timeZone: 'UTC',
    timeoutMs: 5000,
    ...over,
  });
}

export async function contextFor(profile: WildixProfile, now: () => number = Date.now) {
  const secrets = new MemorySecretStore();
  await secrets.set(profile.id, 'appSecret', DEFAULT_APP.secret);
  const profiles = new ProfileStore(mkdtempSync(path.join(os.tmpdir(), 'cb-wildix-')));
  await profiles.upsert(profile);
  return { secrets, now, profiles, connections: new Connections() };
}

/** Sends bytes exactly as given (to replay a signed request with one part changed). */
export function rawRequest(sim: WildixSim, method: string, target: string, headers: [string, string][], body?: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string> = {};
    for (const [n, v] of headers) h[n] = v;
    if (body !== undefined) h['Content-Length'] = String(Buffer.byteLength(body));
    const req = https.request({ host: '127.0.0.1', port: sim.port, method, path: target, headers: h, ca: sim.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
