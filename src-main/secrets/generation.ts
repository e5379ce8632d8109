/**
 * Secrets generations: a per-profile counter that every set/clear of that profile's secrets bumps, so
 * whatever was built from the old values (a sensor connection holding an AES key, a UCM session
 * holding a cookie obtained with a password, an SSH connection authenticated with a key passphrase)
 * can be keyed on the profile AND its secrets, and replaced the moment either changes.
 *
 * The counter lives beside the store object (one per application context) and counts changes made
 * through it, in this process; changes made by another process arrive as marks in the config folder
 * (secrets/change-marks.ts), which `connectionKey()` folds in too. It is the one key every pool and
 * poller uses.
 */
import type { SecretStore } from './keychain';

type Listener = (profileId: string) => void;

interface Generations {
  counts: Map<string, number>;
  listeners: Set<Listener>;
  /** The latest cross-process mark of a profile ('' for none). */
  marks?: (profileId: string) => string;
}

const byStore = new WeakMap<object, Generations>();

/**
 * A store that wraps another (`inner`, e.g. profiles/secret-bindings.ts) shares the generations of
 * the store that really holds the values, so a change made through either is seen through both.
 */
function owner(store: object): object {
  let s = store;
  for (let i = 0; i < 8 && 'inner' in s && typeof s.inner === 'object' && s.inner !== null; i++) s = s.inner;
  return s;
}

function of(store: object): Generations {
  const key = owner(store);
  let g = byStore.get(key);
  if (!g) {
    g = { counts: new Map(), listeners: new Set() };
    byStore.set(key, g);
  }
  return g;
}

/** The secrets generation of a profile in this store (0 until its secrets change). */
export function secretsGeneration(store: SecretStore, profileId: string): number {
  return of(store).counts.get(profileId) ?? 0;
}

/** Called by SecretStore implementations after a set or clear took effect. */
export function bumpSecretsGeneration(store: SecretStore, profileId: string): void {
  const g = of(store);
  g.counts.set(profileId, (g.counts.get(profileId) ?? 0) + 1);
  for (const l of g.listeners) {
    try {
      l(profileId);
    } catch {
      // A listener's failure must not undo or hide the change.
    }
  }
}

/** Calls `fn` after every change of a profile's secrets in this store; returns the unsubscribe. */
export function onSecretsChanged(store: SecretStore, fn: Listener): () => void {
  const g = of(store);
  g.listeners.add(fn);
  return () => g.listeners.delete(fn);
}

/**
 * This process's generation of a profile's secrets plus the latest mark another process left: equal
 * versions mean the same secrets, as far as any Callboard process changed them.
 */
export function secretsVersion(store: SecretStore, profileId: string): string {
  const g = of(store);
  return `${g.counts.get(profileId) ?? 0}${g.marks ? `#m${g.marks(profileId)}` : ''}`;
}

/** Folds another process's changes into this store's keys (set once per context). */
export function followChangeMarks(store: SecretStore, marks: (profileId: string) => string): void {
  of(store).marks = marks;
}

/**
 * The key of everything built from a profile: the whole profile (every field that shapes a
 * connection, the pin included) plus its secrets generation. Equal keys may share a connection.
 */
export function connectionKey(store: SecretStore, profile: { id: string }): string {
  return `${JSON.stringify(profile)}#s${secretsVersion(store, profile.id)}`;
}
