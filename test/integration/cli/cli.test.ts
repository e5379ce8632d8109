/**
 * The built `callboard` CLI (bin/callboard.cjs → out/cli) as a user runs it: real processes, real
 * profile files, real keychain (under scripts/with-keyring.sh). Exit codes are part of the contract.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/callboard.cjs');
const real = process.env.CALLBOARD_REAL_KEYCHAIN === '1';
const SERVICE = `Callboard-cli-test-${process.pid}`;
let dir: string;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, '--config-dir', dir, ...args], {
    input: input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, CALLBOARD_KEYCHAIN_SERVICE: SERVICE },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  // Always rebuild: a stale bundle from an older checkout would test old code (about a second).
  const b = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  expect(b.status).toBe(0);
});
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-cli-'));
});

describe('callboard CLI', () => {
  it('prints help with exit 1 when no command is given, and 1 for unknown commands', () => {
    expect(cli([]).code).toBe(1);
    expect(cli([]).out).toMatch(/Exit codes/);
    const r = cli(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unknown command "frobnicate"/);
  });

  it('imports, lists (text and --json) and exports profiles', async () => {
    const example = JSON.parse(await fs.readFile('docs/examples/profiles.example.json', 'utf8')) as { profiles: unknown[] };
    const n = example.profiles.length;
    expect(n).toBeGreaterThanOrEqual(6); // one profile per kind at least
    // An import decides where Callboard connects: without a terminal it needs --yes, and says so.
    const refused = cli(['profiles', 'import', path.resolve('docs/examples/profiles.example.json')]);
    expect(refused.code).toBe(4);
    expect(refused.err).toMatch(new RegExp(`Import ${n} profile\\(s\\)`));
    expect(refused.err).toMatch(/--yes/);
    expect(cli(['profiles', 'list', '--json']).out.trim()).toBe('[]');
    const r = cli(['--yes', 'profiles', 'import', path.resolve('docs/examples/profiles.example.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`${n} added`));
    const list = cli(['profiles', 'list']);
    expect(list.out).toMatch(/ucm-hq\s+ucm\s+UCM HQ\s+https:\/\/10\.0\.0\.5:8089 as cdrapi/);
    const json = JSON.parse(cli(['profiles', 'list', '--json']).out) as { id: string }[];
    expect(json.map((p) => p.id)).toContain('edge-sensor');
    const exported = JSON.parse(cli(['profiles', 'export']).out) as { version: number; profiles: unknown[] };
    expect(exported.version).toBe(1);
    expect(exported.profiles).toHaveLength(n);
  });

  it('reports a corrupt profiles file with exit 2 and leaves it untouched', async () => {
    const file = path.join(dir, 'profiles.json');
    await fs.writeFile(file, '{ "version": 1, "profiles": [ oops ');
    const r = cli(['--yes', 'profiles', 'import', path.resolve('docs/examples/profiles.example.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not valid JSON/);
    expect(await fs.readFile(file, 'utf8')).toBe('{ "version": 1, "profiles": [ oops ');
  });

  it('refuses to import a file that contains a secret (exit 2)', async () => {
    const f = path.join(dir, 'bad.json');
    await fs.writeFile(f, JSON.stringify({ version: 1, profiles: [{ id: 'u', kind: 'ucm', name: 'U', baseUrl: 'https://u.example', user: 'cdrapi', password: 'hunter2' }] }));
    const r = cli(['--yes', 'profiles', 'import', f]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/secret-like field/);
    expect(r.err).not.toContain('hunter2');
  });

  it('import refuses what is not a regular file, and never echoes file contents', async () => {
    const r = cli(['--yes', 'profiles', 'import', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a regular file/);
    const f = path.join(dir, 'leak.json');
    await fs.writeFile(f, 'token=JSON-canary-77 not json');
    const bad = cli(['--yes', 'profiles', 'import', f]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not valid JSON/);
    expect(bad.err).not.toContain('canary-77');
    const deep = path.join(dir, 'deep.json');
    await fs.writeFile(deep, '['.repeat(100_000) + ']'.repeat(100_000));
    const d = cli(['--yes', 'profiles', 'import', deep]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/nests deeper/);
  });

  it('a CDR search is checked as the window checks it: the rules between fields too, in one sentence each', () => {
    const range = ['--from', '2026-06-01 08:00', '--to', '2026-06-01 18:00'];
    const backwards = cli(['cdr', 'nope', ...range, '--min-duration', '60', '--max-duration', '10']);
    expect(backwards.code).toBe(1);
    expect(backwards.err).toMatch(/Invalid search: maxDurationSec: Must not be less than the minimum\.\n/);
    const long = cli(['cdr', 'nope', ...range, '--caller-name', 'a'.repeat(101)]);
    expect(long.code).toBe(1);
    expect(long.err).toMatch(/Invalid search: callerName: At most 100 characters\.\n/);
  });

  it('usage errors exit 1 and unknown profiles exit 2', () => {
    expect(cli(['profiles', 'list', '--bogus']).code).toBe(1);
    expect(cli(['secret', 'status', 'nope']).code).toBe(2);
  });

  it.runIf(real)('secret set reads stdin (never argv), is stored in the keychain, never printed', async () => {
    cli(['--yes', 'profiles', 'import', path.resolve('docs/examples/profiles.example.json')]);
    const canary = 'cli-canary-Zx81!';
    // A value on the command line would sit in shell history and `ps`: refused, nothing stored.
    const onArgv = cli(['secret', 'set', 'ucm-hq', 'password', canary]);
    expect(onArgv.code).toBe(1);
    expect(onArgv.err).toMatch(/never on the command line/);
    expect(onArgv.out + onArgv.err).not.toContain(canary);
    expect(JSON.parse(cli(['secret', 'status', 'ucm-hq', '--json']).out)).toEqual({ password: false });
    const set = cli(['secret', 'set', 'ucm-hq', 'password'], canary + '\n');
    expect(set.code).toBe(0);
    expect(set.out + set.err).not.toContain(canary);
    const st = JSON.parse(cli(['secret', 'status', 'ucm-hq', '--json']).out);
    expect(st).toEqual({ password: true });
    const listed = cli(['profiles', 'list', '--json']);
    expect(listed.out).not.toContain(canary);
    expect(JSON.parse(listed.out).find((p: { id: string }) => p.id === 'ucm-hq').secrets).toEqual({ password: true });
    // The trailing newline from echo is not part of the secret: read it back the way main does.
    const keytar = (await import('@github/keytar')) as unknown as { getPassword(s: string, a: string): Promise<string | null> };
    expect(await keytar.getPassword(SERVICE, 'ucm-hq:password')).toBe(canary);
    expect(cli(['secret', 'set', 'ucm-hq', 'hmacSecret'], 'x').code).toBe(1); // not a UCM secret
    expect(cli(['secret', 'clear', 'ucm-hq', 'password']).code).toBe(0);
    expect(JSON.parse(cli(['secret', 'status', 'ucm-hq', '--json']).out)).toEqual({ password: false });
  });
});
