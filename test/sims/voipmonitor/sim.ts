/**
 * A simulated VoIPmonitor sensor manager on 127.0.0.1 (and optionally a unix socket file) that speaks
 * the sniffer's bytes (docs/VOIPMONITOR.md, Wire protocol): first-chunk / 500 ms idle framing, static-IV AES
 * both ways, `need aes!`, encrypted `failed aes decrypt!`, `command not found`, gzip, empty replies
 * while "restarting", and the substring command fallback (recorded, so tests can prove we never hit it).
 */
import net from 'node:net';
import { promises as fs, existsSync } from 'node:fs';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Scenario, type ScenarioOptions } from './scenario';
import { activeCallInfo, parseParams, renderListcalls, renderRegisters, seedRegistrations, type SimRegistration } from './render';

export interface VoipmonitorSimOptions {
  /** base64 manager_aes_key / manager_aes_iv; both unset = sensor without keys. */
  aesKeyB64?: string;
  aesIvB64?: string;
  /** manager_enable_unencrypted = yes */
  enableUnencrypted?: boolean;
  /** Listen on TCP 127.0.0.1 (default true); port 0 = any free port. */
  tcp?: boolean;
  port?: number;
  /** Also listen on this unix socket file (managersocket). */
  socketPath?: string;
  scenario?: Scenario | ScenarioOptions;
  registrations?: number;
  version?: string;
  /** Sensor's local time offset in minutes (calldate strings). */
  utcOffsetMin?: number;
  /** `active_call_info = yes`: active_call_info carries the call's SIP packets (the real default is off). */
  activeCallInfo?: boolean;
  /** Follow the wall clock (demo); tests tick the scenario themselves. */
  realTime?: boolean;
  /** Cache encoded replies per scenario generation (benchmarks: keeps the simulator's time out). */
  cacheReplies?: boolean;
  idleMs?: number;
}

export interface SimRequest {
  command: string;
  line: string;
  encrypted: boolean;
  via: 'tcp' | 'unix';
}

export interface VoipmonitorSim {
  host: string;
  port: number;
  socketPath: string | null;
  scenario: Scenario;
  registrations: SimRegistration[];
  /** Drop counters the health commands report: eth0's pcapdrop (pcapstat), pbCountPacketDrop (sniffer_stat). */
  drops: { pcap: number; buffer: number };
  requests: SimRequest[];
  /** Commands the substring fallback would have dispatched to a dangerous handler. */
  dangerous: string[];
  connections: number;
  /** For `duration` ms: 'empty' = accept and close without a reply (start-up), 'drop' = reset connections. */
  restart(durationMs: number, mode?: 'empty' | 'drop'): void;
  /** Sends at most `n` bytes of the next replies, then closes (truncation tests); null = off. */
  truncateRepliesAt(n: number | null): void;
  /** Replies with these raw bytes instead of the real reply (garbage tests); null = off. */
  overrideReply(bytes: Buffer | null): void;
  /** The sensor's `active_call_info` option; tests may switch it. */
  activeCallInfo: boolean;
  /** Encodes (and caches) the wire reply for a request line, so a benchmark measures only the client. */
  prerender(line: string, encrypted: boolean): void;
  stop(): Promise<void>;
}

const NO_AES = new Set(['getversion', 'getbuild', 'getverbuild', 'totalcalls', 'printspool', 'sniffer_stat', 'datadir_stat', 'manager_file', 'need_aes', 'failed_aes_decrypt', 'support_aes', 'exists_aes_key', 'memory_stat', 'sniffer_threads']);
/** Registered names (subset), alphabetical as the sniffer's fallback scans them. Dangerous ones are only recorded. */
const DANGEROUS = ['cleanup_calls', 'd_close_call', 'reindexfiles', 'restart', 'set_json_config', 'terminating', 'upgrade'];
const KNOWN = [
  'active_call_info', 'exists_aes_key', 'failed_aes_decrypt', 'getbuild', 'getversion', 'getverbuild', 'help', 'listcalls', 'listregisters',
  'manager_file', 'need_aes', 'pcapstat', 'sniffer_stat', 'support_aes', 'totalcalls', 'totalregisters', ...DANGEROUS,
].sort();

function cipherFor(name: string): 'aes-128-cbc' | 'aes-256-cbc' {
  const n = name.toLowerCase();
  return n === 'aes-256-cbc' || n === 'aes256' ? 'aes-256-cbc' : 'aes-128-cbc';
}

export async function startVoipmonitorSim(o: VoipmonitorSimOptions = {}): Promise<VoipmonitorSim> {
  const key = o.aesKeyB64 ? Buffer.from(o.aesKeyB64, 'base64') : null;
  const iv = o.aesIvB64 ? Buffer.from(o.aesIvB64, 'base64') : null;
  const hasKeys = key !== null && iv !== null && iv.length >= 16;
  const scenario = o.scenario instanceof Scenario ? o.scenario : new Scenario(o.scenario ?? { count: 20, seed: 1 });
  const registrations = seedRegistrations(o.registrations ?? 25, 7, scenario.now);
  const version = o.version ?? '2026.04.0';
  const offset = o.utcOffsetMin ?? 0;
  const idleMs = o.idleMs ?? 500;
  const started = Date.now();
  let restartUntil = 0;
  let restartMode: 'empty' | 'drop' = 'empty';
  let truncateAt: number | null = null;
  let override: Buffer | null = null;
  const cache = new Map<string, { gen: number; wire: Buffer }>();
  const sockets = new Set<net.Socket>();

  const sim: VoipmonitorSim = {
    host: '127.0.0.1', port: 0, socketPath: o.socketPath ?? null, scenario, registrations, drops: { pcap: 3, buffer: 0 }, requests: [], dangerous: [], connections: 0, activeCallInfo: o.activeCallInfo ?? false,
    restart(ms, mode = 'empty') {
      restartUntil = Date.now() + ms;
      restartMode = mode;
    },
    truncateRepliesAt(n) {
      truncateAt = n;
    },
    overrideReply(b) {
      override = b;
    },
    prerender(line, encrypted) {
      const name = line.split(/[ \t]/, 1)[0] ?? '';
      const wire = encode(dispatch(name, line.slice(name.length)), encrypted ? 'aes-128-cbc' : null, line);
      cache.set(`${encrypted}|${line}`, { gen: scenario.generation, wire });
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      if (o.socketPath && existsSync(o.socketPath)) await fs.unlink(o.socketPath).catch(() => {});
      if (runtimeSocket) await closeRuntimeSocket();
    },
  };

  function aes(mode: 'enc' | 'dec', cipher: 'aes-128-cbc' | 'aes-256-cbc', data: Buffer): Buffer {
    const need = cipher === 'aes-256-cbc' ? 32 : 16;
    if (!key || !iv || key.length < need) throw new Error('no usable key');
    const c = mode === 'enc' ? createCipheriv(cipher, key.subarray(0, need), iv.subarray(0, 16)) : createDecipheriv(cipher, key.subarray(0, need), iv.subarray(0, 16));
    return Buffer.concat([c.update(data), c.final()]);
  }

  function snifferStat(): string {
    const n = scenario.calls.size;
    return JSON.stringify({
      version, build: 'sim', rrd_version: '2', storingCdrLastWriteAt: '', pbStatString: `calls[${n},r:0][${n},r:0] PS[C:${n} S:0/0 R:0 A:0] SQLq[C:0 M:0 Cl:0] heap[0|0|0] [0.3/0.3Mb/s] t0CPU[1.2%] RSS/VSZ[106|1598]MB`,
      pbCountPacketDrop: String(sim.drops.buffer), uptime: String(Math.floor((Date.now() - started) / 1000)), memory_is_full: '0', count_live_sniffers: '0',
      upgrade_by_git: '0', use_new_config: '1', terminating_error: '',
      // The real sniffer (2026.04.0) always reports its spool disk, numbers not strings.
      disk_io: { capacity_pct: 0.0, reserve_pct: 0.0, write_throughput_mbs: 0.0, read_throughput_mbs: 0.0, write_iops: 0, read_iops: 0, latency_ms: 0.0, baseline_latency_ms: 1.0, latency_ratio: 0.0, utilization_pct: 0, state: '' },
    }) + '\n';
  }

  let runtimeSocket: net.Server | null = null;
  let runtimePath = '';
  async function closeRuntimeSocket(): Promise<void> {
    const s = runtimeSocket;
    runtimeSocket = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
    await fs.unlink(runtimePath).catch(() => {});
  }

  /** Returns the reply body (string or Buffer), '' for an empty reply. */
  function dispatch(name: string, rest: string): string | Buffer {
    if (o.realTime) scenario.advanceTo(Date.now() / 1000);
    const zip = (() => {
      const p = parseParams(rest);
      return typeof p?.['zip'] === 'string' && p['zip'].toLowerCase() === 'yes';
    })();
    const gz = (s: string) => (zip ? gzipSync(Buffer.from(s)) : s);
    switch (name) {
      case 'getversion': return version;
      case 'getbuild': return 'sim';
      case 'getverbuild': return `${version} (sim)`;
      case 'totalcalls': return String(scenario.calls.size);
      case 'totalregisters': return String(registrations.length);
      case 'support_aes': return 'yes';
      case 'exists_aes_key': return hasKeys ? 'yes' : 'no';
      case 'need_aes': return 'need aes!\n';
      case 'failed_aes_decrypt': return 'failed aes decrypt!\n';
      case 'help': return '';
      case 'sniffer_stat': return rest.trim() === 'plain' ? `calls_active=${scenario.calls.size},r:0\n` : snifferStat();
      // Several capture interfaces share one line, " | " between them (real sniffer 2026.04.0).
      case 'pcapstat': return `eth0 : pdropsCount [0] pcapdrop [${sim.drops.pcap}] ifdrop [1] | eth1 : pdropsCount [0] pcapdrop [0] ifdrop [0]`;
      case 'listcalls': return gz(renderListcalls(scenario, rest, offset));
      case 'listregisters': return gz(renderRegisters(registrations, rest, offset));
      case 'active_call_info': {
        const p = parseParams(rest);
        const ref = typeof p?.['callreference'] === 'string' ? p['callreference'] : rest.trim();
        const body = activeCallInfo(scenario, ref, offset, sim.activeCallInfo);
        return p?.['zip'] === 'yes' || p?.['zip'] === true ? gzipSync(Buffer.from(body)) : body;
      }
      case 'manager_file': return '';
      default:
        // Only dangerous names reach here: the sim records them and does nothing.
        sim.dangerous.push(name);
        return '';
    }
  }

  function encode(body: string | Buffer, cipher: 'aes-128-cbc' | 'aes-256-cbc' | null, _line: string): Buffer {
    const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (b.length === 0) return b; // nothing at all, not even "aes:" (manager.cpp sendString)
    if (!cipher) return b;
    return Buffer.concat([Buffer.from('aes:'), aes('enc', cipher, b)]);
  }

  async function handleManagerFile(rest: string): Promise<string> {
    const [action, path] = rest.trim().split(/\s+/);
    // As the real sniffer (manager.cpp): a socket from the config ("managersocket") is reported as
    // running whatever path was asked for, and cannot be stopped.
    if (action === 'start' && o.socketPath) return `running (${o.socketPath})\n`;
    if (action === 'stop' && o.socketPath && !runtimeSocket) return 'manager enabled via the managersocket option cannot be terminated\n';
    if (action === 'start') {
      if (runtimeSocket) return `running (${runtimePath})\n`;
      runtimePath = path || `/tmp/VMsim_${process.pid}_${Date.now()}`;
      await fs.unlink(runtimePath).catch(() => {});
      runtimeSocket = net.createServer({ allowHalfOpen: true }, (s) => onConnection(s, 'unix'));
      await new Promise<void>((r) => runtimeSocket!.listen(runtimePath, () => r()));
      await fs.chmod(runtimePath, 0o600);
      return `OK (${runtimePath})\n`;
    }
    if (action === 'stop') {
      if (!runtimeSocket) return 'not running\n';
      await closeRuntimeSocket();
      return 'OK\n';
    }
    return '';
  }

  async function handleRequest(buf: Buffer, via: 'tcp' | 'unix', sock: net.Socket): Promise<void> {
    let text: string;
    let cipher: 'aes-128-cbc' | 'aes-256-cbc' | null = null;
    let encrypted = false;
    if (buf.subarray(0, 3).toString('latin1').toLowerCase() === 'aes') {
      encrypted = hasKeys;
      const colon = buf.indexOf(0x3a);
      const name = colon >= 0 ? buf.subarray(0, colon).toString('latin1') : '';
      cipher = hasKeys ? cipherFor(name) : null;
      const sea = colon >= 0 ? buf.indexOf(':sea', colon + 1) : -1;
      try {
        if (!hasKeys || colon < 0 || colon >= 20 || sea < 0) throw new Error('bad envelope');
        text = aes('dec', cipher ?? 'aes-128-cbc', buf.subarray(colon + 1, sea)).toString('utf8');
      } catch {
        text = 'failed_aes_decrypt';
        if (hasKeys && !cipher) cipher = 'aes-128-cbc';
      }
    } else {
      text = buf.toString('utf8');
    }
    const cut = text.indexOf('\r\n\r\n');
    if (cut >= 0) text = text.slice(0, cut);
    text = text.split('\r')[0]!.split('\n')[0]!;
    if (!text) {
      sock.end();
      return;
    }
    if (Date.now() < restartUntil) {
      // Start-up / shutdown: accepted, then closed without a reply (as the real sniffer does).
      sock.end();
      return;
    }
    let name = text.split(/[ \t]/, 1)[0] ?? '';
    const line = text;
    sim.requests.push({ command: name, line, encrypted, via });
    let rest = text.slice(name.length);
    if (!KNOWN.includes(name)) {
      const fallback = KNOWN.find((k) => text.includes(k));
      if (fallback) {
        name = fallback;
        rest = '';
      } else name = '';
    }
    let wire: Buffer;
    if (!name) {
      wire = encode('command not found\n', cipher, line);
    } else if (via === 'tcp' && !encrypted && hasKeys && !o.enableUnencrypted && !NO_AES.has(name) && text !== 'failed_aes_decrypt') {
      wire = Buffer.from('need aes!\n'); // always plaintext
    } else if (name === 'failed_aes_decrypt') {
      wire = encode('failed aes decrypt!\n', cipher, line);
    } else if (name === 'manager_file') {
      wire = encode(await handleManagerFile(rest), cipher, line);
    } else {
      const cached = o.cacheReplies ? cache.get(`${encrypted}|${line}`) : undefined;
      if (cached && cached.gen === scenario.generation) wire = cached.wire;
      else {
        wire = encode(dispatch(name, rest), cipher, line);
        if (o.cacheReplies) cache.set(`${encrypted}|${line}`, { gen: scenario.generation, wire });
      }
    }
    if (override) wire = override;
    if (truncateAt !== null && wire.length > truncateAt) {
      sock.end(wire.subarray(0, truncateAt));
      return;
    }
    sock.end(wire);
  }

  function onConnection(sock: net.Socket, via: 'tcp' | 'unix'): void {
    sim.connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    if (Date.now() < restartUntil && restartMode === 'drop') {
      sock.resetAndDestroy();
      return;
    }
    const chunks: Buffer[] = [];
    let first = true;
    let done = false;
    let idle: NodeJS.Timeout | null = null;
    const complete = () => {
      if (done) return;
      done = true;
      if (idle) clearTimeout(idle);
      sock.removeAllListeners('data');
      void handleRequest(Buffer.concat(chunks), via, sock).catch(() => sock.destroy());
    };
    const armIdle = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(complete, idleMs);
    };
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      const buf = Buffer.concat(chunks);
      const startsAes = buf.subarray(0, 3).toString('latin1');
      if (first) {
        first = false;
        // manager_read_thread's first-chunk test: case-sensitive "aes" here.
        if ((startsAes === 'aes' && buf.includes(':sea')) || (startsAes !== 'aes' && buf.includes('\r\n\r\n'))) return complete();
      } else {
        // cManagerAes::existsEnd: case-insensitive "aes" here.
        if (startsAes.toLowerCase() === 'aes' ? buf.includes(':sea') : buf.includes('\r\n')) return complete();
      }
      armIdle();
    });
    sock.on('end', complete);
  }

  const servers: net.Server[] = [];
  if (o.tcp !== false) {
    const s = net.createServer({ allowHalfOpen: true }, (sock) => onConnection(sock, 'tcp'));
    await new Promise<void>((r, j) => s.listen(o.port ?? 0, '127.0.0.1', () => r()).once('error', j));
    sim.port = (s.address() as net.AddressInfo).port;
    servers.push(s);
  }
  if (o.socketPath) {
    await fs.unlink(o.socketPath).catch(() => {});
    const s = net.createServer({ allowHalfOpen: true }, (sock) => onConnection(sock, 'unix'));
    await new Promise<void>((r, j) => s.listen(o.socketPath, () => r()).once('error', j));
    await fs.chmod(o.socketPath, 0o600);
    servers.push(s);
  }
  return sim;
}
