/**
 * A throwaway OpenSSH sshd on 127.0.0.1 for integration tests (sshd(8): -D -e -f, ListenAddress): generated
 * host and client keys in a temp dir, a free port, stream-local forwarding on or off, and stop()
 * that kills exactly the sshd it started and removes the dir.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './free-port';

export const SSHD_PATH = '/usr/sbin/sshd';

/** Why SSH tests cannot run here, or null when they can. */
export function sshdUnavailableReason(): string | null {
  if (!existsSync(SSHD_PATH)) return `${SSHD_PATH} is missing (install openssh-server)`;
  if (!existsSync('/usr/bin/ssh-keygen')) return 'ssh-keygen is missing (install openssh-client)';
  return null;
}

export interface SshdOptions {
  allowStreamLocalForwarding?: boolean;
  allowTcpForwarding?: boolean;
  /** Passphrase for the second client key (clientKeyWithPassphrasePath). */
  passphrase?: string;
}

export interface TestSshd {
  host: string;
  port: number;
  user: string;
  dir: string;
  clientKeyPath: string;
  clientKeyWithPassphrasePath: string;
  passphrase: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** Another host key's fingerprint (for mismatch tests). */
  otherFingerprint: string;
  log(): string;
  stop(): Promise<void>;
}

function keygen(file: string, passphrase = ''): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'callboard-test', '-f', file], { stdio: 'ignore' });
}

function fingerprint(pub: string): string {
  return execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

export async function startSshd(o: SshdOptions = {}): Promise<TestSshd> {
  const why = sshdUnavailableReason();
  if (why) throw new Error(why);
  // The privilege-separation dir is compiled into sshd.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'callboard-sshd-'));
  const passphrase = o.passphrase ?? 'correct horse battery';
  keygen(path.join(dir, 'host_ed25519'));
  keygen(path.join(dir, 'other_host_ed25519'));
  keygen(path.join(dir, 'client_ed25519'));
  keygen(path.join(dir, 'client_pp_ed25519'), passphrase);
  const auth = path.join(dir, 'authorized_keys');
  writeFileSync(auth, readFileSync(path.join(dir, 'client_ed25519.pub'), 'utf8') + readFileSync(path.join(dir, 'client_pp_ed25519.pub'), 'utf8'));
  chmodSync(auth, 0o600);
  const port = await freePort();
  const cfg = path.join(dir, 'sshd_config');
  writeFileSync(
    cfg,
    [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${dir}/host_ed25519`, `PidFile ${dir}/sshd.pid`, `AuthorizedKeysFile ${auth}`,
      'PubkeyAuthentication yes', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password',
      'UsePAM no', 'StrictModes no', `AllowTcpForwarding ${o.allowTcpForwarding === false ? 'no' : 'yes'}`,
      `AllowStreamLocalForwarding ${o.allowStreamLocalForwarding === false ? 'no' : 'yes'}`, 'DisableForwarding no', 'X11Forwarding no',
      'PrintMotd no', 'LogLevel VERBOSE', 'MaxStartups 50',
    ].join('\n') + '\n',
  );
  let logText = '';
  const child = spawn(SSHD_PATH, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    if (logText.length < 200_000) logText += d.toString('utf8');
  });
  try {
    await waitForPort(port, child, 'sshd', 5);
  } catch (e) {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}; sshd log: ${logText.slice(-500)}`);
  }
  return {
    host: '127.0.0.1',
    port,
    user: os.userInfo().username,
    dir,
    clientKeyPath: path.join(dir, 'client_ed25519'),
    clientKeyWithPassphrasePath: path.join(dir, 'client_pp_ed25519'),
    passphrase,
    hostKeyFingerprint: fingerprint(path.join(dir, 'host_ed25519.pub')),
    otherFingerprint: fingerprint(path.join(dir, 'other_host_ed25519.pub')),
    log: () => logText,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
