import { buildCallView } from '../../services/call-view';
import { callsOfUser, hangupCall } from '../../services/pbx-actions';
import type { AppContext } from '../../core/context';
import type { Handler } from '../router';
import type { callsChannels } from '../contract/calls';

type H = { [C in keyof typeof callsChannels]: Handler<C> };

export function callsHandlers(ctx: AppContext): H {
  return {
    'calls:view': (req) => buildCallView(ctx, req),
    'calls:hangup': (req) => hangupCall(ctx, req.profileId, req.handle),
    'calls:ofUser': async (req) => ({ calls: await callsOfUser(ctx, req.profileId, req.extension) }),
  };
}
