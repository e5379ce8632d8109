/**
 * What the desktop does with alerts, through the Platform (Electron: Notification, tray, badge; tests:
 * recorded): a notification when an alert opens (critical ones stay until dismissed), the system
 * sound where the settings ask for it, and the tray/badge with the worst open severity and count.
 * The same rule and group notify at most once per 5 minutes, so a flapping source cannot spam.
 */
import type { AppContext } from '../../core/context';
import type { WatchService } from './service';

export const RENOTIFY_MS = 5 * 60_000;

export function attachDesktop(ctx: AppContext, watch: WatchService, onShow: (alertId: string) => void): () => void {
  const lastNotified = new Map<string, number>();
  return watch.addListener({
    alerts(changes, summary) {
      ctx.platform.setAlertBadge?.({ count: summary.open, unacknowledged: summary.unacknowledged, worst: summary.worst });
      if (!ctx.platform.notify) return;
      let settings;
      try {
        settings = watch.getSettings();
      } catch {
        return;
      }
      const now = ctx.now();
      for (const { change, alert } of changes) {
        if (change !== 'opened' || !settings.notify[alert.severity]) continue;
        const key = `${alert.ruleId}|${alert.profileId}|${alert.group.kind}:${alert.group.key}`;
        const last = lastNotified.get(key);
        if (last !== undefined && now - last < RENOTIFY_MS) continue;
        lastNotified.set(key, now);
        ctx.platform.notify({
          id: alert.id,
          title: `${alert.severity === 'critical' ? 'Critical' : alert.severity === 'warning' ? 'Warning' : 'Info'}: ${alert.ruleName}`,
          body: alert.message,
          severity: alert.severity,
          sticky: alert.severity === 'critical',
          sound: settings.sound[alert.severity],
          onClick: () => onShow(alert.id),
        });
      }
    },
  });
}
