/**
 * Electron main entry: deliberately thin. Everything it calls is plain Node code tested without
 * Electron; this file only connects it to the desktop (window, protocol, dialogs, keychain).
 */
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createAppContext, resolveConfigDir } from '../services/create-context';
import { registerAppScheme, handleAppProtocol } from './protocol';
import { installHardening } from './hardening';
import { createMainWindow } from './window';
import { electronPlatform } from './platform';
import { registerIpc } from './ipc';
import { onShutdown, shutdownServices } from '../services/shutdown';
import { releaseLiveSubscriber, stopAllLive } from '../ipc/handlers/live';
import { releaseAlertSubscriber } from '../ipc/handlers/alerts';
import { watchServiceFor } from '../services/watch/service';
import { releaseKpiSubscriber } from '../ipc/handlers/kpi';

// Dev server only in unpackaged runs started by electron-vite.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

function configDirFlag(): string | undefined {
  const i = process.argv.findIndex((a) => a === '--config-dir' || a.startsWith('--config-dir='));
  if (i < 0) return undefined;
  const a = process.argv[i] as string;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : process.argv[i + 1];
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.enableSandbox();
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  void app.whenReady().then(() => {
    installHardening(devServerUrl);
    handleAppProtocol(path.join(__dirname, '../renderer'));
    const configDir = resolveConfigDir(configDirFlag() ?? (process.env.CALLBOARD_CONFIG_DIR ? undefined : app.getPath('userData')));
    const ctx = createAppContext({ configDir, platform: electronPlatform(() => mainWindow), appVersion: app.getVersion() });
    registerIpc(ctx, devServerUrl);
    // At quit: stop pollers, then close every backend's pools (SSH to sensors, UCM logout, HTTPS agents).
    onShutdown(async () => {
      await watchServiceFor(ctx).stop();
      await stopAllLive();
      await ctx.connections.closeAll();
    });
    const open = () => {
      const win = createMainWindow(devServerUrl);
      const senderId = win.webContents.id;
      // A closed (or crashed) window must not leave its pollers running.
      win.on('closed', () => {
        void releaseLiveSubscriber(senderId);
        releaseAlertSubscriber(senderId);
        releaseKpiSubscriber(senderId);
        if (mainWindow === win) mainWindow = null;
      });
      win.webContents.on('render-process-gone', () => void releaseLiveSubscriber(senderId));
      mainWindow = win;
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });

  let shuttingDown = false;
  app.on('before-quit', (event) => {
    if (shuttingDown) return;
    // Log out of PBXs and close sensor connections before exiting (bounded: never hang the quit).
    event.preventDefault();
    shuttingDown = true;
    void shutdownServices(3000).finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
