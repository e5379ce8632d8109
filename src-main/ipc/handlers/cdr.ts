import type { AppContext } from '../../core/context';
import { CdrSearchService } from '../../services/cdr-search';
import type { Handler } from '../router';
import type { cdrChannels } from '../contract/cdr';

type H = { [C in keyof typeof cdrChannels]: Handler<C> };

export function cdrHandlers(ctx: AppContext, service = new CdrSearchService(ctx)): H {
  return {
    'cdr:search': async (req, hctx) => {
      const { jobId } = await service.start(req, (ev) => hctx.emit('cdr:page', ev));
      return { jobId };
    },
    'cdr:cancel': async (req) => {
      service.cancel(req.jobId);
      return { ok: true as const };
    },
    'cdr:exportCsv': (req) => service.exportCsv(req.jobId, { quick: req.quick, sort: req.sort ?? null }),
    'cdr:savedList': async () => {
      const f = await service.readSearches();
      return { saved: f.saved, last: f.last };
    },
    'cdr:savedSave': async (req) => {
      await service.saveSearch(req.name, req.query, req.relative);
      return { ok: true as const };
    },
    'cdr:savedDelete': async (req) => {
      await service.deleteSearch(req.name);
      return { ok: true as const };
    },
  };
}
