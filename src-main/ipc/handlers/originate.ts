import type { AppContext } from '../../services/context';
import { createOriginateService, type OriginateServiceOptions } from '../../services/originate';
import { defaultDialers } from '../../services/dialers';
import type { Handler } from '../router';
import type { originateChannels } from '../contract/originate';

type H = { [C in keyof typeof originateChannels]: Handler<C> };

/** One originate service per app context: tokens, rate windows and de-dup state live in main only. */
export function originateHandlers(ctx: AppContext, opts: OriginateServiceOptions = { dialers: defaultDialers }): H {
  const svc = createOriginateService(ctx, opts);
  return {
    'originate:prepare': (req) => svc.prepare(req),
    'originate:confirm': ({ token }) => svc.confirm(token),
    'originate:cancel': async ({ token }) => {
      svc.cancel(token);
      return { ok: true as const };
    },
  };
}
