/**
 * End-to-end harness: the BUILT renderer (out/renderer) in Debian's Chromium, driven by Playwright,
 * talking to the REAL IPC router, handlers and services running in this Node process.
 *
 * How the page reaches main: there is no Electron here, so `window.callboard` is built by the same
 * buildApi() as the real preload (test/e2e/page/bridge-entry.ts) and its transport is a Playwright
 * binding (page.exposeBinding → CDP, no network at all, so the page's CSP `connect-src 'none'` stays
 * on). The router checks the calling frame's URL exactly as in the app (origin = this test server).
 * This bridge exists only in test/; the shipped app never contains it.
 *
 * API:
 *   const app = await launchApp({ secrets?, platform?, configDir? })
 *   app.page            Playwright Page, already on the app
 *   app.ctx             the AppContext (profiles store in a temp dir, real keychain by default)
 *   app.messages        every message that crossed the bridge: {dir:'invoke'|'reply'|'event', channel, payload}
 *   app.clipboard       what main wrote to the clipboard (Platform.writeClipboard), newest last
 *   app.nextSavePath / app.nextOpenPath   paths the fake save/open dialogs will return (null = cancel)
 *   app.opened          URLs main handed to openExternal
 *   app.confirmations / app.confirmAnswers   main's confirmation dialogs and the answers to give (default Cancel)
 *   app.screenshot(name)  saves test-results/<name>.png
 *   await app.close()
 */
import { promises as fs, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { createRouter, type Router } from '../../src-main/ipc/router';
import { createHandlers } from '../../src-main/ipc/handlers';
import { createAppContext } from '../../src-main/services/create-context';
import type { AppContext, Platform } from '../../src-main/core/context';
import { KeytarSecretStore, type SecretStore } from '../../src-main/secrets/keychain';
import type { ConfirmRequest } from '../../src-main/core/confirm';
import { ROOT, RENDERER_DIR, serveRenderer } from './renderer-server';

const BRIDGE_BUNDLE = path.join(ROOT, 'out/e2e/bridge.js');
export const CHROMIUM = process.env.CALLBOARD_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BridgeMessage {
  dir: 'invoke' | 'reply' | 'event';
  channel: string;
  payload: unknown;
}

export interface AppHarness {
  page: Page;
  browser: Browser;
  ctx: AppContext;
  router: Router;
  url: string;
  messages: BridgeMessage[];
  clipboard: string[];
  opened: string[];
  nextSavePath: string | null;
  nextOpenPath: string | null;
  /** Every confirmation dialog main showed (Platform.confirm), oldest first. */
  confirmations: ConfirmRequest[];
  /** The operator's answers to main's dialogs, consumed in order; when empty: Cancel. */
  confirmAnswers: boolean[];
  /** Everything that crossed the bridge, as one string (for canary searches). */
  transcript(): string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

let bridgeBuilt: Promise<string> | null = null;
/**
 * Bundles bridge-entry.ts (and with it the real preload api.ts) into one classic script, once per
 * process, in a child process (scripts/build-e2e-bridge.mjs): vite's bundler must not run inside a TS
 * loader such as tsx.
 */
export function bridgeScript(): Promise<string> {
  bridgeBuilt ??= (async () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-e2e-bridge.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`building the E2E bridge failed: ${r.stderr || r.stdout}`);
    return fs.readFile(BRIDGE_BUNDLE, 'utf8');
  })();
  return bridgeBuilt;
}


export interface LaunchOptions {
  secrets?: SecretStore;
  configDir?: string;
  platform?: Partial<Platform>;
  now?: () => number;
  /** Runs after the context exists and before the page loads (seed profiles, start pollers…). */
  beforeLoad?: (ctx: AppContext) => Promise<void>;
  /** Show the browser window (npm run demo on a desktop without Electron). Default: headless. */
  headless?: boolean;
}

export function haveChromium(): boolean {
  return existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));
}

/** A keychain service name unique to this run, so tests never touch an operator's real entries. */
export function testKeychain(): KeytarSecretStore {
  return new KeytarSecretStore(`Callboard-e2e-${process.pid}-${randomBytes(3).toString('hex')}`);
}

export async function launchApp(opts: LaunchOptions = {}): Promise<AppHarness> {
  const configDir = opts.configDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'callboard-e2e-')));
  const messages: BridgeMessage[] = [];
  const clipboard: string[] = [];
  const opened: string[] = [];
  const harness = { nextSavePath: null as string | null, nextOpenPath: null as string | null };
  const confirmations: ConfirmRequest[] = [];
  const confirmAnswers: boolean[] = [];
  const platform: Platform = {
    openFile: async () => harness.nextOpenPath,
    saveFile: async () => harness.nextSavePath,
    writeClipboard: async (t) => {
      clipboard.push(t);
    },
    openExternal: async (u) => {
      opened.push(u);
    },
    // Main's own dialog, played by the test: Cancel unless the test queued a yes.
    confirm: async (req) => {
      confirmations.push(req);
      return confirmAnswers.shift() ?? false;
    },
    ...opts.platform,
  };
  const ctx = createAppContext({ configDir, platform, appVersion: '0.0.0-e2e', secrets: opts.secrets ?? testKeychain(), ...(opts.now ? { now: opts.now } : {}) });
  if (opts.beforeLoad) await opts.beforeLoad(ctx);

  const { server, origin } = await serveRenderer();
  const headless = opts.headless ?? true;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'), headless });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  let pageRef: Page | null = page;

  const router = createRouter({
    handlers: createHandlers(ctx),
    isTrustedUrl: (url) => {
      try {
        return new URL(url).origin === origin;
      } catch {
        return false;
      }
    },
    emit: (_id, wire, payload) => {
      messages.push({ dir: 'event', channel: wire, payload });
      void pageRef?.evaluate(([w, p]) => (globalThis as unknown as { __callboardEmit?: (w: string, p: unknown) => void }).__callboardEmit?.(w, p), [wire, payload] as const).catch(() => undefined);
    },
  });

  await page.exposeBinding('__callboardInvoke', async (source, channel: string, payload: unknown) => {
    messages.push({ dir: 'invoke', channel, payload });
    const reply = await router.handle(channel, { url: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame(), id: 1 }, payload);
    messages.push({ dir: 'reply', channel, payload: reply });
    return reply;
  });
  await page.addInitScript({ content: await bridgeScript() });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${origin}/index.html`);

  return {
    page,
    browser,
    ctx,
    router,
    url: origin,
    messages,
    clipboard,
    opened,
    confirmations,
    confirmAnswers,
    get nextSavePath() {
      return harness.nextSavePath;
    },
    set nextSavePath(v) {
      harness.nextSavePath = v;
    },
    get nextOpenPath() {
      return harness.nextOpenPath;
    },
    set nextOpenPath(v) {
      harness.nextOpenPath = v;
    },
    transcript: () => JSON.stringify(messages),
    async screenshot(name) {
      const dir = path.join(ROOT, 'test-results');
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      pageRef = null;
      await browser.close().catch(() => undefined);
      await new Promise((r) => server.close(() => r(undefined)));
      if (!opts.configDir) await fs.rm(configDir, { recursive: true, force: true });
      if (pageErrors.length) throw new Error(`The page threw: ${pageErrors.join(' | ')}`);
    },
  };
}
