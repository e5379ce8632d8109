/**
 * Contract test of the preload (Podman Desktop style): mock electron, load the real preload, and check
 * that exactly one object is exposed, that each contract channel becomes a named function invoking
 * that channel, and that event listeners never see the IpcRendererEvent.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, eventNames } from '../../../src-main/ipc/contract';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (ch: string, p: unknown) => {
      invoked.push([ch, p]);
      return { ok: true, value: ch };
    },
    on: (ch: string, fn: (e: unknown, p: unknown) => void) => void listeners.set(ch, fn),
    removeListener: (ch: string) => void listeners.delete(ch),
    send: () => {
      throw new Error('send must not be used');
    },
  },
}));

type Api = Record<string, Record<string, (req?: unknown) => Promise<unknown>>> & {
  events: { on(e: string, cb: (p: unknown) => void): () => void };
};

beforeAll(async () => {
  await import('../../../src-main/preload/index');
});

describe('preload', () => {
  it('exposes one object, window.callboard, and nothing that is ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['callboard']);
    const api = exposed.callboard as Api;
    expect(Object.keys(api)).not.toContain('ipcRenderer');
    expect(Object.keys(api)).not.toContain('invoke');
    expect(Object.keys(api)).not.toContain('send');
  });

  it('maps every contract channel to a named function that invokes exactly that channel', async () => {
    const api = exposed.callboard as Api;
    for (const ch of channelNames) {
      const [domain, verb] = ch.split(':') as [string, string];
      const fn = api[domain]?.[verb];
      expect(typeof fn, ch).toBe('function');
      const r = await fn?.({ probe: ch });
      expect(r).toEqual({ ok: true, value: ch });
      expect(invoked.at(-1)).toEqual([ch, { probe: ch }]);
    }
  });

  it('passes only the payload to event listeners and can unsubscribe', () => {
    const api = exposed.callboard as Api;
    const got: unknown[] = [];
    const ev = eventNames[0] as string;
    const off = api.events.on(ev, (...args: unknown[]) => got.push(args));
    listeners.get(`event:${ev}`)?.({ sender: 'IpcRendererEvent with sender' }, { reason: 'x' });
    expect(got).toEqual([[{ reason: 'x' }]]);
    off();
    expect(listeners.has(`event:${ev}`)).toBe(false);
  });

  it('refuses to subscribe to anything that is not a declared event', () => {
    const api = exposed.callboard as Api;
    expect(() => api.events.on('profiles:list', () => {})).toThrow(/Unknown event/);
    expect(() => api.events.on('ipc-message', () => {})).toThrow(/Unknown event/);
  });
});
