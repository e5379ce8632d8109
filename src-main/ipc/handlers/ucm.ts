import type { AppContext } from '../../core/context';
import { hangupChannel, listExtensions } from '../../connectors/ucm/actions';
import type { Handler } from '../router';
import type { ucmChannels } from '../contract/ucm';

type H = { [C in keyof typeof ucmChannels]: Handler<C> };

export function ucmHandlers(ctx: AppContext): H {
  return {
    'ucm:hangup': (req) => hangupChannel(ctx, req.profileId, req.channel),
    'ucm:extensions': async (req) => ({ extensions: await listExtensions(ctx, req.profileId) }),
  };
}
