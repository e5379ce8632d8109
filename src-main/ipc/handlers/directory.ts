import { directoryOf, queuesOf } from '../../services/pbx-actions';
import type { AppContext } from '../../core/context';
import type { Handler } from '../router';
import type { directoryChannels } from '../contract/directory';

type H = { [C in keyof typeof directoryChannels]: Handler<C> };

export function directoryHandlers(ctx: AppContext): H {
  return {
    'directory:list': async (req) => ({ entries: await directoryOf(ctx, req.profileId) }),
    'directory:queues': async (req) => ({ queues: await queuesOf(ctx, req.profileId) }),
  };
}
