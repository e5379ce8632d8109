import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProfileStore, parseProfilesText } from '../../../src-main/profiles/store';
import { CallboardError, MAX_FIELD_ERRORS, toPublicError } from '../../../src-main/core/errors';

let dir: string;
let store: ProfileStore;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-profiles-'));
  store = new ProfileStore(dir);
});

const sensor = { id: 'hq-sensor', kind: 'voipmonitor', name: 'HQ sensor', transport: { type: 'tcp', host: '10.0.0.7', port: 5029 }, cipher: 'aes-128-cbc' } as const;
const ucm = { id: 'ucm-hq', kind: 'ucm', name: 'UCM HQ', baseUrl: 'https://10.0.0.5:8089/', user: 'cdrapi' } as const;

describe('ProfileStore', () => {
  it('starts empty, creates, reads back with defaults applied, and normalises URLs', async () => {
    expect(await store.list()).toEqual([]);
    await store.create(sensor);
    const u = await store.create(ucm);
    expect(u.kind === 'ucm' && u.baseUrl).toBe('https://10.0.0.5:8089');
    const all = await store.list();
    expect(all.map((p) => p.id)).toEqual(['hq-sensor', 'ucm-hq']);
    const s = all[0];
    expect(s?.kind === 'voipmonitor' && s.pollIntervalSec).toBe(2);
    const raw = JSON.parse(await fs.readFile(path.join(dir, 'profiles.json'), 'utf8'));
    expect(raw.version).toBe(1);
  });

  it('refuses a duplicate id on create and invalid profiles with the field named', async () => {
    await store.create(sensor);
    await expect(store.create(sensor)).rejects.toThrow(/already exists/);
    await expect(store.upsert({ ...ucm, baseUrl: 'http://plain.example' })).rejects.toThrow(/baseUrl/);
    await expect(store.upsert({ ...ucm, id: 'bad id!' })).rejects.toThrow(/id/);
  });

  it('names each invalid field structurally (PublicError.fields), in words, without echoing the value', async () => {
    const err = await store.upsert({ ...sensor, transport: { type: 'tcp', host: '', port: 'canary-port' as unknown as number } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallboardError);
    const pub = toPublicError(err);
    expect(pub.code).toBe('usage');
    expect(Object.keys(pub.fields ?? {})).toEqual(expect.arrayContaining(['transport.host', 'transport.port']));
    expect(pub.fields?.['transport.port']).toBe('must be a number');
    expect(JSON.stringify(pub.fields)).not.toContain('canary-port');
  });

  it('bounds the fields that cross IPC', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`.padEnd(500, 'x'), 'y'.repeat(1000)]));
    const pub = toPublicError(new CallboardError('usage', 'bad', { fields: many }));
    expect(Object.keys(pub.fields ?? {})).toHaveLength(MAX_FIELD_ERRORS);
    for (const [k, v] of Object.entries(pub.fields ?? {})) {
      expect(k.length).toBeLessThanOrEqual(200);
      expect(v.length).toBeLessThanOrEqual(300);
    }
    expect(toPublicError(new CallboardError('usage', 'bad', { fields: {} })).fields).toBeUndefined();
  });

  it('keeps the previous version as .bak and writes atomically (no temp files left)', async () => {
    await store.create(sensor);
    await store.create(ucm);
    const bak = JSON.parse(await fs.readFile(path.join(dir, 'profiles.json.bak'), 'utf8'));
    expect(bak.profiles.map((p: { id: string }) => p.id)).toEqual(['hq-sensor']);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never overwrites a corrupt file: reads report it, writes refuse, bytes stay', async () => {
    const broken = '{"version":1,"profiles":[{"id":"x",'; // hand-broken
    await fs.writeFile(path.join(dir, 'profiles.json'), broken);
    await expect(store.list()).rejects.toThrow(/not valid JSON/);
    await expect(store.create(sensor)).rejects.toBeInstanceOf(CallboardError);
    expect(await fs.readFile(path.join(dir, 'profiles.json'), 'utf8')).toBe(broken);
  });

  it('reports a schema error with its location and keeps the file', async () => {
    const text = JSON.stringify({ version: 1, profiles: [{ ...sensor, transport: { type: 'tcp', host: 'h', port: 70000 } }] });
    await fs.writeFile(path.join(dir, 'profiles.json'), text);
    await expect(store.list()).rejects.toThrow(/profiles\.0\.transport\.port/);
    expect(await fs.readFile(path.join(dir, 'profiles.json'), 'utf8')).toBe(text);
  });

  it('migrates version-less and bare-array files, refuses newer versions', () => {
    expect(parseProfilesText(JSON.stringify([sensor]), 'f').profiles[0]?.id).toBe('hq-sensor');
    expect(parseProfilesText(JSON.stringify({ profiles: [sensor] }), 'f').version).toBe(1);
    expect(() => parseProfilesText(JSON.stringify({ version: 7, profiles: [] }), 'f')).toThrow(/newer Callboard/);
  });

  it('refuses files that carry a secret-like field anywhere', () => {
    const withSecret = { version: 1, profiles: [{ ...ucm, password: 'hunter2' }] };
    expect(() => parseProfilesText(JSON.stringify(withSecret), 'import.json')).toThrow(/secret-like field "profiles\.0\.password"/);
    const nested = { version: 1, profiles: [{ ...sensor, transport: { type: 'tcp', host: 'h', aesKey: 'k' } }] };
    expect(() => parseProfilesText(JSON.stringify(nested), 'i')).toThrow(/aesKey/);
  });

  it('rejects duplicate ids inside one file', () => {
    expect(() => parseProfilesText(JSON.stringify({ version: 1, profiles: [sensor, sensor] }), 'f')).toThrow(/duplicate profile id/);
  });

  it('imports (add + update by id) and exports the same format without secrets', async () => {
    await store.create(sensor);
    const res = await store.importText(JSON.stringify({ version: 1, profiles: [{ ...sensor, name: 'Renamed' }, ucm] }), 'roll-out.json');
    expect(res).toEqual({ added: ['ucm-hq'], updated: ['hq-sensor'] });
    const exported = await store.exportText();
    const again = parseProfilesText(exported, 'export');
    expect(again.profiles.map((p) => p.name)).toEqual(['Renamed', 'UCM HQ']);
    // A second store importing the export gets identical profiles.
    const other = new ProfileStore(await fs.mkdtemp(path.join(os.tmpdir(), 'cb-profiles-')));
    await other.importText(exported, 'export');
    expect(await other.list()).toEqual(await store.list());
  });

  it('serialises concurrent saves: none is lost', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.upsert({ ...sensor, id: `s${i}` })));
    expect((await store.list()).length).toBe(20);
  });

  it('remove deletes one profile and reports unknown ids', async () => {
    await store.create(sensor);
    await store.remove('hq-sensor');
    expect(await store.list()).toEqual([]);
    await expect(store.remove('hq-sensor')).rejects.toMatchObject({ code: 'not_found' });
  });
});
