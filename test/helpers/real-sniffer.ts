/**
 * The real VoIPmonitor sniffer (built from the public source, github.com/voipmonitor/sniffer) in a
 * throwaway loopback-only network namespace, through the kit's `run-in-netns.sh`
 * (docs/VOIPMONITOR.md, "Testing against the real sniffer").
 *
 * Two ways in:
 * - COMMAND mode (`scripts/test-real-sniffer.mjs` runs vitest inside the namespace): the tests,
 *   SIP traffic, a throwaway sshd and the client all share the namespace's 127.0.0.1, where the
 *   manager listens on TCP 5029. `realSnifferFromEnv()` reads what the wrapper passed.
 * - Service mode (`startRealSniffer()`): the wrapper runs in the background and the test process
 *   stays outside; the manager's unix socket and MariaDB's socket are filesystem objects reachable
 *   from here, the TCP port only through `exec()` (`ip netns exec`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

/** Key and IV the real-sniffer runs configure (base64 of 16 bytes each; test-only values). */
export const REAL_SNIFFER_AES = { keyB64: 'Y2FsbGJvYXJkLXJlYWwtc24=', ivB64: 'cmVhbC1zbmlmZmVyLWl2MDE=' } as const;

/** Config lines every run adds: registrations are only tracked with `sip-register = yes`. */
export const REAL_SNIFFER_CONF = ['sip-register = yes'] as const;
/** Two captures on `lo`: the only interface a loopback-only namespace has, listed twice. */
export const REAL_SNIFFER_INTERFACES = 'lo,lo';

export interface RealSnifferMysql {
  host: string | null;
  port: number | null;
  socket: string | null;
  user: string | null;
  password: string;
  db: string;
  mariadb_pid: number | null;
}

/** The wrapper's JSON line. */
export interface RealSnifferInfo {
  netns: string;
  pid: number;
  manager_ip: string;
  port: number;
  socket: string | null;
  aes: boolean;
  version: string;
  ready_s: number;
  workdir: string;
  config: string;
  log: string;
  spool: string;
  mysql: RealSnifferMysql | null;
}

function kitCandidates(): string[] {
  const out: string[] = [];
  const env = process.env['CALLBOARD_SNIFFER_KIT'];
  if (env) out.push(env);
  // The kit sits in a `shared` folder beside the checkout (or beside the folder of worktrees).
  let dir = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
  for (let i = 0; i < 4; i++) {
    out.push(path.join(path.dirname(dir), 'shared', 'voipmonitor-sniffer'));
    dir = path.dirname(dir);
  }
  return out;
}

/** Folder holding `run-in-netns.sh` and the `voipmonitor` binary, or null. */
export function snifferKitDir(): string | null {
  for (const d of kitCandidates()) if (existsSync(path.join(d, 'run-in-netns.sh')) && existsSync(path.join(d, 'voipmonitor'))) return d;
  return null;
}

/** Why the real sniffer cannot run here, or null when it can. */
export function realSnifferUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'the real sniffer runs on Linux only';
  const kit = snifferKitDir();
  if (!kit) return 'the VoIPmonitor sniffer kit (run-in-netns.sh + voipmonitor) was not found; set CALLBOARD_SNIFFER_KIT to its folder';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return `network namespaces need root (running as uid ${process.getuid()})`;
  const ip = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (ip.error || ip.status !== 0) return `'ip netns' does not work here (${ip.error ? ip.error.message : ip.stderr.trim() || `exit ${ip.status}`}); install iproute2 and run as root with CAP_SYS_ADMIN + CAP_NET_ADMIN`;
  return null;
}

/** Inside a COMMAND-mode run: the wrapper's info, or null when not inside one. */
export function realSnifferFromEnv(): RealSnifferInfo | null {
  const raw = process.env['VM_INFO'];
  if (!raw) return null;
  return JSON.parse(raw) as RealSnifferInfo;
}

export interface RealSnifferOptions {
  aes?: { keyB64: string; ivB64: string } | null;
  mariadb?: boolean;
  interfaces?: string;
  sipPorts?: string;
  /** Extra `key = value` config lines. */
  conf?: string[];
  workdir?: string;
}

/** Arguments for `run-in-netns.sh` (both modes). */
export function realSnifferArgs(o: RealSnifferOptions = {}): string[] {
  const args: string[] = ['--interface', o.interfaces ?? REAL_SNIFFER_INTERFACES];
  if (o.sipPorts) args.push('--sipport', o.sipPorts);
  const aes = o.aes === undefined ? REAL_SNIFFER_AES : o.aes;
  if (aes) args.push('--aes-key', aes.keyB64, '--aes-iv', aes.ivB64);
  if (o.mariadb) args.push('--mariadb', '--conf', 'quick_save_cdr = quick', '--conf', 'query_cache = no');
  for (const l of [...REAL_SNIFFER_CONF, ...(o.conf ?? [])]) args.push('--conf', l);
  if (o.workdir) args.push('--workdir', o.workdir);
  return args;
}

export interface RealSniffer {
  info: RealSnifferInfo;
  /** Runs a program inside the namespace (where 127.0.0.1:5029 is the manager). */
  exec(cmd: string, args: string[], input?: string | Buffer): { status: number | null; stdout: Buffer; stderr: string };
  /** The sniffer's log so far (for failure messages). */
  log(): string;
  /** SIGTERM to the wrapper; it stops the sniffer (and MariaDB) by PID and deletes the namespace. */
  stop(): Promise<void>;
}

/** Service mode: starts the wrapper in the background and waits for its JSON line. */
export async function startRealSniffer(o: RealSnifferOptions = {}): Promise<RealSniffer> {
  const why = realSnifferUnavailableReason();
  if (why) throw new Error(`The real sniffer cannot run here: ${why}.`);
  const kit = snifferKitDir() as string;
  let stderr = '';
  const child: ChildProcess = spawn(path.join(kit, 'run-in-netns.sh'), realSnifferArgs(o), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 100_000) stderr += d.toString('utf8');
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`run-in-netns.sh exited with ${code} before the sniffer was ready: ${stderr.slice(-1500)}`)));
  });
  const info = JSON.parse(line) as RealSnifferInfo;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    info,
    exec(cmd, args, input) {
      const r = spawnSync('ip', ['netns', 'exec', info.netns, cmd, ...args], { input, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      return { status: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8') };
    },
    log: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A clean sniffer stop takes 3-7 s; MariaDB after it.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 90_000))]);
    },
  };
}
