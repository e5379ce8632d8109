/**
 * A VoIPmonitor sensor as Callboard uses it: built from a profile and keychain secrets, exposing the
 * read-only operations (calls, registrations, health, call detail) and `manager_file` on request.
 */
import { promises as fs } from 'node:fs';
import type { Duplex } from 'node:stream';
import { CallboardError } from '../../core/errors';
import type { LiveCall } from '../../domain/live-call';
import type { VoipmonitorProfile } from './profile';
import { requireSecret, type SecretStore } from '../../secrets/keychain';
import { connectionKey } from '../../secrets/generation';
import { aesMaterialFromBase64, type AesMaterial } from './cipher';
import { parseCallDetail, type CallDetail } from './call-detail';
import { parsePcapstat, parseSnifferStat, parseVersion, type SensorHealth } from './health';
import { listcallsArgs, normaliseCalls, parseListcallsBody, RowCache, type ListcallsFilter, type ListcallsParams, type ListcallsSummary } from './listcalls';
import { ManagerClient } from './manager-client';
import { listregistersArgs, parseRegistrations, type Registration, type RegistrationsFilter } from './registrations';
import { SshTransport, type SshAuth } from './ssh-transport';
import { tcpTransport, unixTransport, type ManagerTransport } from './transport';
import { checkTimeZone, IsoFormatter } from './values';

const MAX_KEY_FILE_BYTES = 64 * 1024;

export interface SensorDeps {
  secrets: SecretStore;
  /** Overrides for tests (size caps). */
  maxWireBytes?: number;
  maxBodyBytes?: number;
}

async function loadAes(deps: SensorDeps, p: VoipmonitorProfile): Promise<AesMaterial | null> {
  if (p.cipher === 'none') return null;
  const key = await requireSecret(deps.secrets, p.id, 'aesKey', 'AES key (manager_aes_key)');
  const iv = await requireSecret(deps.secrets, p.id, 'aesIv', 'AES IV (manager_aes_iv)');
  return aesMaterialFromBase64(p.cipher, key, iv, p.id);
}

function sshCredentials(deps: SensorDeps, p: VoipmonitorProfile, t: Extract<VoipmonitorProfile['transport'], { type: 'ssh' }>): () => Promise<SshAuth> {
  return async () => {
    if (t.auth === 'password') return { type: 'password', password: await requireSecret(deps.secrets, p.id, 'sshPassword', 'SSH password') };
    if (t.auth === 'agent') {
      const sock = process.env['SSH_AUTH_SOCK'];
      if (!sock) throw new CallboardError('config', `Profile "${p.id}" uses the SSH agent, but no agent is running (SSH_AUTH_SOCK is not set).`);
      return { type: 'agent', agent: sock };
    }
    if (!t.sshKeyPath) throw new CallboardError('config', `Profile "${p.id}" uses an SSH key but has no key file path ("sshKeyPath").`);
    let privateKey: Buffer;
    try {
      const st = await fs.stat(t.sshKeyPath);
      if (!st.isFile() || st.size > MAX_KEY_FILE_BYTES) throw new Error('not a key file');
      privateKey = await fs.readFile(t.sshKeyPath);
    } catch {
      throw new CallboardError('config', `The SSH key file ${t.sshKeyPath} of profile "${p.id}" cannot be read.`);
    }
    const passphrase = await deps.secrets.get(p.id, 'sshKeyPassphrase');
    return passphrase ? { type: 'key', privateKey, passphrase } : { type: 'key', privateKey };
  };
}

export function transportFor(deps: SensorDeps, p: VoipmonitorProfile): ManagerTransport {
  const t = p.transport;
  if (t.type === 'tcp') return tcpTransport(p.id, t.host, t.port);
  if (t.type === 'unix') return unixTransport(p.id, t.socketPath);
  return new SshTransport({
    sensor: p.id, host: t.host, port: t.port, user: t.user, hostKeySha256: t.hostKeySha256,
    credentials: sshCredentials(deps, p, t), mode: t.mode, socketPath: t.socketPath, remotePort: t.remotePort,
  });
}

/**
 * What the sniffer's `manager_file` answers (manager.cpp, verified on 2026.04.0): `OK (path)` / `OK`;
 * `running (path)` when a socket is already open (also the one from `managersocket` in its config, even
 * when another path was asked for); `not running` for a stop without one; and a refusal to stop the
 * configured socket. The first three are outcomes an operator reads; the refusal is an error.
 */
export function managerFileOutcome(sensor: string, action: 'start' | 'stop', reply: string): string {
  if (/^OK\b/.test(reply)) return reply;
  const running = /^running \((.*)\)$/.exec(reply);
  if (running) return `The manager socket of sensor ${sensor} is already open at ${running[1]}; nothing changed.`;
  if (reply === 'not running') return `Sensor ${sensor} had no manager socket open; nothing changed.`;
  if (/cannot be terminated/.test(reply)) {
    throw new CallboardError('unsupported', `Sensor ${sensor} opened its manager socket from its configuration ("managersocket"), so it cannot be closed with manager_file ${action}; remove the option and restart the sniffer instead.`);
  }
  throw new CallboardError('protocol', `Sensor ${sensor} answered manager_file ${action} with "${reply.slice(0, 120)}".`);
}

export interface CallList {
  calls: LiveCall[];
  summary: ListcallsSummary | null;
}

export class VoipmonitorSensor {
  readonly id: string;
  private readonly formatter: IsoFormatter;
  /** Only for unfiltered lists (the poller's): a filtered one-off must not evict the poller's rows. */
  private readonly rows = new RowCache();
  constructor(readonly profile: VoipmonitorProfile, readonly client: ManagerClient, private readonly transport: ManagerTransport) {
    this.id = profile.id;
    this.formatter = new IsoFormatter(checkTimeZone(profile.timeZone, profile.id));
  }

  static async open(deps: SensorDeps, p: VoipmonitorProfile): Promise<VoipmonitorSensor> {
    const aes = await loadAes(deps, p);
    const transport = transportFor(deps, p);
    const opts = { sensor: p.id, transport, aes, timeoutMs: p.timeoutMs } as ConstructorParameters<typeof ManagerClient>[0];
    if (deps.maxWireBytes) opts.maxWireBytes = deps.maxWireBytes;
    if (deps.maxBodyBytes) opts.maxBodyBytes = deps.maxBodyBytes;
    return new VoipmonitorSensor(p, new ManagerClient(opts), transport);
  }

  async version(signal?: AbortSignal): Promise<string> {
    return parseVersion(this.id, await this.client.request('getversion', undefined, signal));
  }

  /** Live calls, gzip requested (big lists compress ~10x). */
  async listCalls(params: ListcallsParams = {}, signal?: AbortSignal): Promise<CallList> {
    const body = await this.client.request('listcalls', { json: listcallsArgs({ zip: true, ...params }) }, signal);
    const parsed = parseListcallsBody(this.id, body);
    const unfiltered = !params.filter && params.limit === undefined;
    const calls = normaliseCalls(parsed, unfiltered ? { sensor: this.id, formatter: this.formatter, cache: this.rows } : { sensor: this.id, formatter: this.formatter });
    return { calls, summary: parsed.summary };
  }

  /** `limit:0` returns only the summary object: the cheapest way to count. */
  async countCalls(filter?: ListcallsFilter, signal?: AbortSignal): Promise<number> {
    const params: ListcallsParams = { limit: 0 };
    if (filter) params.filter = filter;
    const body = await this.client.request('listcalls', { json: listcallsArgs(params) }, signal);
    const total = parseListcallsBody(this.id, body).summary?.total;
    if (total === null || total === undefined) throw new CallboardError('protocol', `Sensor ${this.id} did not report a call count.`);
    return total;
  }

  async registrations(filter: RegistrationsFilter = {}, signal?: AbortSignal): Promise<Registration[]> {
    const args = listregistersArgs(filter);
    args['zip'] = 'yes';
    return parseRegistrations(this.id, await this.client.request('listregisters', { json: args }, signal), this.formatter);
  }

  async health(signal?: AbortSignal): Promise<SensorHealth> {
    const [version, stat, pcap] = await Promise.all([
      this.version(signal),
      this.client.request('sniffer_stat', undefined, signal).then((b) => parseSnifferStat(this.id, b)),
      this.client.request('pcapstat', undefined, signal).then(parsePcapstat),
    ]);
    const sum = (k: 'pcapdrop' | 'ifdrop') => pcap.reduce((a, i) => a + (i[k] ?? 0), 0);
    return {
      sensor: this.id,
      version,
      uptimeSec: stat.uptimeSec,
      activeCalls: stat.activeCalls,
      bufferDrops: stat.bufferDrops,
      captureDrops: pcap.length ? sum('pcapdrop') + sum('ifdrop') : null,
      interfaces: pcap,
      traffic: stat.traffic,
      memoryFull: stat.memoryFull,
      initializing: stat.initializing,
    };
  }

  /** `ref` is the call reference ("0x7fa3500223c0") from listcalls. */
  async callDetail(ref: string, signal?: AbortSignal): Promise<CallDetail> {
    if (!/^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/.test(ref)) throw new CallboardError('usage', 'That is not a VoIPmonitor call reference.');
    const body = await this.client.request('active_call_info', { json: { callreference: ref, zip: 'yes' } }, signal);
    return parseCallDetail(this.id, `${this.id}:${ref}`, body, this.formatter);
  }

  /** Opens or closes the sensor's manager socket file. Changes the sensor: callers audit it. */
  async managerFile(action: 'start' | 'stop', socketPath?: string): Promise<string> {
    const tokens = action === 'start' && socketPath ? [action, socketPath] : [action];
    const reply = (await this.client.requestText('manager_file', { tokens })).trim().slice(0, 300);
    return managerFileOutcome(this.id, action, reply);
  }

  /** A TCP channel over this sensor's SSH connection (the CDR database behind it). */
  async openTcpChannel(host: string, port: number, timeoutMs: number): Promise<Duplex> {
    if (!(this.transport instanceof SshTransport)) {
      throw new CallboardError('config', `Profile "${this.id}" reaches its database "via ssh", but its sensor transport is not SSH.`);
    }
    return this.transport.openTcpChannel(host, port, timeoutMs);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

/**
 * One sensor object (and so one SSH connection) per profile version AND secrets generation, shared by
 * the poller and one-off requests (secrets/generation.ts). An edited profile or a changed secret (a
 * fixed AES key, a new SSH passphrase) gets a fresh connection at once, and the older versions of that
 * profile are closed; versions unused for a while are closed too.
 */
export class SensorPool {
  private entries = new Map<string, { id: string; sensor: Promise<VoipmonitorSensor>; lastUsed: number; holds: number }>();
  constructor(private readonly deps: SensorDeps, private readonly idleMs = 120_000) {}

  private dispose(k: string): void {
    const e = this.entries.get(k);
    if (!e) return;
    this.entries.delete(k);
    void e.sensor.then((s) => s.close()).catch(() => undefined);
  }

  get(p: VoipmonitorProfile): Promise<VoipmonitorSensor> {
    const now = Date.now();
    for (const [k, e] of this.entries) if (e.holds === 0 && now - e.lastUsed > this.idleMs) this.dispose(k);
    const sig = connectionKey(this.deps.secrets, p);
    const hit = this.entries.get(sig);
    if (hit) {
      hit.lastUsed = now;
      return hit.sensor;
    }
    // What was built from the previous profile version or secrets must not be used again.
    for (const [k, e] of this.entries) if (e.id === p.id) this.dispose(k);
    const sensor = VoipmonitorSensor.open(this.deps, p);
    this.entries.set(sig, { id: p.id, sensor, lastUsed: now, holds: 0 });
    // A failed open (missing secret) must not stick: the operator will fix it and retry.
    sensor.catch(() => {
      if (this.entries.get(sig)?.sensor === sensor) this.entries.delete(sig);
    });
    return sensor;
  }

  /**
   * Keeps the profile's current connection out of the idle close while a long operation uses it
   * (a call-history search streaming over a channel of it can run for minutes without a request on
   * the sensor itself). Call the returned function when done; it counts as a use.
   */
  hold(p: VoipmonitorProfile): () => void {
    const e = this.entries.get(connectionKey(this.deps.secrets, p));
    if (!e) return () => undefined;
    e.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      e.holds--;
      e.lastUsed = Date.now();
    };
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.sensor.then((s) => s.close()).catch(() => undefined)));
  }

  /** Closeable for the context's connections. */
  async close(): Promise<void> {
    await this.closeAll();
  }
}
