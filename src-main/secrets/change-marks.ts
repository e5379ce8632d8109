/**
 * Secret changes made by another process (`callboard secret set` while the app runs, a second
 * window's process) are invisible to this process's generation counters (secrets/generation.ts),
 * and the OS keychain has no change notification that keytar exposes. So every set or clear also
 * leaves a mark in the config folder: one small file per profile, `secrets-changed/<profile id>`,
 * holding a random stamp (never a value, a name or a hash of one). Each process folds the stamp it
 * last read into the profile's connection key, so a new stamp replaces what was built from the old
 * secrets — within the live service's one-second check.
 *
 * Reads are synchronous (the key is computed synchronously) and cached per profile for
 * `MARK_READ_MS`, so a poll loop costs one stat per profile at most twice a second.
 */
import { readFileSync, statSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { atomicWriteFile } from '../core/atomic-write';

export const MARKS_DIR = 'secrets-changed';
export const MARK_READ_MS = 500;
const MAX_MARK_BYTES = 64;
const PROFILE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

interface Cached {
  at: number;
  /** inode and mtime: an atomic rename makes a new inode even within one millisecond. */
  version: string;
  stamp: string;
}

function versionOf(f: string): string {
  const st = statSync(f);
  return `${st.ino}:${st.mtimeMs}`;
}

export class SecretChangeMarks {
  readonly dir: string;
  private cache = new Map<string, Cached>();

  constructor(configDir: string, private readonly clock: () => number = Date.now) {
    this.dir = path.join(configDir, MARKS_DIR);
  }

  private file(profileId: string): string | null {
    // Profile ids are validated by the profile schema; anything else never becomes a path.
    return PROFILE_ID_RE.test(profileId) ? path.join(this.dir, profileId) : null;
  }

  /** Leaves a new mark for the profile (after its secrets changed in this process). */
  async mark(profileId: string): Promise<void> {
    const f = this.file(profileId);
    if (!f) return;
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stamp = randomBytes(8).toString('hex');
    await atomicWriteFile(f, stamp);
    // Our own mark is not news to us: remember it, so this process does not rebuild twice.
    this.cache.set(profileId, { at: this.clock(), version: versionOf(f), stamp });
  }

  /** The profile's current stamp ('' when its secrets were never changed through Callboard). */
  stamp(profileId: string): string {
    const f = this.file(profileId);
    if (!f) return '';
    const now = this.clock();
    const c = this.cache.get(profileId);
    if (c && now - c.at < MARK_READ_MS) return c.stamp;
    let version: string;
    try {
      version = versionOf(f);
    } catch {
      this.cache.set(profileId, { at: now, version: '', stamp: '' });
      return '';
    }
    if (c && c.version === version) {
      c.at = now;
      return c.stamp;
    }
    let stamp = '';
    try {
      stamp = readFileSync(f, 'utf8').slice(0, MAX_MARK_BYTES).trim();
    } catch {
      // Vanished between stat and read: treat as changed, the next read settles it.
      stamp = `gone-${version}`;
    }
    this.cache.set(profileId, { at: now, version, stamp });
    return stamp;
  }
}
