/**
 * Credentials live only in the OS keychain (Windows Credential Manager, macOS Keychain, Secret Service
 * on Linux) through @github/keytar, the maintained fork of keytar with the same API and storage schema.
 *
 * Only main holds `SecretStore#get`. The renderer and the CLI output only ever see `isSet`.
 * There is deliberately no plaintext fallback: if the keychain is missing we fail with what to install.
 */
import { createRequire } from 'node:module';
import { CallboardError } from '../core/errors';
import type { SecretName } from '../profiles/schema';
import { registerSecret } from '../core/log';
import { bumpSecretsGeneration } from './generation';

export const DEFAULT_SERVICE = 'Callboard';
/** Bounded so a pasted file or a runaway script cannot fill the keychain. */
export const MAX_SECRET_LENGTH = 8192;

export interface SecretStore {
  /** Main-process only. Never forward the value over IPC, into a log or an error message. */
  get(profileId: string, name: SecretName): Promise<string | null>;
  set(profileId: string, name: SecretName, value: string): Promise<void>;
  isSet(profileId: string, name: SecretName): Promise<boolean>;
  clear(profileId: string, name: SecretName): Promise<boolean>;
  /** Removes every secret of a profile (profile deleted). */
  clearAll(profileId: string, names: readonly SecretName[]): Promise<void>;
}
// Every implementation bumps the profile's secrets generation (./generation.ts) after set/clear, so
// connections built from the old values are replaced at once.

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export function accountName(profileId: string, name: SecretName): string {
  return `${profileId}:${name}`;
}

function installHint(): string {
  switch (process.platform) {
    case 'linux':
      return 'Callboard stores credentials in the Secret Service. Install and start a keyring (e.g. "apt install gnome-keyring libsecret-1-0", or KWallet with its Secret Service bridge) and log in to a desktop session that unlocks it.';
    case 'darwin':
      return 'Callboard stores credentials in the macOS Keychain; unlock the login keychain and allow Callboard access.';
    case 'win32':
      return 'Callboard stores credentials in Windows Credential Manager; check that the Credential Manager service is running.';
    default:
      return 'Callboard needs an OS keychain to store credentials.';
  }
}

/** Turns keytar/libsecret failures into an operator message. Never includes the value. */
function keychainError(action: string, e: unknown): CallboardError {
  const raw = e instanceof Error ? e.message : String(e);
  // These come from libsecret/dbus and contain no secret; we still keep only known-safe phrases.
  let why = 'the keychain refused the request';
  if (/DBUS|D-Bus|dbus-launch|X11|org\.freedesktop\.secrets|ServiceUnknown|autolaunch|Could not connect/i.test(raw)) why = 'no Secret Service is running';
  else if (/locked/i.test(raw)) why = 'the keyring is locked';
  else if (/Cannot find module|libsecret|\.node/i.test(raw)) why = 'the keychain library could not be loaded';
  return new CallboardError('keychain', `Could not ${action} in the OS keychain: ${why}. ${installHint()}`);
}

let cachedKeytar: KeytarApi | null = null;
function loadKeytar(): KeytarApi {
  if (cachedKeytar) return cachedKeytar;
  try {
    // Loaded lazily so that a missing libsecret only fails the operations that need it.
    const req = createRequire(__filename);
    cachedKeytar = req('@github/keytar') as KeytarApi;
    return cachedKeytar;
  } catch (e) {
    throw keychainError('load the keychain library', e);
  }
}

function checkValue(name: SecretName, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new CallboardError('usage', `The ${name} value is empty; use "clear" to remove a secret.`);
  }
  if (value.length > MAX_SECRET_LENGTH) {
    throw new CallboardError('usage', `The ${name} value is longer than ${MAX_SECRET_LENGTH} characters.`);
  }
  if (value.includes('\0')) throw new CallboardError('usage', `The ${name} value contains a NUL character.`);
}

export class KeytarSecretStore implements SecretStore {
  constructor(
    private readonly service: string = process.env.CALLBOARD_KEYCHAIN_SERVICE || DEFAULT_SERVICE,
    private readonly keytar: () => KeytarApi = loadKeytar,
  ) {}

  async get(profileId: string, name: SecretName): Promise<string | null> {
    try {
      const v = await this.keytar().getPassword(this.service, accountName(profileId, name));
      registerSecret(v);
      return v;
    } catch (e) {
      if (e instanceof CallboardError) throw e;
      throw keychainError('read a credential', e);
    }
  }

  async set(profileId: string, name: SecretName, value: string): Promise<void> {
    checkValue(name, value);
    registerSecret(value);
    try {
      await this.keytar().setPassword(this.service, accountName(profileId, name), value);
    } catch (e) {
      if (e instanceof CallboardError) throw e;
      throw keychainError('store a credential', e);
    }
    bumpSecretsGeneration(this, profileId);
  }

  async isSet(profileId: string, name: SecretName): Promise<boolean> {
    return (await this.get(profileId, name)) !== null;
  }

  async clear(profileId: string, name: SecretName): Promise<boolean> {
    let removed: boolean;
    try {
      removed = await this.keytar().deletePassword(this.service, accountName(profileId, name));
    } catch (e) {
      if (e instanceof CallboardError) throw e;
      throw keychainError('remove a credential', e);
    }
    bumpSecretsGeneration(this, profileId);
    return removed;
  }

  async clearAll(profileId: string, names: readonly SecretName[]): Promise<void> {
    for (const n of names) await this.clear(profileId, n);
  }
}

/**
 * Reads a secret that an operation needs, with an error that tells the operator where to set it.
 */
export async function requireSecret(store: SecretStore, profileId: string, name: SecretName, what: string): Promise<string> {
  const v = await store.get(profileId, name);
  if (v === null || v === '') {
    throw new CallboardError(
      'config',
      `The ${what} of profile "${profileId}" is not set: set "${name}" in Settings or with "callboard secret set ${profileId} ${name}".`,
    );
  }
  return v;
}
