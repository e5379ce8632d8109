import { Connections } from '../../../src-main/core/connections';
import { ucmProfileSchema, type UcmProfile } from '../../../src-main/profiles/schema';
import { MemorySecretStore } from '../../helpers/memory-secrets';
import { makeSimCert, startUcmSim, type UcmSim, type UcmSimOptions } from '../../sims/ucm/sim';
import { UcmSession } from '../../../src-main/connectors/ucm/session';

/** A fake clock shared by the simulator and the client, so tests can jump past expiries. */
export function fakeClock(start = Date.UTC(2024, 5, 1, 12, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

let certP: Promise<{ cert: string; key: string }> | null = null;
/** One certificate per test file: RSA key generation is slow on a shared 2-core machine. */
export function sharedCert() {
  return (certP ??= makeSimCert());
}

export interface Rig {
  sim: UcmSim;
  profile: UcmProfile;
  secrets: MemorySecretStore;
  clock: ReturnType<typeof fakeClock>;
  session(): UcmSession;
  /** The pools shared by the rig's contexts; afterEach closes them. */
  connections: Connections;
}

export async function rig(opts: UcmSimOptions & { password?: string; pin?: boolean; profile?: Partial<UcmProfile> } = {}): Promise<Rig> {
  const clock = fakeClock();
  const sim = await startUcmSim({ now: clock.now, cert: await sharedCert(), ...opts });
  const profile = ucmProfileSchema.parse({
    id: 'hq',
    name: 'HQ',
    kind: 'ucm',
    baseUrl: sim.url,
    user: 'cdrapi',
    tlsCertSha256: opts.pin === false ? undefined : sim.fingerprint,
    timeoutMs: 5000,
    ...opts.profile,
  });
  const secrets = new MemorySecretStore();
  await secrets.set('hq', 'password', opts.password ?? 'cdrapi123');
  return { sim, profile, secrets, clock, session: () => new UcmSession(profile, secrets, clock.now), connections: new Connections() };
}

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ProfileStore } from '../../../src-main/profiles/store';
import { AuditLog } from '../../../src-main/audit/log';
import type { AppContext } from '../../../src-main/core/context';

/** A full AppContext over a temp directory, with the rig's profile stored and a scripted save dialog. */
export async function appContext(r: Rig, savePath: string | null = null): Promise<AppContext & { dir: string; saveRequests: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cb-ucm-'));
  const profiles = new ProfileStore(dir);
  await profiles.upsert(r.profile);
  const saveRequests: string[] = [];
  return {
    dir,
    saveRequests,
    configDir: dir,
    profiles,
    secrets: r.secrets,
    audit: new AuditLog({ dir, osUser: 'tester', now: r.clock.now }),
    platform: {
      openFile: async () => null,
      saveFile: async (o) => {
        saveRequests.push(o.defaultName);
        return savePath ? path.join(dir, savePath) : null;
      },
      writeClipboard: async () => undefined,
      openExternal: async () => undefined,
      // These tests do not change endpoints; the fake operator refuses anything that would.
      confirm: async () => false,
    },
    now: r.clock.now,
    osUser: 'tester',
    appVersion: 'test',
    connections: r.connections,
  };
}
