/**
 * Electron side of the NOC watch: Notification, tray icon and window badge. Thin: what to show and
 * when is decided in services/watch/desktop.ts; this file only calls Electron.
 */
import { app, BrowserWindow, Notification, Tray, nativeImage, type NativeImage } from 'electron';
import type { DesktopNotice, Platform } from '../core/context';
import { badgePng, badgeTooltip, type BadgeLevel } from './badge-icon';

export function alertsDesktop(getWindow: () => BrowserWindow | null): Pick<Platform, 'notify' | 'setAlertBadge'> {
  let tray: Tray | null = null;
  const icons = new Map<BadgeLevel, NativeImage>();
  const icon = (l: BadgeLevel, size = 16) => {
    const k = `${l}` as BadgeLevel;
    let i = size === 16 ? icons.get(k) : undefined;
    if (!i) {
      i = nativeImage.createFromBuffer(badgePng(l, size));
      if (size === 16) icons.set(k, i);
    }
    return i;
  };
  // Notifications are kept referenced until closed: a collected Notification loses its click handler.
  const shown = new Map<string, Notification>();
  const focus = () => {
    const w = getWindow();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  };
  return {
    notify(n: DesktopNotice) {
      if (!Notification.isSupported()) return;
      const note = new Notification({
        title: n.title,
        body: n.body,
        silent: !n.sound,
        urgency: n.sticky ? 'critical' : 'normal',
        timeoutType: n.sticky ? 'never' : 'default',
      });
      note.on('click', () => {
        focus();
        n.onClick?.();
      });
      note.on('close', () => shown.delete(n.id));
      shown.set(n.id, note);
      note.show();
    },
    setAlertBadge(b) {
      const level: BadgeLevel = b.worst ?? 'none';
      try {
        if (!tray) {
          tray = new Tray(icon(level));
          tray.on('click', focus);
        }
        tray.setImage(icon(level));
        tray.setToolTip(badgeTooltip(b));
        if (process.platform === 'darwin') tray.setTitle(b.count ? String(b.count) : '');
      } catch {
        // No system tray (some Linux desktops): the badge and the Alerts view still show it.
      }
      app.setBadgeCount(b.unacknowledged);
      const w = getWindow();
      if (w && process.platform === 'win32') w.setOverlayIcon(b.count ? icon(level, 32) : null, badgeTooltip(b));
    },
  };
}
