// `npm test`: everything, in the order a failure is cheapest to find. Fails on the first failing step.
// typecheck → lint → build (app + CLI) → Electronegativity gate → vitest (unit + integration, real
// keychain) → real VoIPmonitor sniffer (network namespace) → end-to-end (built renderer in Debian Chromium, real keychain).
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';

const isLinux = process.platform === 'linux';
const keyring = isLinux ? ['bash', 'scripts/with-keyring.sh'] : [];
mkdirSync('test-results', { recursive: true });

const steps = [
  ['typecheck', ['npx', 'tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (renderer)', ['npx', 'tsc', '-p', 'tsconfig.web.json', '--noEmit']],
  ['typecheck (e2e)', ['npx', 'tsc', '-p', 'tsconfig.e2e.json', '--noEmit']],
  ['lint', ['npx', 'eslint', '--max-warnings', '0', '.']],
  ['build', ['npx', 'electron-vite', 'build']],
  ['build CLI', ['node', 'scripts/build-cli.mjs']],
  ['security gate (Electronegativity)', ['node', 'scripts/electronegativity-gate.mjs']],
  ['unit + integration', [...keyring, 'npx', 'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']],
  // Inside a loopback-only network namespace with the real VoIPmonitor sniffer; needs root (says why otherwise, fails in CI).
  ['real VoIPmonitor sniffer (network namespace)', ['node', 'scripts/test-real-sniffer.mjs', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/real-sniffer.json']],
  ['end-to-end (Chromium)', [...keyring, 'npx', 'vitest', 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/e2e.json']],
];

const only = process.argv.slice(2);
let failed = null;
for (const [name, cmd] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const t0 = Date.now();
  process.stdout.write(`\n=== ${name}: ${cmd.join(' ')}\n`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(`=== ${name}: FAILED (exit ${r.status ?? r.signal}) after ${secs} s\n`);
    failed = name;
    break;
  }
  process.stdout.write(`=== ${name}: ok (${secs} s)\n`);
}

let passed = 0, fail = 0, skipped = 0;
for (const f of ['test-results/vitest.json', 'test-results/real-sniffer.json', 'test-results/real-sniffer-active-call-info.json', 'test-results/e2e.json']) {
  if (!existsSync(f)) continue;
  try {
    const j = JSON.parse(readFileSync(f, 'utf8'));
    passed += j.numPassedTests ?? 0;
    fail += j.numFailedTests ?? 0;
    skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  } catch {
    /* a step that crashed before writing its report already failed the run */
  }
}
if (failed && fail === 0) fail = 1; // a failed non-test step counts as a failure
process.stdout.write(`\ntests: ${passed} passed, ${fail} failed, ${skipped} skipped\n`);
process.exit(failed ? 1 : 0);
