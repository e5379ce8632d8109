import type { AppContext } from '../../core/context';
import type { CdrSearchService } from '../../services/cdr-search';
import { summarizeCdrs } from '../../services/kpi/cdr-summary';
import { DestinationClassifier, trunkResolver } from '../../services/kpi/groups';
import { watchStoreFor } from '../../profiles/watch-store';
import { visibleRecords } from '../../../src-shared/cdr-quick-filter';
import { startWatch } from './alerts';
import type { Handler } from '../router';
import type { kpiChannels } from '../contract/kpi';

type H = { [C in keyof typeof kpiChannels]: Handler<C> };

const kpiSubscribers = new Map<number, () => void>();

export function releaseKpiSubscriber(senderId: number): void {
  kpiSubscribers.get(senderId)?.();
  kpiSubscribers.delete(senderId);
}

export function kpiHandlers(ctx: AppContext, cdrSearch: CdrSearchService): H {
  const watch = startWatch(ctx);
  return {
    'kpi:live': async ({ profileIds }) => ({ sources: watch.kpis(profileIds) }),
    'kpi:subscribe': async (_req, h) => {
      releaseKpiSubscriber(h.sender.id);
      kpiSubscribers.set(h.sender.id, watch.addListener({ kpis: (k) => h.emit('kpi:live', k) }));
      return { ok: true as const };
    },
    'kpi:unsubscribe': async (_req, h) => {
      releaseKpiSubscriber(h.sender.id);
      return { ok: true as const };
    },
    'kpi:cdrSummary': async ({ jobId, by, quick }) => {
      const all = cdrSearch.records(jobId);
      const records = quick ? visibleRecords(all, quick, null) : all;
      const settings = await watchStoreFor(ctx.configDir).load();
      const profileId = records[0]?.profileId;
      const trunks = settings.profiles.find((p) => p.profileId === profileId)?.trunks ?? [];
      return summarizeCdrs(records, { by, minSample: settings.minSample, trunks: trunkResolver(trunks), destinations: new DestinationClassifier(settings.homeCountry) });
    },
  };
}
