/**
 * The NOC watch settings (alert rules, trunk maps, sounds) in `<configDir>/watch.json`, beside
 * profiles.json: versioned, schema-validated, written atomically, never a secret. A corrupt file is
 * reported and left untouched; defaults are used until the operator saves.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { atomicWriteFile } from '../core/atomic-write';
import { CallboardError } from '../core/errors';
import { watchSettingsSchema, type WatchSettings, type WatchSettingsInput } from '../domain/alerts';
import { describeZodError, findForbiddenKey } from './store';

export const WATCH_FILE = 'watch.json';

export function defaultWatchSettings(): WatchSettings {
  return watchSettingsSchema.parse({});
}

/** Validates settings from any source (file, IPC, --rules FILE); `source` names it in the error. */
export function parseWatchSettings(value: unknown, source: string): WatchSettings {
  const secret = findForbiddenKey(value);
  if (secret) throw new CallboardError('config', `${source} contains a field named like a secret (${secret}); alert rules never hold secrets. Nothing was changed.`);
  const parsed = watchSettingsSchema.safeParse(value);
  if (!parsed.success) throw new CallboardError('config', `${source} is not valid watch settings: ${describeZodError(parsed.error)}.`);
  return parsed.data;
}

export class WatchStore {
  readonly file: string;
  private cache: WatchSettings | null = null;
  constructor(dir: string) {
    this.file = path.join(dir, WATCH_FILE);
  }

  async load(): Promise<WatchSettings> {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = defaultWatchSettings());
      throw new CallboardError('config', `The watch settings file ${this.file} cannot be read: ${(e as Error).message}.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CallboardError('config', `The watch settings file ${this.file} is not valid JSON. It was left untouched; fix or delete it.`);
    }
    return (this.cache = parseWatchSettings(json, `The watch settings file ${this.file}`));
  }

  async save(input: WatchSettingsInput): Promise<WatchSettings> {
    const s = parseWatchSettings(input, 'The watch settings');
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await atomicWriteFile(this.file, JSON.stringify(s, null, 2) + '\n');
    this.cache = s;
    return s;
  }
}

const stores = new Map<string, WatchStore>();
export function watchStoreFor(configDir: string): WatchStore {
  let s = stores.get(configDir);
  if (!s) stores.set(configDir, (s = new WatchStore(configDir)));
  return s;
}
