/**
 * All IPC handlers, one factory per contract domain. The type `Handlers` makes a missing handler a
 * compile error, so the contract and the implementation cannot drift apart.
 */
import type { AppContext } from '../../core/context';
import type { Handlers } from '../router';
import { appHandlers } from './app';
import { profilesHandlers } from './profiles';
import { cdrHandlers } from './cdr';
import { directoryHandlers } from './directory';
import { originateHandlers } from './originate';
import { auditHandlers } from './audit';
import { linksHandlers } from './links';
import { liveHandlers } from './live';
import { callsHandlers } from './calls';
import { displayHandlers } from './display';
import { alertsHandlers } from './alerts';
import { kpiHandlers } from './kpi';
import { CdrSearchService } from '../../services/cdr-search';

export function createHandlers(ctx: AppContext): Handlers {
  // One CDR search service: the KPI summary strip reads the result sets the CDR handlers hold.
  const cdrSearch = new CdrSearchService(ctx);
  return {
    ...appHandlers(ctx),
    ...profilesHandlers(ctx),
    ...cdrHandlers(ctx, cdrSearch),
    ...directoryHandlers(ctx),
    ...originateHandlers(ctx),
    ...auditHandlers(ctx),
    ...linksHandlers(ctx),
    ...liveHandlers(ctx),
    ...callsHandlers(ctx),
    ...displayHandlers(ctx),
    ...alertsHandlers(ctx),
    ...kpiHandlers(ctx, cdrSearch),
  };
}
