/** Live KPIs per source as main pushes them (`kpi:live`, at most once a second per source). */
import { create } from 'zustand';
import type { LiveSourceKpis } from '../../../src-main/domain/kpi';
import { bridge, unwrap } from '../api';

interface KpiState {
  sources: Record<string, LiveSourceKpis>;
  put(k: LiveSourceKpis): void;
}

export const useKpi = create<KpiState>((set) => ({
  sources: {},
  put(k) {
    set((s) => ({ sources: { ...s.sources, [k.sensor]: k } }));
  },
}));

/** Subscribes while mounted (the live view's strip); the first figures come from kpi:live. */
export function startKpiFeed(): () => void {
  const offs: (() => void)[] = [];
  try {
    offs.push(bridge().events.on('kpi:live', (k) => useKpi.getState().put(k)));
    void unwrap(bridge().kpi.subscribe({})).catch(() => undefined);
    void unwrap(bridge().kpi.live({}))
      .then((r) => r.sources.forEach((k) => useKpi.getState().put(k)))
      .catch(() => undefined);
    offs.push(() => void unwrap(bridge().kpi.unsubscribe({})).catch(() => undefined));
  } catch {
    // A build without the KPI contract: no strip.
  }
  return () => offs.forEach((off) => off());
}
