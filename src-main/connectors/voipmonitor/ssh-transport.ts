/**
 * SSH to a sensor with ssh2: one SSH connection per sensor, kept and reused across polls (keepalive,
 * reconnect on the next request after a drop); one channel per manager command:
 *  - streamlocal: OpenSSH direct-streamlocal to the manager socket file,
 *  - exec: `nc -U <path>` for servers that forbid stream-local forwarding,
 *  - tcp: direct-tcpip to the sensor's own 127.0.0.1:<remotePort>.
 * The host key is pinned by its OpenSSH SHA256 fingerprint; first contact asks the operator.
 */
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { CallboardError } from '../../core/errors';
import { TrustRequiredError, identityMismatch } from '../../core/trust';
import { logger } from '../../core/log';
import { netError, type ManagerTransport } from './transport';

const log = logger('voipmonitor:ssh');

export type SshAuth =
  | { type: 'key'; privateKey: Buffer; passphrase?: string }
  | { type: 'agent'; agent: string }
  | { type: 'password'; password: string };

export interface SshTransportOptions {
  sensor: string;
  host: string;
  port: number;
  user: string;
  hostKeySha256?: string;
  /** Resolved at connect time, so secrets are read only when needed and never kept in profile objects. */
  credentials: () => Promise<SshAuth>;
  mode: 'streamlocal' | 'exec' | 'tcp';
  socketPath: string;
  remotePort: number;
  keepaliveIntervalMs?: number;
}

/** OpenSSH's `ssh-keygen -l` form: "SHA256:" + unpadded base64 of the SHA-256 of the key blob. */
export function sshFingerprint(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** Single-quotes a value for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class SshTransport implements ManagerTransport {
  readonly describe: string;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private closed = false;

  constructor(private readonly o: SshTransportOptions) {
    const target = o.mode === 'tcp' ? `127.0.0.1:${o.remotePort}` : o.socketPath;
    this.describe = `ssh ${o.user}@${o.host}:${o.port} → ${o.mode === 'exec' ? 'nc -U ' : ''}${target}`;
  }

  /** True while an SSH connection is up (for tests and status). */
  get connected(): boolean {
    return this.client !== null;
  }

  private what(): string {
    return `SSH server ${this.o.host}:${this.o.port} of sensor ${this.o.sensor}`;
  }

  private async connect(timeoutMs: number): Promise<Client> {
    const auth = await this.o.credentials();
    const o = this.o;
    let seen: string | null = null;
    const cfg: ConnectConfig = {
      host: o.host,
      port: o.port,
      username: o.user,
      readyTimeout: Math.max(1000, timeoutMs),
      keepaliveInterval: o.keepaliveIntervalMs ?? 15000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        seen = sshFingerprint(key);
        return o.hostKeySha256 !== undefined && seen === o.hostKeySha256;
      },
    };
    if (auth.type === 'key') {
      cfg.privateKey = auth.privateKey;
      if (auth.passphrase) cfg.passphrase = auth.passphrase;
    } else if (auth.type === 'agent') cfg.agent = auth.agent;
    else cfg.password = auth.password;

    return new Promise<Client>((resolve, reject) => {
      const c = new Client();
      let ready = false;
      c.once('ready', () => {
        ready = true;
        resolve(c);
      });
      c.on('error', (e: Error & { level?: string; code?: string }) => {
        if (ready) {
          log.warn(`${this.what()}: connection error, will reconnect on next request: ${e.message}`);
          return;
        }
        reject(this.mapConnectError(e, seen));
      });
      c.on('close', () => {
        if (this.client === c) this.client = null;
        if (!ready) reject(new CallboardError('connection', `${this.what()} closed the connection during login.`));
      });
      try {
        c.connect(cfg);
      } catch (e) {
        // ssh2 throws synchronously on an unparsable key or a wrong passphrase.
        const msg = e instanceof Error ? e.message : '';
        if (/passphrase|encrypted|decrypt/i.test(msg)) {
          reject(new CallboardError('config', `The SSH key of profile "${o.sensor}" could not be decrypted: check its passphrase ("sshKeyPassphrase").`));
        } else {
          reject(new CallboardError('config', `The SSH key file of profile "${o.sensor}" is not a private key ssh2 can read (OpenSSH or PEM format).`));
        }
      }
    });
  }

  private mapConnectError(e: Error & { level?: string; code?: string }, seen: string | null): CallboardError {
    const o = this.o;
    if (e.level === 'handshake' && seen && /verification failed|Host denied/i.test(e.message)) {
      if (!o.hostKeySha256) return new TrustRequiredError({ kind: 'ssh', fingerprint: seen }, this.what());
      return identityMismatch('ssh', this.what(), o.hostKeySha256, seen);
    }
    if (e.level === 'client-authentication') {
      return new CallboardError('auth', `${this.what()} rejected user "${o.user}": check the SSH key, agent or password of profile "${o.sensor}".`);
    }
    if (e.level === 'client-timeout') {
      return new CallboardError('timeout', `${this.what()} did not complete the SSH login in time.`);
    }
    if (e.level === 'client-socket' || e.code) return netError(o.sensor, `${o.host}:${o.port} (SSH)`, e as NodeJS.ErrnoException);
    return new CallboardError('connection', `${this.what()}: SSH negotiation failed (${e.level ?? 'protocol'}).`);
  }

  private async getClient(timeoutMs: number): Promise<Client> {
    if (this.closed) throw new CallboardError('cancelled', `The SSH connection to sensor ${this.o.sensor} was closed.`);
    if (this.client) return this.client;
    if (!this.connecting) {
      this.connecting = this.connect(timeoutMs)
        .then((c) => {
          if (this.closed) {
            c.end();
            throw new CallboardError('cancelled', `The SSH connection to sensor ${this.o.sensor} was closed.`);
          }
          this.client = c;
          return c;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  async open(timeoutMs: number): Promise<Duplex> {
    const client = await this.getClient(timeoutMs);
    try {
      return await this.openChannel(client, timeoutMs);
    } catch (e) {
      // A half-dead connection (e.g. server restarted, keepalive not yet fired): drop it and retry once.
      if (e instanceof CallboardError && e.details.data?.['reason'] === 'channel-dead') {
        this.drop(client);
        return this.openChannel(await this.getClient(timeoutMs), timeoutMs);
      }
      throw e;
    }
  }

  /**
   * A direct-tcpip channel to host:port as the SSH server sees it, on the same SSH connection as the
   * manager (the sensor's CDR database usually listens on that host's loopback).
   */
  async openTcpChannel(host: string, port: number, timeoutMs: number): Promise<Duplex> {
    const once = (c: Client) =>
      new Promise<Duplex>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.drop(c);
          reject(new CallboardError('timeout', `${this.what()} did not open a channel to ${host}:${port} within ${timeoutMs} ms.`));
        }, timeoutMs);
        const done = (err: Error | undefined, ch: ClientChannel | undefined) => {
          clearTimeout(timer);
          if (err || !ch) {
            if (/No response from server|Not connected|write after end|closed/i.test(err?.message ?? '')) {
              reject(new CallboardError('connection', `${this.what()} dropped the connection.`, { data: { reason: 'channel-dead' } }));
            } else {
              reject(new CallboardError('connection', `${this.what()} refused to forward to ${host}:${port} (AllowTcpForwarding may be off, or nothing listens there on the SSH server's side).`));
            }
            return;
          }
          resolve(ch);
        };
        try {
          c.forwardOut('127.0.0.1', 0, host, port, done);
        } catch (e) {
          done(e instanceof Error ? e : new Error('Not connected'), undefined);
        }
      });
    const client = await this.getClient(timeoutMs);
    try {
      return await once(client);
    } catch (e) {
      if (e instanceof CallboardError && e.details.data?.['reason'] === 'channel-dead') {
        this.drop(client);
        return once(await this.getClient(timeoutMs));
      }
      throw e;
    }
  }

  private drop(c: Client): void {
    if (this.client === c) this.client = null;
    c.end();
  }

  private openChannel(c: Client, timeoutMs: number): Promise<Duplex> {
    const o = this.o;
    return new Promise<Duplex>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.drop(c);
        reject(new CallboardError('timeout', `${this.what()} did not open a channel within ${timeoutMs} ms.`));
      }, timeoutMs);
      const done = (err: Error | undefined, ch: ClientChannel | undefined) => {
        clearTimeout(timer);
        if (err || !ch) {
          const msg = err?.message ?? '';
          if (/No response from server|Not connected|write after end|closed/i.test(msg)) {
            reject(new CallboardError('connection', `${this.what()} dropped the connection.`, { data: { reason: 'channel-dead' } }));
          } else if (o.mode === 'streamlocal') {
            reject(new CallboardError('connection', `${this.what()} refused to forward to the manager socket ${o.socketPath} (AllowStreamLocalForwarding may be off): use the "exec" mode or check the path.`));
          } else if (o.mode === 'tcp') {
            reject(new CallboardError('connection', `${this.what()} refused to forward to 127.0.0.1:${o.remotePort} (AllowTcpForwarding may be off, or the sniffer is not listening there).`));
          } else {
            reject(new CallboardError('connection', `${this.what()} refused to run "nc -U" for the manager socket.`));
          }
          return;
        }
        if (o.mode === 'exec') watchExec(ch, this.what(), o.socketPath);
        resolve(ch);
      };
      try {
        if (o.mode === 'streamlocal') c.openssh_forwardOutStreamLocal(o.socketPath, done);
        else if (o.mode === 'tcp') c.forwardOut('127.0.0.1', 0, '127.0.0.1', o.remotePort, done);
        else c.exec(`nc -U ${shellQuote(o.socketPath)}`, done);
      } catch (e) {
        done(e instanceof Error ? e : new Error('Not connected'), undefined);
      }
    });
  }

  /** Ends the current SSH connection; the next request reconnects (profile edits, tests). */
  disconnect(): void {
    const c = this.client;
    this.client = null;
    if (c) c.end();
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    if (c) c.end();
  }
}

/**
 * Turns a failing `nc -U` (missing socket, no netcat-openbsd) into an error instead of an "empty reply".
 *
 * OpenSSH sends EOF before the exit status, so the reader would see `end` (an empty reply) before it
 * could know that nc failed. The channel's `end` is therefore held back until the exit status (or the
 * channel close) has arrived, and replaced by an error when nc failed.
 */
function watchExec(ch: ClientChannel, what: string, socketPath: string): void {
  let stderr = '';
  ch.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 400) stderr += d.toString('utf8');
  });
  const emit = ch.emit.bind(ch) as (event: string | symbol, ...args: unknown[]) => boolean;
  let settled = false;
  let heldEnd = false;
  ch.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'end' && !settled) {
      heldEnd = true;
      return true;
    }
    return emit(event, ...args);
  }) as ClientChannel['emit'];
  const release = () => {
    if (settled) return;
    settled = true;
    if (heldEnd) emit('end');
  };
  ch.once('exit', (code: number | null) => {
    if (code === 0 || code === null) return release();
    settled = true;
    // 127 = the shell found no nc; otherwise nc ran and names what went wrong with the socket.
    const hint = code === 127
      ? 'nc is missing on the sensor host (install netcat-openbsd)'
      : /invalid option|illegal option|usage/i.test(stderr)
        ? 'this nc does not support -U (install netcat-openbsd)'
        : /No such file|connect|refused|denied/i.test(stderr)
          ? `nc could not open ${socketPath} (missing, or not readable by this user)`
          : `nc -U exited with code ${code}`;
    emit('error', new CallboardError('connection', `${what}: ${hint}.`));
  });
  ch.once('close', release);
}
