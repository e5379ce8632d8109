import { BrowserWindow, clipboard, dialog, shell } from 'electron';
import type { Platform } from '../core/context';
import { alertsDesktop } from './alerts-desktop';
import { confirmDetail, dialogSafe } from '../core/confirm';

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
    async confirm(req) {
      // Shown by main, modal on the main window: the renderer can neither draw nor click it. Cancel is
      // button 0, the default (Enter) and the Escape answer, so a stray key press never confirms.
      const win = getWindow();
      const opts = {
        type: 'warning' as const,
        title: dialogSafe(req.title),
        message: dialogSafe(req.title),
        detail: `${dialogSafe(req.message)}\n\n${confirmDetail(req)}`,
        buttons: ['Cancel', dialogSafe(req.confirmLabel)],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const r = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
      return r.response === 1;
    },
  };
}
