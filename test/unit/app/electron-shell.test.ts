/**
 * The thin Electron shell, with electron mocked (its binary cannot be downloaded here): checks the
 * window's webPreferences and the app-wide guards the security checklist asks for.
 */
import { describe, expect, it, vi, beforeAll } from 'vitest';

type Listener = (...args: unknown[]) => void;
const appListeners = new Map<string, Listener>();
const created: { opts: Record<string, unknown>; loaded: string[] }[] = [];
let permissionHandler: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | null = null;
let permissionCheck: (() => boolean) | null = null;
let schemes: unknown[] = [];
let protocolHandler: ((req: { url: string }) => Promise<Response>) | null = null;
const ipcHandled: string[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { id: 1, on: () => {} };
    constructor(opts: Record<string, unknown>) {
      created.push({ opts, loaded: [] });
    }
    once() {}
    on() {}
    loadURL(u: string) {
      created.at(-1)?.loaded.push(u);
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      enableSandbox: vi.fn(),
      on: (ev: string, fn: Listener) => void appListeners.set(ev, fn),
      whenReady: () => Promise.resolve(),
      getPath: () => '/tmp/callboard-shell-test',
      getVersion: () => '0.1.0',
      quit: vi.fn(),
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void (schemes = s),
      handle: (_scheme: string, fn: (req: { url: string }) => Promise<Response>) => void (protocolHandler = fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof permissionHandler) => void (permissionHandler = fn),
        setPermissionCheckHandler: (fn: typeof permissionCheck) => void (permissionCheck = fn),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    ipcMain: { handle: (ch: string) => void ipcHandled.push(ch) },
    webContents: { fromId: () => null },
    dialog: {},
    clipboard: {},
    shell: { openExternal: vi.fn() },
  };
});

beforeAll(async () => {
  await import('../../../src-main/app/index');
  await new Promise((r) => setTimeout(r, 20));
});

describe('Electron shell', () => {
  it('creates the window with a locked-down renderer', () => {
    expect(created).toHaveLength(1);
    const wp = created[0]?.opts.webPreferences as Record<string, unknown>;
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false });
    expect(wp.devTools).toBe(false); // packaged build
    expect(String(wp.preload)).toMatch(/preload[\\/]index\.js$/);
    expect(created[0]?.loaded).toEqual(['app://callboard/index.html']); // custom protocol, not file://
  });

  it('registers app:// as a secure standard scheme and serves only the renderer folder', async () => {
    expect(schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    const miss = await protocolHandler?.({ url: 'app://callboard/../../../etc/passwd' });
    expect(miss?.status).toBe(404);
  });

  it('denies every permission request and check', () => {
    let granted: boolean | null = null;
    permissionHandler?.({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(permissionCheck?.()).toBe(false);
  });

  it('blocks navigation away from the app, new windows and webviews', () => {
    const handlers = new Map<string, Listener>();
    const hold: { open?: (d: { url: string }) => { action: string } } = {};
    const contents = { on: (ev: string, fn: Listener) => void handlers.set(ev, fn), setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => void (hold.open = fn) };
    appListeners.get('web-contents-created')?.({}, contents);
    const nav = { prevented: false, preventDefault() { this.prevented = true; } };
    handlers.get('will-navigate')?.(nav, 'https://evil.example/');
    expect(nav.prevented).toBe(true);
    const own = { prevented: false, preventDefault() { this.prevented = true; } };
    handlers.get('will-navigate')?.(own, 'app://callboard/index.html');
    expect(own.prevented).toBe(false);
    expect(hold.open?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const wv = { prevented: false, preventDefault() { this.prevented = true; } };
    handlers.get('will-attach-webview')?.(wv);
    expect(wv.prevented).toBe(true);
  });

  it('registers exactly the contract channels with ipcMain', async () => {
    const { channelNames } = await import('../../../src-main/ipc/contract');
    expect([...ipcHandled].sort()).toEqual([...channelNames].sort());
  });
});
