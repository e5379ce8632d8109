/**
 * What the renderer benchmarks share: the stand-in `window.callboard` they put in the page before the
 * app loads (canned replies, an event emitter `emit(event, payload)`, the bench sensor watched), so
 * they measure the renderer alone, independent of main and of how the IPC bridge is bundled; and the
 * median they report.
 */
import path from 'node:path';

export const RENDERER_OUT = path.resolve(__dirname, '..', 'out/renderer');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const SENSOR = {
  profile: { id: 's1', name: 'Bench sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: 5029 }, cipher: 'none', pollIntervalSec: 1, timeoutMs: 5000 },
  secrets: {},
  needed: [],
  capabilities: ['liveCalls', 'callDetail', 'health', 'registrations'],
};

/**
 * Page-side JavaScript (a statement list, to put inside the bench's own page script) that installs
 * the stand-in bridge and defines `emit`. `replies` adds canned replies by channel name.
 */
export function standInBridge(replies: Record<string, unknown> = {}): string {
  const all = { 'profiles:list': { profiles: [SENSOR] }, 'profiles:kinds': { kinds: [] }, 'app:info': { version: 'bench', platform: 'linux', configDir: '/tmp', keychain: 'none' }, ...replies };
  return `
  const listeners = new Map();
  const replies = ${JSON.stringify(all)};
  const api = new Proxy({}, { get: (_t, domain) => domain === 'events'
    ? { on: (e, cb) => { if (!listeners.has(e)) listeners.set(e, new Set()); listeners.get(e).add(cb); return () => listeners.get(e).delete(cb); } }
    : new Proxy({}, { get: (_u, verb) => async () => {
        const ch = domain + ':' + verb;
        if (ch in replies) return { ok: true, value: replies[ch] };
        if (verb === 'subscribe' || verb === 'snapshot' || verb === 'unsubscribe' || verb === 'pause' || verb === 'resume') return { ok: true, value: { ok: true } };
        return { ok: false, error: { code: 'unsupported', message: 'not in the benchmark' } };
      } }) });
  window.callboard = api;
  window.localStorage.setItem('callboard.live.watched', JSON.stringify(['s1']));
  const emit = (e, p) => { for (const cb of listeners.get(e) || []) cb(p); };
`;
}
