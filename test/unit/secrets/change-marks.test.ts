import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppContext } from '../../../src-main/services/create-context';
import { connectionKey } from '../../../src-main/secrets/generation';
import { MARK_READ_MS, MARKS_DIR, SecretChangeMarks } from '../../../src-main/secrets/change-marks';
import { MemorySecretStore } from '../../helpers/memory-secrets';
import type { Platform } from '../../../src-main/core/context';

const platform = { openFile: async () => null, saveFile: async () => null, writeClipboard: async () => undefined, openExternal: async () => undefined, confirm: async () => false } as Platform;
const sensor = { id: 'hq', kind: 'voipmonitor', name: 'HQ', transport: { type: 'tcp', host: '127.0.0.1', port: 5029 }, cipher: 'aes-128-cbc' } as const;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('secret changes made by another process (secrets/change-marks.ts)', () => {
  it("a change made through another context (another process's store) changes this context's connection key", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-marks-'));
    // Two contexts on one config folder with separate stores: two processes, as far as the counters know.
    const app = createAppContext({ configDir: dir, platform, appVersion: 't', secrets: new MemorySecretStore() });
    const cli = createAppContext({ configDir: dir, platform, appVersion: 't', secrets: new MemorySecretStore() });
    const p = await app.profiles.upsert(sensor);
    const before = connectionKey(app.secrets, p);
    expect(connectionKey(app.secrets, p)).toBe(before); // stable while nothing changes

    await cli.secrets.set('hq', 'aesKey', 'c2VjcmV0LXZhbHVlLTEyMzQ1Ng==');
    await wait(MARK_READ_MS + 50);
    const after = connectionKey(app.secrets, p);
    expect(after).not.toBe(before);
    expect(connectionKey(app.secrets, p)).toBe(after);

    await cli.secrets.clear('hq', 'aesKey');
    await wait(MARK_READ_MS + 50);
    expect(connectionKey(app.secrets, p)).not.toBe(after);

    // The mark says only that something changed: no value, no name.
    const files = readdirSync(path.join(dir, MARKS_DIR));
    expect(files).toEqual(['hq']);
    const text = readFileSync(path.join(dir, MARKS_DIR, 'hq'), 'utf8');
    expect(text).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a change in this process is counted once, not again when its own mark is read back', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-marks-'));
    const app = createAppContext({ configDir: dir, platform, appVersion: 't', secrets: new MemorySecretStore() });
    const p = await app.profiles.upsert(sensor);
    await app.secrets.set('hq', 'aesKey', 'a2V5');
    const k1 = connectionKey(app.secrets, p);
    await wait(MARK_READ_MS + 50);
    expect(connectionKey(app.secrets, p)).toBe(k1);
  });

  it('reads at most every MARK_READ_MS, sees two marks within one millisecond apart, and never makes a path from a bad id', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-marks-'));
    let t = 1_000;
    const reader = new SecretChangeMarks(dir, () => t);
    const writer = new SecretChangeMarks(dir);
    expect(reader.stamp('hq')).toBe('');
    await writer.mark('hq');
    expect(reader.stamp('hq')).toBe(''); // cached
    t += MARK_READ_MS;
    const s1 = reader.stamp('hq');
    expect(s1).toMatch(/^[0-9a-f]{16}$/);
    await writer.mark('hq');
    await writer.mark('hq');
    t += MARK_READ_MS;
    const s2 = reader.stamp('hq');
    expect(s2).not.toBe(s1);
    expect(readFileSync(path.join(dir, MARKS_DIR, 'hq'), 'utf8')).toBe(s2);
    await writer.mark('../../etc/passwd');
    expect(reader.stamp('../x')).toBe('');
    expect(readdirSync(path.join(dir, MARKS_DIR))).toEqual(['hq']);
  });
});
