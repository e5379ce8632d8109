/**
 * Sandboxed preload (CommonJS, bundled): exposes only the named functions built from the IPC contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api';

const api = buildApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  on: (wireChannel, listener) => {
    // Strip the IpcRendererEvent: it would give the page `sender` (checklist item 20).
    const handler = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(wireChannel, handler);
    return () => {
      ipcRenderer.removeListener(wireChannel, handler);
    };
  },
});

contextBridge.exposeInMainWorld('callboard', api);
