/**
 * profiles.json: versioned, schema-validated, written atomically (temp file + fsync + rename) with the
 * previous good version kept as profiles.json.bak.
 *
 * A corrupt or hand-broken file is never overwritten: every read reports it (with where it is broken)
 * and every write refuses until the operator fixes or removes it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CallboardError, MAX_FIELD_ERRORS, type FieldErrors } from '../core/errors';
import { atomicWriteFile } from '../core/atomic-write';
import { migrate } from './migrate';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth';
import { FORBIDDEN_KEYS, profilesFileSchema, profileSchema, CURRENT_VERSION, type Profile, type ProfilesFile, type ProfileInput } from './schema';
import type { z } from 'zod';

export const PROFILES_FILE = 'profiles.json';
/** A profiles file is small; anything bigger is not one. */
export const MAX_PROFILES_FILE_BYTES = 2 * 1024 * 1024;

/**
 * A validator issue in words an operator reads next to a field ("required", "a whole number from 1 to
 * 65535"), never zod's own "Invalid input: expected string, received undefined". The schemas' custom
 * messages are already words and pass through (the CDR query's, src-shared/cdr-query-schema.ts, are
 * the very words its form shows).
 */
export function issueInWords(i: z.core.$ZodIssue): string {
  const noun: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'yes or no', array: 'a list', object: 'a group of settings' };
  const m = i.message;
  // zod's own messages for these codes (zod 4: "Too small: …", "Too big: …", "Invalid input: …").
  if ((i.code === 'invalid_type' || i.code === 'too_small' || i.code === 'too_big') && !/^(Too (small|big):|Invalid input\b)/.test(m)) return m;
  if (i.code === 'invalid_type') return /received undefined/.test(m) ? 'required' : `must be ${noun[i.expected] ?? i.expected}`;
  if (i.code === 'too_small') {
    const min = Number(i.minimum);
    if (i.origin === 'string') return min <= 1 ? 'required' : `at least ${min} characters`;
    if (i.origin === 'array') return `at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
    return `at least ${min}`;
  }
  if (i.code === 'too_big') {
    const max = Number(i.maximum);
    if (i.origin === 'string') return `at most ${max} characters`;
    if (i.origin === 'array') return `at most ${max} entries`;
    return `at most ${max}`;
  }
  if (i.code === 'invalid_value') return `one of: ${i.values.map(String).join(', ')}`;
  if (i.code === 'invalid_format' && /^Invalid/.test(m)) return i.format === 'regex' ? 'not in the expected form' : `not a valid ${i.format}`;
  if (i.code === 'unrecognized_keys') return `unknown setting${i.keys.length === 1 ? '' : 's'} ${i.keys.join(', ')}`;
  if (i.code === 'invalid_union') return 'not one of the accepted forms';
  return m;
}

/**
 * The same issues keyed by field path, for forms (`PublicError.fields`). Values are never echoed: the
 * form already shows what was typed. The first issue of a path wins.
 */
export function fieldErrorsOf(err: z.core.$ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of err.issues.slice(0, MAX_FIELD_ERRORS)) {
    const path = issuePath(i);
    if (!(path in out)) out[path] = withoutReceived(issueInWords(i));
  }
  return out;
}

/** A bounded dotted path ("transport.port"), or "(top level)". */
function issuePath(i: z.core.$ZodIssue): string {
  return i.path.length ? i.path.slice(0, 8).map((k) => String(k).slice(0, 40)).join('.') : '(top level)';
}

/** Drops the "received '…'" zod adds, for input that must not be echoed. */
function withoutReceived(text: string): string {
  return text.replace(/,? received .*$/s, '');
}

/**
 * The issues as one clause for a sentence the caller ends ("…: port: at most 65535."), so a message
 * written as a sentence loses its own full stop. `withoutValues`: drop the "received '…'" zod adds,
 * for files whose contents must not be echoed.
 */
export function describeZodError(err: z.core.$ZodError, max = 3, withoutValues = false): string {
  return err.issues
    .slice(0, max)
    .map((i) => `${issuePath(i)}: ${(withoutValues ? withoutReceived(issueInWords(i)) : issueInWords(i)).replace(/\.$/, '')}`)
    .join('; ');
}

/** Finds a key that looks like a secret anywhere in parsed JSON. Returns its path or null. */
export function findForbiddenKey(value: unknown, at: string[] = []): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenKey(value[i], [...at, String(i)]);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(k.toLowerCase())) return [...at, k].join('.');
      const hit = findForbiddenKey(v, [...at, k]);
      if (hit) return hit;
    }
  }
  return null;
}

/** Parses and validates profile-file text (from disk or an import). `source` names it in errors. */
export function parseProfilesText(text: string, source: string): ProfilesFile {
  if (Buffer.byteLength(text) > MAX_PROFILES_FILE_BYTES) {
    throw new CallboardError('config', `${source} is larger than ${MAX_PROFILES_FILE_BYTES / 1024 / 1024} MiB; it is not a Callboard profiles file.`);
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new CallboardError('config', `${source} nests deeper than ${MAX_JSON_DEPTH} levels; it is not a Callboard profiles file.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // V8's message quotes the text around the error ("…"hunter2" is not valid JSON): keep only where.
    const m = e instanceof SyntaxError ? /position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(e.message) : null;
    const where = m ? (m[2] ? `line ${m[2]} column ${m[3]}` : `at position ${m[1]}`) : '';
    throw new CallboardError('config', `${source} is not valid JSON${where ? ` (${where})` : ''}. It was left untouched; fix it or restore the .bak copy.`);
  }
  const secretAt = findForbiddenKey(raw);
  if (secretAt) {
    throw new CallboardError(
      'config',
      `${source} contains a secret-like field "${secretAt}". Profile files never hold secrets: remove it and set the secret with "callboard secret set".`,
    );
  }
  const migrated = migrate(raw, source);
  const parsed = profilesFileSchema.safeParse(migrated);
  if (!parsed.success) {
    throw new CallboardError('config', `${source} does not match the profiles format: ${describeZodError(parsed.error, 3, true)}. It was left untouched.`);
  }
  return parsed.data;
}

export function serializeProfiles(file: ProfilesFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

export interface ImportResult {
  added: string[];
  updated: string[];
}

export class ProfileStore {
  readonly file: string;
  private writeChain: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    this.file = path.join(dir, PROFILES_FILE);
  }

  /** Reads the file; a missing file is an empty profile set. Corrupt files throw (and stay as they are). */
  async read(): Promise<ProfilesFile> {
    let text: string;
    try {
      const st = await fs.stat(this.file);
      if (st.size > MAX_PROFILES_FILE_BYTES) return parseProfilesText('x'.repeat(MAX_PROFILES_FILE_BYTES + 1), this.file);
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: CURRENT_VERSION, profiles: [] };
      if (e instanceof CallboardError) throw e;
      throw new CallboardError('config', `Cannot read ${this.file}: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}.`);
    }
    return parseProfilesText(text, this.file);
  }

  async list(): Promise<Profile[]> {
    return (await this.read()).profiles;
  }

  async get(id: string): Promise<Profile> {
    const p = (await this.list()).find((x) => x.id === id);
    if (!p) throw new CallboardError('not_found', `There is no profile "${id}". "callboard profiles list" shows the configured ones.`);
    return p;
  }

  /** Serialises read-modify-write cycles in this process so two saves cannot interleave. */
  private mutate<T>(fn: (file: ProfilesFile) => { file: ProfilesFile; result: T }): Promise<T> {
    const run = this.writeChain.then(async () => {
      const current = await this.read(); // throws on a corrupt file: never overwrite it
      const { file, result } = fn(current);
      const checked = profilesFileSchema.parse(file);
      await fs.mkdir(this.dir, { recursive: true });
      await this.backupCurrent();
      await atomicWriteFile(this.file, serializeProfiles(checked));
      return result;
    });
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  private async backupCurrent(): Promise<void> {
    try {
      await fs.copyFile(this.file, this.file + '.bak');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  /** Adds or replaces (by id) one profile. Returns the validated profile. */
  upsert(input: ProfileInput): Promise<Profile> {
    const parsed = profileSchema.safeParse(input);
    if (!parsed.success) return Promise.reject(new CallboardError('usage', `The profile is not valid: ${describeZodError(parsed.error)}.`, { fields: fieldErrorsOf(parsed.error) }));
    const profile = parsed.data;
    return this.mutate((file) => {
      const i = file.profiles.findIndex((p) => p.id === profile.id);
      const profiles = [...file.profiles];
      if (i >= 0) profiles[i] = profile;
      else profiles.push(profile);
      return { file: { ...file, profiles }, result: profile };
    });
  }

  /** Adds a profile, refusing to replace an existing one with the same id. */
  async create(input: ProfileInput): Promise<Profile> {
    const existing = (await this.list()).some((p) => p.id === input.id);
    if (existing) throw new CallboardError('usage', `A profile with id "${input.id}" already exists.`);
    return this.upsert(input);
  }

  remove(id: string): Promise<Profile> {
    return this.mutate((file) => {
      const p = file.profiles.find((x) => x.id === id);
      if (!p) throw new CallboardError('not_found', `There is no profile "${id}".`);
      return { file: { ...file, profiles: file.profiles.filter((x) => x.id !== id) }, result: p };
    });
  }

  /** Merges profiles from another file (roll-out to many workstations): same id replaces. */
  async importText(text: string, source: string): Promise<ImportResult> {
    const incoming = parseProfilesText(text, source);
    return this.mutate((file) => {
      const profiles = [...file.profiles];
      const res: ImportResult = { added: [], updated: [] };
      for (const p of incoming.profiles) {
        const i = profiles.findIndex((x) => x.id === p.id);
        if (i >= 0) {
          profiles[i] = p;
          res.updated.push(p.id);
        } else {
          profiles.push(p);
          res.added.push(p.id);
        }
      }
      return { file: { ...file, profiles }, result: res };
    });
  }

  /** The export format is the file format itself; it never contains secrets. */
  async exportText(ids?: string[]): Promise<string> {
    const file = await this.read();
    const profiles = ids ? file.profiles.filter((p) => ids.includes(p.id)) : file.profiles;
    return serializeProfiles({ version: CURRENT_VERSION, profiles });
  }
}
