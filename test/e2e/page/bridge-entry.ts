/**
 * Runs inside the test page instead of the Electron preload: the SAME buildApi() as the real preload,
 * with a transport that goes through Playwright's exposeBinding to the real router in Node.
 */
import { buildApi } from '../../../src-main/preload/api';
import type { Envelope } from '../../../src-main/ipc/contract';

type Listener = (payload: unknown) => void;
interface BridgeWindow {
  __callboardInvoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  __callboardEmit?: (wire: string, payload: unknown) => void;
  callboard?: unknown;
}
const w = globalThis as unknown as BridgeWindow;
const listeners = new Map<string, Set<Listener>>();

w.__callboardEmit = (wire, payload) => {
  for (const l of listeners.get(wire) ?? []) l(payload);
};

w.callboard = buildApi({
  invoke: (channel, payload) => w.__callboardInvoke(channel, payload),
  on: (wire, listener) => {
    let set = listeners.get(wire);
    if (!set) listeners.set(wire, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});
