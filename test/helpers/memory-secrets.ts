import type { SecretStore } from '../../src-main/secrets/keychain';
import type { SecretName } from '../../src-main/profiles/schema';
import { registerSecret } from '../../src-main/core/log';
import { bumpSecretsGeneration } from '../../src-main/secrets/generation';

/**
 * In-memory SecretStore for protocol tests that are not about the keychain. The keychain itself is
 * tested against a real Secret Service (test/integration/keychain.test.ts).
 */
export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  async get(profileId: string, name: SecretName) {
    const v = this.values.get(`${profileId}:${name}`) ?? null;
    registerSecret(v);
    return v;
  }
  async set(profileId: string, name: SecretName, value: string) {
    registerSecret(value);
    this.values.set(`${profileId}:${name}`, value);
    bumpSecretsGeneration(this, profileId);
  }
  async isSet(profileId: string, name: SecretName) {
    return this.values.has(`${profileId}:${name}`);
  }
  async clear(profileId: string, name: SecretName) {
    const had = this.values.delete(`${profileId}:${name}`);
    bumpSecretsGeneration(this, profileId);
    return had;
  }
  async clearAll(profileId: string, names: readonly SecretName[]) {
    for (const n of names) this.values.delete(`${profileId}:${n}`);
    bumpSecretsGeneration(this, profileId);
  }
}
