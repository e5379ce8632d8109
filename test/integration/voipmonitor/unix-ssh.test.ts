import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../../sims/voipmonitor';
import { VoipmonitorSensor } from '../../../src-main/connectors/voipmonitor/sensor';
import { SshTransport } from '../../../src-main/connectors/voipmonitor/ssh-transport';
import { voipmonitorProfileSchema, type VoipmonitorProfile } from '../../../src-main/profiles/schema';
import { TrustRequiredError } from '../../../src-main/core/trust';
import { MemorySecretStore } from '../../helpers/memory-secrets';
import { startSshd, sshdUnavailableReason, type TestSshd } from '../../helpers/sshd';
import { errorOf } from '../../helpers/error-of';


let dir: string;
let sim: VoipmonitorSim;
let sockPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callboard-vm-'));
  sockPath = path.join(dir, 'vm_manager_socket');
  // Sensor with keys: TCP demands AES, the socket file does not (docs/VOIPMONITOR.md, Wire protocol: AES envelope).
  sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, socketPath: sockPath, scenario: { count: 30, seed: 5 } });
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('local unix socket transport', () => {
  it('lists calls in plaintext without AES over the socket file', async () => {
    const p = voipmonitorProfileSchema.parse({ id: 'local', name: 'Local', kind: 'voipmonitor', transport: { type: 'unix', socketPath: sockPath } });
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, p);
    expect((await s.listCalls()).calls.length).toBe(30);
    expect(sim.requests.at(-1)).toMatchObject({ via: 'unix', encrypted: false, command: 'listcalls' });
  });

  it('also accepts an AES envelope on the socket and answers encrypted', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('local', 'aesKey', DEMO_AES.keyB64);
    await secrets.set('local', 'aesIv', DEMO_AES.ivB64);
    const p = voipmonitorProfileSchema.parse({ id: 'local', name: 'Local', kind: 'voipmonitor', transport: { type: 'unix', socketPath: sockPath }, cipher: 'aes-128-cbc' });
    const s = await VoipmonitorSensor.open({ secrets }, p);
    expect(await s.countCalls()).toBe(30);
    expect(sim.requests.at(-1)).toMatchObject({ via: 'unix', encrypted: true });
  });

  it('a missing socket file -> says so and how to create it', async () => {
    const p = voipmonitorProfileSchema.parse({ id: 'local', name: 'Local', kind: 'voipmonitor', transport: { type: 'unix', socketPath: path.join(dir, 'nope') } });
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, p);
    expect((await errorOf(s.version())).message).toMatch(/does not exist .*managersocket/);
  });
});

const why = sshdUnavailableReason();
describe.skipIf(why !== null)(`SSH transport through a real OpenSSH sshd${why ? ` (skipped: ${why})` : ''}`, () => {
  let sshd: TestSshd;
  let noStreamLocal: TestSshd;
  beforeAll(async () => {
    [sshd, noStreamLocal] = await Promise.all([startSshd(), startSshd({ allowStreamLocalForwarding: false })]);
  });
  afterAll(async () => {
    await Promise.all([sshd?.stop(), noStreamLocal?.stop()]);
  });

  function prof(d: TestSshd, t: Record<string, unknown>, extra: Record<string, unknown> = {}): VoipmonitorProfile {
    return voipmonitorProfileSchema.parse({
      id: 'remote', name: 'Remote', kind: 'voipmonitor', timeoutMs: 8000, ...extra,
      transport: { type: 'ssh', host: d.host, port: d.port, user: d.user, sshKeyPath: d.clientKeyPath, hostKeySha256: d.hostKeyFingerprint, socketPath: sockPath, ...t },
    });
  }

  it('first contact -> TrustRequiredError carrying the ssh-keygen fingerprint', async () => {
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { hostKeySha256: undefined }));
    const e = await errorOf(s.version());
    expect(e).toBeInstanceOf(TrustRequiredError);
    expect((e as TrustRequiredError).identity).toEqual({ kind: 'ssh', fingerprint: sshd.hostKeyFingerprint });
    await s.close();
  });

  it('a changed host key -> hard identity mismatch showing both fingerprints', async () => {
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { hostKeySha256: sshd.otherFingerprint }));
    const e = await errorOf(s.version());
    expect(e).not.toBeInstanceOf(TrustRequiredError);
    expect(e.message).toContain(sshd.otherFingerprint);
    expect(e.message).toContain(sshd.hostKeyFingerprint);
    expect(e.message).toMatch(/has changed/);
    await s.close();
  });

  it('streamlocal: lists calls over the pinned connection and reuses ONE SSH connection across polls', async () => {
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { mode: 'streamlocal' }));
    const before = (sshd.log().match(/Accepted publickey/g) ?? []).length;
    for (let i = 0; i < 3; i++) expect((await s.listCalls()).calls.length).toBe(30);
    expect(await s.version()).toBe('2026.04.0');
    expect((sshd.log().match(/Accepted publickey/g) ?? []).length - before).toBe(1);
    expect(sim.requests.at(-2)).toMatchObject({ via: 'unix', command: 'listcalls' });
    await s.close();
  });

  it('reconnects on its own after the SSH connection is lost', async () => {
    const p = prof(sshd, { mode: 'streamlocal' });
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, p);
    expect(await s.countCalls()).toBe(30);
    // Reach into the sensor's transport the way a dropped TCP connection would.
    const t = (s as unknown as { transport: SshTransport }).transport;
    t.disconnect();
    expect(t.connected).toBe(false);
    expect(await s.countCalls()).toBe(30);
    expect(t.connected).toBe(true);
    await s.close();
  });

  it('exec: nc -U on the far side, for servers without stream-local forwarding', async () => {
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(noStreamLocal, { mode: 'exec', hostKeySha256: noStreamLocal.hostKeyFingerprint }));
    expect((await s.listCalls({ limit: 5 })).calls.length).toBe(5);
    expect(await s.version()).toBe('2026.04.0');
    await s.close();
  });

  it('exec to a missing socket -> nc could not open it (not an "empty reply")', async () => {
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { mode: 'exec', socketPath: "/tmp/no such 'socket'" }));
    expect((await errorOf(s.version())).message).toMatch(/nc could not open|exited with code/);
    await s.close();
  });

  it('streamlocal refused by the server -> tells the operator to use exec', async () => {
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(noStreamLocal, { mode: 'streamlocal', hostKeySha256: noStreamLocal.hostKeyFingerprint }));
    expect((await errorOf(s.version())).message).toMatch(/refused to forward .*use the "exec" mode/);
    await s.close();
  });

  it('tcp: direct-tcpip to the sensor\'s 127.0.0.1 manager port, with AES', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('remote', 'aesKey', DEMO_AES.keyB64);
    await secrets.set('remote', 'aesIv', DEMO_AES.ivB64);
    const s = await VoipmonitorSensor.open({ secrets }, prof(sshd, { mode: 'tcp', remotePort: sim.port }, { cipher: 'aes-128-cbc' }));
    expect((await s.listCalls()).calls.length).toBe(30);
    expect(sim.requests.at(-1)).toMatchObject({ via: 'tcp', encrypted: true });
    await s.close();
  });

  it('a key file with a passphrase from the keychain works; a wrong passphrase is a config error', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('remote', 'sshKeyPassphrase', sshd.passphrase);
    const s = await VoipmonitorSensor.open({ secrets }, prof(sshd, { sshKeyPath: sshd.clientKeyWithPassphrasePath }));
    expect(await s.version()).toBe('2026.04.0');
    await s.close();
    await secrets.set('remote', 'sshKeyPassphrase', 'wrong passphrase');
    const bad = await VoipmonitorSensor.open({ secrets }, prof(sshd, { sshKeyPath: sshd.clientKeyWithPassphrasePath }));
    const e = await errorOf(bad.version());
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/passphrase/);
    expect(e.message).not.toContain('wrong passphrase');
    await bad.close();
  });

  it('a key the server does not know -> auth error naming the user', async () => {
    // The other host key is a valid private key that is not in authorized_keys.
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { sshKeyPath: path.join(sshd.dir, 'other_host_ed25519') }));
    const e = await errorOf(s.version());
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(new RegExp(`rejected user "${sshd.user}"`));
    await s.close();
  });

  it('ssh-agent auth uses SSH_AUTH_SOCK', async () => {
    const agentSock = path.join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', agentSock], { stdio: 'ignore' });
    const saved = process.env['SSH_AUTH_SOCK'];
    try {
      for (let i = 0; i < 50 && !existsSync(agentSock); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', [sshd.clientKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: agentSock }, stdio: 'ignore' });
      process.env['SSH_AUTH_SOCK'] = agentSock;
      const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { auth: 'agent', sshKeyPath: undefined }));
      expect(await s.version()).toBe('2026.04.0');
      await s.close();
      delete process.env['SSH_AUTH_SOCK'];
      const none = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { auth: 'agent' }));
      expect((await errorOf(none.version())).message).toMatch(/no agent is running/);
    } finally {
      if (saved === undefined) delete process.env['SSH_AUTH_SOCK'];
      else process.env['SSH_AUTH_SOCK'] = saved;
      agent.kill('SIGTERM');
    }
  });

  it('password auth needs the sshPassword secret', async () => {
    const s = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, prof(sshd, { auth: 'password' }));
    const e = await errorOf(s.version());
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/sshPassword/);
    await s.close();
  });
});
