/**
 * Secrets follow the endpoint, not the profile id. The keychain layout stays as it was (service
 * "Callboard", account "<profileId>:<name>"); beside it, secret-bindings.json in the config folder
 * records, per account, a hash of the endpoint (host, port, user, mode…) the secret was entered for.
 *
 * A secret with a binding is handed to a connector only while the profile still points at that
 * endpoint, so re-pointing a profile (even after the operator confirmed the new host) does not send the
 * old password there until the operator confirms that too or enters it again. Secrets stored before
 * bindings existed have none and work as before; they get one the first time their profile's endpoint
 * changes through Callboard (bound to the old endpoint).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CallboardError } from '../core/errors';
import { atomicWriteFile } from '../core/atomic-write';
import { accountName, type SecretStore } from '../secrets/keychain';
import type { SecretChangeMarks } from '../secrets/change-marks';
import type { Profile, SecretName } from './schema';
import type { ProfileStore } from './store';
import { endpointKey } from './endpoint';

export const BINDINGS_FILE = 'secret-bindings.json';
const MAX_BINDINGS_BYTES = 1024 * 1024;


function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class SecretBindings {
  readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.file = path.join(dir, BINDINGS_FILE);
  }

  async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      const st = await fs.stat(this.file);
      if (st.size > MAX_BINDINGS_BYTES) throw new CallboardError('config', `${this.file} is too large; remove it and enter the profile secrets again.`);
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    try {
      const raw = JSON.parse(text) as { bindings?: unknown };
      const out: Record<string, string> = {};
      if (raw && typeof raw.bindings === 'object' && raw.bindings) {
        for (const [k, v] of Object.entries(raw.bindings)) if (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) out[k] = v;
      }
      return out;
    } catch {
      // Fail closed: a broken file must not turn into "no bindings" (which would release every secret).
      throw new CallboardError('config', `${this.file} is not valid JSON; remove it and enter the profile secrets again.`);
    }
  }

  private update(fn: (b: Record<string, string>) => void): Promise<void> {
    const run = this.chain.then(async () => {
      const b = await this.read();
      fn(b);
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await atomicWriteFile(this.file, JSON.stringify({ version: 1, bindings: b }, null, 2) + '\n');
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  bind(profileId: string, names: readonly SecretName[], endpointKey: string): Promise<void> {
    const h = hashKey(endpointKey);
    return this.update((b) => {
      for (const n of names) b[accountName(profileId, n)] = h;
    });
  }

  /** Binds only the names that have no binding yet (legacy secrets, before an endpoint change). */
  bindMissing(profileId: string, names: readonly SecretName[], endpointKey: string): Promise<void> {
    const h = hashKey(endpointKey);
    return this.update((b) => {
      for (const n of names) b[accountName(profileId, n)] ??= h;
    });
  }

  unbind(profileId: string, names: readonly SecretName[]): Promise<void> {
    return this.update((b) => {
      for (const n of names) delete b[accountName(profileId, n)];
    });
  }

  /** Hashed, so the file names no hosts. True when the secret may be used with this endpoint (no binding: a legacy secret, allowed). */
  async allows(profileId: string, name: SecretName, endpointKey: string): Promise<boolean> {
    const h = (await this.read())[accountName(profileId, name)];
    return h === undefined || h === hashKey(endpointKey);
  }
}

/**
 * The SecretStore main's services use: reads check the binding against the profile's current endpoint;
 * writes (an operator entering a secret) bind it to the endpoint it was entered for.
 */
export class EndpointBoundSecretStore implements SecretStore {
  constructor(
    readonly inner: SecretStore,
    private readonly profiles: ProfileStore,
    readonly bindings: SecretBindings,
    /** Tells other processes that this profile's secrets changed (secrets/change-marks.ts). */
    private readonly marks?: SecretChangeMarks,
  ) {}

  private async profile(id: string): Promise<Profile | null> {
    try {
      return await this.profiles.get(id);
    } catch (e) {
      if (e instanceof CallboardError && e.code === 'not_found') return null;
      throw e;
    }
  }

  async get(profileId: string, name: SecretName): Promise<string | null> {
    const p = await this.profile(profileId);
    if (p && !(await this.bindings.allows(profileId, name, endpointKey(p)))) {
      throw new CallboardError(
        'config',
        `The stored ${name} of profile "${profileId}" was entered for a different host or user than the profile now names, so Callboard does not send it there. Enter it again in Settings (or with "callboard secret set ${profileId} ${name}").`,
      );
    }
    return this.inner.get(profileId, name);
  }

  async set(profileId: string, name: SecretName, value: string): Promise<void> {
    await this.inner.set(profileId, name, value);
    await this.marks?.mark(profileId);
    const p = await this.profile(profileId);
    if (p) await this.bindings.bind(profileId, [name], endpointKey(p));
  }

  isSet(profileId: string, name: SecretName): Promise<boolean> {
    return this.inner.isSet(profileId, name);
  }

  async clear(profileId: string, name: SecretName): Promise<boolean> {
    const had = await this.inner.clear(profileId, name);
    await this.marks?.mark(profileId);
    await this.bindings.unbind(profileId, [name]);
    return had;
  }

  async clearAll(profileId: string, names: readonly SecretName[]): Promise<void> {
    await this.inner.clearAll(profileId, names);
    await this.marks?.mark(profileId);
    await this.bindings.unbind(profileId, names);
  }
}
