// The VoIPmonitor conformance and call-history tests against the real sniffer (docs/VOIPMONITOR.md, "Testing against the
// real sniffer"): starts the sniffer kit's run-in-netns.sh in COMMAND mode and runs vitest inside the
// loopback-only namespace, where the manager's TCP port exists. Needs Linux, root and `ip netns`; without
// them it says why and exits 0, except in CI (CI=true), where it fails: the conformance tests must run there.
// It runs twice: the sniffer's defaults for every file, then a sniffer with `active_call_info = yes` for
// test/real-sniffer/sip-ladder.active-call-info.test.ts (the SIP ladder needs that option).
// Usage: node scripts/test-real-sniffer.mjs [vitest options...] [test files...]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ci = process.env.CI === 'true';

function kitDir() {
  const c = [];
  if (process.env.CALLBOARD_SNIFFER_KIT) c.push(process.env.CALLBOARD_SNIFFER_KIT);
  let d = root;
  for (let i = 0; i < 4; i++) {
    c.push(path.join(path.dirname(d), 'shared', 'voipmonitor-sniffer'));
    d = path.dirname(d);
  }
  return c.find((x) => existsSync(path.join(x, 'run-in-netns.sh')) && existsSync(path.join(x, 'voipmonitor'))) ?? null;
}

function unavailable() {
  if (process.platform !== 'linux') return 'the real sniffer runs on Linux only';
  const kit = kitDir();
  if (!kit) return 'the VoIPmonitor sniffer kit (run-in-netns.sh + voipmonitor) was not found; set CALLBOARD_SNIFFER_KIT to its folder';
  if (process.getuid && process.getuid() !== 0) return `network namespaces need root, and this runs as uid ${process.getuid()}`;
  const ip = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (ip.error || ip.status !== 0) return `'ip netns' does not work here (${ip.error ? ip.error.message : ip.stderr.trim() || `exit ${ip.status}`}); install iproute2`;
  for (const tool of ['/usr/sbin/sshd', '/usr/bin/nc']) if (!existsSync(tool)) return `${tool} is missing (apt-get install openssh-server netcat-openbsd)`;
  for (const tool of ['/usr/sbin/mariadbd', '/usr/bin/mariadb']) if (!existsSync(tool)) return `${tool} is missing (apt-get install mariadb-server mariadb-client)`;
  return null;
}

const why = unavailable();
if (why) {
  const msg = `Real-sniffer conformance tests cannot run: ${why}.`;
  if (ci) {
    process.stderr.write(`${msg}\nCI=true: these tests must run in CI (root, iproute2, the sniffer kit and its apt runtime packages).\n`);
    process.exit(1);
  }
  process.stdout.write(`${msg}\nSkipped here; CI runs them as root.\n`);
  process.exit(0);
}

// Kept in step with test/helpers/real-sniffer.ts (REAL_SNIFFER_AES, REAL_SNIFFER_CONF, REAL_SNIFFER_INTERFACES).
const base = ['--interface', 'lo,lo', '--conf', 'sip-register = yes', '--aes-key', 'Y2FsbGJvYXJkLXJlYWwtc24=', '--aes-iv', 'cmVhbC1zbmlmZmVyLWl2MDE='];
const vitest = ['--', 'npx', 'vitest', 'run', '-c', 'vitest.real-sniffer.config.ts'];
const explain = { 3: 'network namespaces are not permitted here', 4: 'a tool or the sniffer binary is missing', 5: 'the sniffer did not come up (see its log above)', 6: 'the sniffer exited by itself' };

function pass(args) {
  const r = spawnSync(path.join(kitDir(), 'run-in-netns.sh'), args, { stdio: 'inherit', cwd: root });
  if (r.error) {
    process.stderr.write(`run-in-netns.sh could not start: ${r.error.message}\n`);
    return 1;
  }
  if (r.status !== 0 && explain[r.status]) process.stderr.write(`run-in-netns.sh: ${explain[r.status]} (exit ${r.status}).\n`);
  return r.status ?? 1;
}

const extra = process.argv.slice(2);
const files = extra.filter((a) => !a.startsWith('-'));
const options = extra.filter((a) => a.startsWith('-'));
const ON_FILE = 'test/real-sniffer/sip-ladder.active-call-info.test.ts';
// Pass 1: the sniffer's defaults (active_call_info off), every file but the one that needs the option.
// The call-history tests read the CDRs the sniffer writes into its own MariaDB (quick saves: rows within
// seconds of the BYE instead of tens of seconds).
const firstFiles = files.filter((f) => !f.includes('active-call-info'));
const first = files.length && !firstFiles.length ? 0 : pass([...base, '--mariadb', '--conf', 'quick_save_cdr = quick', '--conf', 'query_cache = no', ...vitest, '--exclude', ON_FILE, ...options, ...firstFiles]);
// Pass 2: a sniffer that keeps each live call's SIP packets (active_call_info = yes) for the SIP ladder
// file that needs it. Its JSON report goes beside pass 1's (test-all.mjs reads both).
const secondFiles = files.length ? files.filter((f) => f.includes('active-call-info')) : [ON_FILE];
const secondOptions = options.map((o) => o.replace(/^(--outputFile\.json=)(.+?)(\.json)?$/, '$1$2-active-call-info.json'));
const second = secondFiles.length ? pass([...base, '--conf', 'active_call_info = yes', ...vitest, ...secondOptions, ...secondFiles]) : 0;
process.exit(first !== 0 ? first : second);
