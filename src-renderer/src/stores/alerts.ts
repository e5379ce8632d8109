/** NOC watch alerts as main reports them (`alerts:changed`); the window only shows and acknowledges. */
import { create } from 'zustand';
import type { Alert, AlertsSummary } from '../../../src-main/domain/alerts';
import { bridge, unwrap, messageOf } from '../api';
import { useNotices } from './notices';
import { useNav } from './nav';

interface AlertsState {
  alerts: Alert[];
  summary: AlertsSummary;
  /** The alert a notification click asked to show. */
  focusId: string | null;
  set(alerts: Alert[], summary: AlertsSummary): void;
  apply(changes: { change: string; alert: Alert }[], summary: AlertsSummary): void;
  acknowledge(id: string): Promise<void>;
  focus(id: string | null): void;
}

export const useAlerts = create<AlertsState>((set, get) => ({
  alerts: [],
  summary: { open: 0, unacknowledged: 0, worst: null },
  focusId: null,
  set(alerts, summary) {
    set({ alerts, summary });
  },
  apply(changes, summary) {
    const byId = new Map(get().alerts.map((a) => [a.id, a]));
    for (const { alert } of changes) byId.set(alert.id, alert);
    const rank = { open: 0, acknowledged: 1, cleared: 2 } as const;
    const alerts = [...byId.values()].sort((a, b) => rank[a.state] - rank[b.state] || b.openedAt.localeCompare(a.openedAt)).slice(0, 500);
    set({ alerts, summary });
  },
  async acknowledge(id) {
    try {
      const { alert } = await unwrap(bridge().alerts.acknowledge({ id }));
      get().apply([{ change: 'acknowledged', alert }], get().summary);
    } catch (e) {
      useNotices.getState().error(messageOf(e));
    }
  },
  focus(id) {
    set({ focusId: id });
  },
}));

/** For the whole life of the window: subscribe once, follow changes, jump to an alert on notification click. */
export function startAlertsFeed(): () => void {
  const offs: (() => void)[] = [];
  try {
    offs.push(bridge().events.on('alerts:changed', (e) => useAlerts.getState().apply(e.changes, e.summary)));
    offs.push(
      bridge().events.on('alerts:show', (e) => {
        useAlerts.getState().focus(e.id);
        useNav.getState().go('alerts');
      }),
    );
    unwrap(bridge().alerts.subscribe({}))
      .then((r) => useAlerts.getState().set(r.alerts, r.summary))
      .catch((e: unknown) => useNotices.getState().error(messageOf(e)));
  } catch {
    // A build without the alerts contract: the view shows its empty state.
  }
  return () => offs.forEach((off) => off());
}
