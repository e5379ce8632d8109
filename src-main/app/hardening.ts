import { app, session, type WebContents } from 'electron';
import { logger } from '../core/log';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './policy';

const log = logger('hardening');

/**
 * App-wide guards, installed before any window exists:
 * - item 13: no navigation away from our page; item 14: no new windows (links are opened, after
 *   validation, only through the app:openExternal IPC call);
 * - item 12: no <webview> at all;
 * - item 5: every permission request (camera, notifications, geolocation, …) is denied;
 * - item 7: CSP header on every response, in addition to the meta tag.
 */
export function installHardening(devServerUrl: string | undefined): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) {
        event.preventDefault();
        log.warn('blocked navigation to', url.slice(0, 200));
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      log.warn('blocked window.open of', url.slice(0, 200));
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
    });
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
