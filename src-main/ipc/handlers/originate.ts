import type { AppContext } from '../../core/context';
import { createOriginateService, type OriginateServiceOptions } from '../../services/originate';
import { followCallState, probeFor, type FollowOptions, type StateProbe } from '../../services/originate-state';
import type { Handler } from '../router';
import type { originateChannels } from '../contract/originate';

type H = { [C in keyof typeof originateChannels]: Handler<C> };

export interface OriginateHandlerOptions extends OriginateServiceOptions {
  /** How a placed call is followed; default: the backend's `callState`. null: not followed (tests). */
  probe?: StateProbe | null;
  follow?: FollowOptions;
}

/** One originate service per app context: tokens, rate windows and de-dup state live in main only. */
export function originateHandlers(ctx: AppContext, opts: OriginateHandlerOptions = {}): H {
  const svc = createOriginateService(ctx, opts);
  return {
    'originate:prepare': (req) => svc.prepare(req),
    'originate:confirm': async ({ token }, hctx) => {
      const r = await svc.confirm(token);
      const profileId = r.ok && !r.deduplicated ? svc.profileOf(r.attemptId) : null;
      if (profileId) {
        const profile = await ctx.profiles.get(profileId).catch(() => null);
        const probe = profile ? (opts.probe === undefined ? probeFor(profile) : opts.probe) : null;
        const operatorExtension = profile && 'operatorExtension' in profile ? profile.operatorExtension : undefined;
        if (profile && probe && operatorExtension) {
          // Not awaited: the reply goes back now, progress follows as events.
          void followCallState(ctx, profile, { operatorExtension, destination: r.normalized }, probe, (state) => hctx.emit('originate:state', { attemptId: r.attemptId, state }), opts.follow);
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
