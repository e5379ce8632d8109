import type { AppContext } from '../../services/context';
import { createOriginateService, type OriginateServiceOptions } from '../../services/originate';
import { defaultDialers } from '../../services/dialers';
import { defaultProbes, followCallState, type FollowOptions, type ProbeTable } from '../../services/originate-state';
import type { Handler } from '../router';
import type { originateChannels } from '../contract/originate';

type H = { [C in keyof typeof originateChannels]: Handler<C> };

export interface OriginateHandlerOptions extends OriginateServiceOptions {
  probes?: ProbeTable;
  follow?: FollowOptions;
}

/** One originate service per app context: tokens, rate windows and de-dup state live in main only. */
export function originateHandlers(ctx: AppContext, opts: OriginateHandlerOptions = { dialers: defaultDialers }): H {
  const svc = createOriginateService(ctx, opts);
  const probes = opts.probes ?? defaultProbes;
  return {
    'originate:prepare': (req) => svc.prepare(req),
    'originate:confirm': async ({ token }, hctx) => {
      const r = await svc.confirm(token);
      const profileId = r.ok && !r.deduplicated ? svc.profileOf(r.attemptId) : null;
      if (profileId) {
        const profile = await ctx.profiles.get(profileId).catch(() => null);
        const dialable = profile && (profile.kind === 'ucm' || profile.kind === 'wildix') ? profile : null;
        const probe = dialable ? probes[dialable.kind] : undefined;
        if (dialable && probe && dialable.operatorExtension) {
          // Not awaited: the reply goes back now, progress follows as events.
          void followCallState(ctx, dialable, { operatorExtension: dialable.operatorExtension, destination: r.normalized }, probe, (state) => hctx.emit('originate:state', { attemptId: r.attemptId, state }), opts.follow);
        }
      }
      return r;
    },
    'originate:cancel': async ({ token }) => {
      svc.cancel(token);
      return { ok: true as const };
    },
  };
}
