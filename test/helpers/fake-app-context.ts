import { Connections } from '../../src-main/core/connections';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../src-main/audit/log';
import { ProfileStore } from '../../src-main/profiles/store';
import type { ProfileInput } from '../../src-main/profiles/schema';
import type { AppContext, Platform } from '../../src-main/core/context';
import { confirmText, type ConfirmRequest } from '../../src-main/core/confirm';
import { EndpointBoundSecretStore, SecretBindings } from '../../src-main/profiles/secret-bindings';
import { MemorySecretStore } from './memory-secrets';

/** A platform that records what main asked of it instead of touching the desktop. */
export interface RecordingPlatform extends Platform {
  clipboard: string[];
  opened: string[];
  /** Every confirmation main asked, as its full text (what the operator would read). */
  questions: string[];
  /** The same, structured. */
  requests: ConfirmRequest[];
  /**
   * The fake operator's answer to main's confirmation dialogs: false (Cancel) unless a test says
   * otherwise, either for all (`answer = true`) or per dialog (`answers`, consumed first to last).
   */
  answer: boolean;
  answers: boolean[];
}

export function recordingPlatform(): RecordingPlatform {
  const p: RecordingPlatform = {
    clipboard: [],
    opened: [],
    questions: [],
    requests: [],
    answer: false,
    answers: [],
    openFile: async () => null,
    saveFile: async () => null,
    writeClipboard: async (t) => {
      p.clipboard.push(t);
    },
    openExternal: async (u) => {
      p.opened.push(u);
    },
    confirm: async (req) => {
      p.requests.push(req);
      p.questions.push(confirmText(req));
      const next = p.answers.shift();
      return next ?? p.answer;
    },
  };
  return p;
}

export interface FakeContext extends AppContext {
  /** The endpoint-bound store main uses, over `memorySecrets`. */
  secrets: EndpointBoundSecretStore;
  memorySecrets: MemorySecretStore;
  platform: RecordingPlatform;
  /** Settable clock (ms). */
  clock: { ms: number };
  cleanup(): Promise<void>;
}

/**
 * A real ProfileStore and AuditLog in a temp directory, in-memory secrets bound to endpoints as in the
 * app, a recording platform whose operator refuses every confirmation unless the test says otherwise.
 */
export async function fakeContext(profiles: ProfileInput[] = [], startMs = 1_777_777_777_000): Promise<FakeContext> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'callboard-test-'));
  const clock = { ms: startMs };
  const store = new ProfileStore(dir);
  for (const p of profiles) await store.upsert(p);
  const memorySecrets = new MemorySecretStore();
  const ctx: FakeContext = {
    configDir: dir,
    profiles: store,
    secrets: new EndpointBoundSecretStore(memorySecrets, store, new SecretBindings(dir)),
    memorySecrets,
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
