/**
 * What the renderer benchmarks share: the stand-in `window.callboard` they put in the page before the
 * app loads (canned replies, an event emitter `emit(event, payload)`, the bench sensor watched), so
 * they measure the renderer alone, independent of main and of how the IPC bridge is bundled; and the
 * median they report.
 */
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildRenderer, serveRenderer } from '../test/e2e/renderer-server';
import { backendOf, kindSummaries, profileCapabilities } from '../src-main/backends/registry';
import { profileSchema, secretNamesFor, type ProfileInput } from '../src-main/profiles/schema';

const RENDERER_OUT = path.resolve(__dirname, '..', 'out/renderer');

const SENSOR: ProfileInput = { id: 's1', name: 'Bench sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: 5029 }, cipher: 'none', pollIntervalSec: 1, timeoutMs: 5000 };

/**
 * A profile as `profiles:list` shows it, built by main's own code (schema, registry), so a stand-in
 * bridge cannot drift from the real reply (a missing `capabilities` once kept the Live view from rendering).
 */
export function profileView(input: ProfileInput) {
  const p = profileSchema.parse(input);
  return { profile: p, secrets: {}, needed: [...(backendOf(p.kind).neededSecrets?.(p) ?? secretNamesFor(p.kind))], capabilities: profileCapabilities(p) };
}

export interface StandInOptions {
  /** Canned replies by channel name (added to profiles:list, profiles:kinds and app:info). */
  replies?: Record<string, unknown>;
  /** The profiles the page lists; default one VoIPmonitor sensor "s1". */
  profiles?: ProfileInput[];
  /** Page-side statements run first for every call, with `ch` ("domain:verb") in scope; they may `return` a reply. */
  custom?: string;
}

/**
 * Page-side JavaScript (a statement list, to put inside the bench's own page script) that installs
 * the stand-in bridge and defines `emit`.
 */
export function standInBridge(o: StandInOptions = {}): string {
  const all = {
    'profiles:list': { profiles: (o.profiles ?? [SENSOR]).map(profileView) },
    'profiles:kinds': { kinds: kindSummaries() },
    'app:info': { version: 'bench', platform: 'linux', configDir: '/tmp', keychain: 'none' },
    ...o.replies,
  };
  return `
  const listeners = new Map();
  const replies = ${JSON.stringify(all)};
  const api = new Proxy({}, { get: (_t, domain) => domain === 'events'
    ? { on: (e, cb) => { if (!listeners.has(e)) listeners.set(e, new Set()); listeners.get(e).add(cb); return () => listeners.get(e).delete(cb); } }
    : new Proxy({}, { get: (_u, verb) => async () => {
        const ch = domain + ':' + verb;
        ${o.custom ?? ''}
        if (ch in replies) return { ok: true, value: replies[ch] };
        if (verb === 'subscribe' || verb === 'snapshot' || verb === 'unsubscribe' || verb === 'pause' || verb === 'resume') return { ok: true, value: { ok: true } };
        return { ok: false, error: { code: 'unsupported', message: 'not in the benchmark' } };
      } }) });
  window.callboard = api;
  window.localStorage.setItem('callboard.live.watched', JSON.stringify(['s1']));
  const emit = (e, p) => { for (const cb of listeners.get(e) || []) cb(p); };
`;
}

/**
 * The built renderer (rebuilt first) served on 127.0.0.1, in Debian's Chromium at 1440×900, with
 * `setup` run before the app. `close` stops the browser and the server (call it in a finally).
 */
export async function openBenchPage(setup: string): Promise<{ page: Page; close(): Promise<void> }> {
  buildRenderer();
  const { server, origin } = await serveRenderer(RENDERER_OUT);
  const browser = await chromium
    .launch({ executablePath: process.env.CALLBOARD_CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
    .catch((e: unknown) => {
      server.close();
      throw e;
    });
  const close = async () => {
    await browser.close().catch(() => undefined);
    await new Promise((r) => server.close(() => r(undefined)));
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: setup });
    await page.goto(`${origin}/index.html`);
    return { page, close };
  } catch (e) {
    await close();
    throw e;
  }
}
