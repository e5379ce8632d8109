import { BrowserWindow, clipboard, dialog, shell } from 'electron';
import type { Platform } from '../core/context';
import { alertsDesktop } from './alerts-desktop';

/** Electron implementations of the few things services need from the desktop. */
export function electronPlatform(getWindow: () => BrowserWindow | null): Platform {
  return {
    async openFile({ title, filters }) {
      const win = getWindow();
      const opts = { title, filters, properties: ['openFile' as const] };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async saveFile({ title, defaultName, filters }) {
      const win = getWindow();
      const opts = { title, defaultPath: defaultName, filters };
      const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async writeClipboard(text) {
      clipboard.writeText(text);
    },
    async openExternal(url) {
      // The URL was validated by core/external-url.ts before it got here (item 15).
      await shell.openExternal(url);
    },
    ...alertsDesktop(getWindow),
  };
}
