/**
 * `npm run demo`: starts the protocol simulators on 127.0.0.1 (two VoIPmonitor sensors with AES, a UCM
 * with 20,000 CDRs, a Wildix PBX with 5,000 history records) and, where Kamailio is installed, a real
 * Kamailio proxy with SIP phones calling through it (test/helpers/kamailio.ts), writes a demo profile set into
 * .callboard-demo/, stores the demo secrets in the OS keychain under the service "Callboard-demo" (never
 * "Callboard"), and opens the console:
 *  - in Electron when its binary is available (a normal desktop after `npm install`);
 *  - otherwise in Chromium through the test bridge (visible when there is a display, else headless with a
 *    screenshot in .callboard-demo/), with the CLI ready to use against the same simulators.
 * Flags: --once (start, take a screenshot, stop: a smoke test), --browser (skip Electron).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startVoipmonitorSim, demoSensors, DEMO_AES, type VoipmonitorSim } from '../test/sims/voipmonitor';
import { startUcmSim, makeSimCert } from '../test/sims/ucm/sim';
import { generateUcmCdrs } from '../test/sims/ucm/seed';
import { startWildixSim, generateWildixSeed, WILDIX_DEFAULT_APP } from '../test/sims/wildix/server';
import { demoKamailioTraffic, kamailioUnavailableReason, startKamailio } from '../test/helpers/kamailio';
import { KeytarSecretStore } from '../src-main/secrets/keychain';
import { ProfileStore } from '../src-main/profiles/store';
import type { ProfileInput } from '../src-main/profiles/schema';

const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, '.callboard-demo');
const SERVICE = 'Callboard-demo';
const once = process.argv.includes('--once');
const browserOnly = process.argv.includes('--browser') || once;

function electronBinary(): string | null {
  try {
    const req = createRequire(__filename);
    const pkgDir = path.dirname(req.resolve('electron/package.json'));
    const rel = existsSync(path.join(pkgDir, 'path.txt')) ? readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() : null;
    const bin = rel ? path.join(pkgDir, 'dist', rel) : null;
    return bin && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  await fs.mkdir(DIR, { recursive: true });
  console.log('Starting simulators on 127.0.0.1 …');
  const sensors: { id: string; name: string; sim: VoipmonitorSim }[] = [];
  for (const s of demoSensors()) {
    const sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: s.count, seed: s.seed, degradeRatio: s.degradeRatio, startTime: Math.floor(Date.now() / 1000) }, realTime: true, activeCallInfo: s.activeCallInfo });
    sensors.push({ id: s.id, name: s.name, sim });
  }
  const ucm = await startUcmSim({ cdrs: generateUcmCdrs({ count: 20_000, seed: 1 }), cert: await makeSimCert('UCM6304-demo') });
  const wildix = await startWildixSim({ seed: generateWildixSeed({ historyCount: 5000 }) });
  const kamailioWhy = kamailioUnavailableReason();
  const kamailio = kamailioWhy ? null : await startKamailio({ user: 'callboard' });
  const kamailioTraffic = kamailio ? await demoKamailioTraffic(kamailio) : null;
  if (kamailioWhy) console.log(`No Kamailio proxy in this demo: ${kamailioWhy}.`);

  const profiles: ProfileInput[] = [
    ...sensors.map((s) => ({ id: s.id, name: s.name, kind: 'voipmonitor' as const, transport: { type: 'tcp' as const, host: '127.0.0.1', port: s.sim.port }, cipher: 'aes-128-cbc' as const, pollIntervalSec: 2, sipvaultProfileId: 'vault' })),
    { id: 'ucm-hq', name: 'UCM HQ (simulated)', kind: 'ucm', baseUrl: ucm.url, user: 'cdrapi', tlsCertSha256: ucm.fingerprint, operatorExtension: '1000', dialPolicy: { defaultCountry: 'GB' }, sipvaultProfileId: 'vault' },
    { id: 'wildix', name: 'Wildix (simulated)', kind: 'wildix', baseUrl: wildix.url, auth: 's2s', appId: WILDIX_DEFAULT_APP.id, appName: WILDIX_DEFAULT_APP.name, tlsCertSha256: wildix.fingerprint256, operatorExtension: '201', sipvaultProfileId: 'vault' },
    { id: 'vault', name: 'SIP VAULT (demo)', kind: 'sipvault', baseUrl: 'https://sipvault.example.com', customerId: 'demo' },
    ...(kamailio ? [{ id: 'edge-proxy', name: 'Kamailio edge proxy (real)', kind: 'kamailio' as const, rpcUrl: kamailio.rpcUrl, user: kamailio.user, tlsCertSha256: kamailio.certFingerprint, sipvaultProfileId: 'vault' }] : []),
  ];
  // The demo folder is ours: rewrite it each run (new ports, new certificate).
  await fs.rm(path.join(DIR, 'profiles.json'), { force: true });
  const store = new ProfileStore(DIR);
  for (const p of profiles) await store.upsert(p);

  const secrets = new KeytarSecretStore(SERVICE);
  try {
    for (const s of sensors) {
      await secrets.set(s.id, 'aesKey', DEMO_AES.keyB64);
      await secrets.set(s.id, 'aesIv', DEMO_AES.ivB64);
    }
    await secrets.set('ucm-hq', 'password', 'cdrapi123');
    await secrets.set('wildix', 'appSecret', WILDIX_DEFAULT_APP.secret);
    await secrets.set('vault', 'hmacSecret', 'demo-vault-secret');
    if (kamailio) await secrets.set('edge-proxy', 'rpcPassword', kamailio.password);
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : String(e)}\nOn a headless Linux box run the demo inside a private keyring: bash scripts/with-keyring.sh npm run demo\n`);
    process.exitCode = 2;
    return stopAll();
  }

  const env = { ...process.env, CALLBOARD_CONFIG_DIR: DIR, CALLBOARD_KEYCHAIN_SERVICE: SERVICE };
  console.log(`\nDemo profiles: ${DIR}/profiles.json (secrets in the keychain service "${SERVICE}")`);
  console.log('Try the CLI against the same simulators:');
  console.log(`  CALLBOARD_CONFIG_DIR=${DIR} CALLBOARD_KEYCHAIN_SERVICE=${SERVICE} npx callboard calls hq-sensor`);
  console.log(`  CALLBOARD_CONFIG_DIR=${DIR} CALLBOARD_KEYCHAIN_SERVICE=${SERVICE} npx callboard cdr ucm-hq --from 2020-01-01T00:00 --to 2030-01-01T00:00 --limit 20`);

  const electron = browserOnly ? null : electronBinary();
  if (electron) {
    if (!existsSync(path.join(ROOT, 'out/main/index.js'))) await run('npx', ['electron-vite', 'build']);
    console.log('\nOpening Callboard (Electron). Close the window to stop the demo.');
    const child = spawn(electron, [ROOT], { stdio: 'inherit', env });
    await new Promise((r) => child.on('exit', r));
    return stopAll();
  }

  if (!existsSync(path.join(ROOT, 'out/renderer/index.html'))) await run('npx', ['electron-vite', 'build']);
  const { launchApp } = await import('../test/e2e/harness');
  const visible = !once && Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  console.log(`\nElectron's binary is not available here: opening the console in Chromium through the test bridge (${visible ? 'window' : 'headless'}).`);
  const app = await launchApp({ configDir: DIR, secrets, headless: !visible });
  // Watch every demo sensor and the UCM from the start, as an operator would have it configured.
  await app.page.evaluate((ids) => globalThis.localStorage.setItem('callboard.live.watched', JSON.stringify(ids)), [...sensors.map((s) => s.id), 'ucm-hq', ...(kamailio ? ['edge-proxy'] : [])]);
  await app.page.reload();
  await app.page.waitForTimeout(5000);
  const shot = path.join(DIR, 'screenshot.png');
  await app.page.screenshot({ path: shot });
  console.log(`Screenshot: ${shot}`);
  if (once) {
    await app.close();
    return stopAll();
  }
  console.log('Press Ctrl+C to stop the demo.');
  await new Promise<void>((r) => process.once('SIGINT', () => r()));
  await app.close().catch(() => undefined);
  return stopAll();

  async function stopAll(): Promise<void> {
    await kamailioTraffic?.close();
    await Promise.allSettled([...sensors.map((s) => s.sim.stop()), ucm.stop(), wildix.stop(), kamailio?.stop()]);
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT });
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${code})`))));
  });
}

void main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
