import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { channelNames } from '../ipc/contract';
import { createRouter, type Router } from '../ipc/router';
import { createHandlers } from '../ipc/handlers';
import type { AppContext } from '../core/context';
import { isAppUrl } from './policy';

/**
 * Wires every contract channel to the router. The router (plain Node, unit-tested) does the checks;
 * this file only extracts the sender facts Electron knows (item 17).
 */
export function registerIpc(ctx: AppContext, devServerUrl: string | undefined): Router {
  const router = createRouter({
    handlers: createHandlers(ctx),
    isTrustedUrl: (url) => isAppUrl(url, devServerUrl),
    emit: (senderId, wireChannel, payload) => {
      const wc = webContents.fromId(senderId);
      if (wc && !wc.isDestroyed()) wc.send(wireChannel, payload);
    },
  });
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      return router.handle(channel, { url: frame?.url ?? '', isMainFrame: frame !== null && frame.parent === null, id: event.sender.id }, payload);
    });
  }
  return router;
}
