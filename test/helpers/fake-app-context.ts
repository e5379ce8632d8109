import { Connections } from '../../src-main/core/connections';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../src-main/audit/log';
import { ProfileStore } from '../../src-main/profiles/store';
import type { ProfileInput } from '../../src-main/profiles/schema';
import type { AppContext, Platform } from '../../src-main/core/context';
import { MemorySecretStore } from './memory-secrets';

/** A platform that records what main asked of it instead of touching the desktop. */
export interface RecordingPlatform extends Platform {
  clipboard: string[];
  opened: string[];
  questions: string[];
  answer: boolean;
}

export function recordingPlatform(): RecordingPlatform {
  const p: RecordingPlatform = {
    clipboard: [],
    opened: [],
    questions: [],
    answer: true,
    openFile: async () => null,
    saveFile: async () => null,
    writeClipboard: async (t) => {
      p.clipboard.push(t);
    },
    openExternal: async (u) => {
      p.opened.push(u);
    },
    confirm: async (q) => {
      p.questions.push(q);
      return p.answer;
    },
  };
  return p;
}

export interface FakeContext extends AppContext {
  secrets: MemorySecretStore;
  platform: RecordingPlatform;
  /** Settable clock (ms). */
  clock: { ms: number };
  cleanup(): Promise<void>;
}

/** A real ProfileStore and AuditLog in a temp directory, in-memory secrets, a recording platform. */
export async function fakeContext(profiles: ProfileInput[] = [], startMs = 1_777_777_777_000): Promise<FakeContext> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'callboard-test-'));
  const clock = { ms: startMs };
  const store = new ProfileStore(dir);
  for (const p of profiles) await store.upsert(p);
  const ctx: FakeContext = {
    configDir: dir,
    profiles: store,
    secrets: new MemorySecretStore(),
    audit: new AuditLog({ dir, osUser: 'alice', now: () => clock.ms }),
    platform: recordingPlatform(),
    now: () => clock.ms,
    osUser: 'alice',
    appVersion: '0.0.0-test',
    connections: new Connections(),
    clock,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  return ctx;
}
