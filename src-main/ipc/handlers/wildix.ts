import type { AppContext } from '../../core/context';
import type { Handler } from '../router';
import { listColleagues, listQueues } from '../../connectors/wildix/directory';
import { listUserCalls, wildixLiveCapabilities } from '../../connectors/wildix/live';

export function wildixHandlers(ctx: AppContext): {
  'wildix:queues': Handler<'wildix:queues'>;
  'wildix:colleagues': Handler<'wildix:colleagues'>;
  'wildix:userCalls': Handler<'wildix:userCalls'>;
  'wildix:liveCapabilities': Handler<'wildix:liveCapabilities'>;
} {
  return {
    'wildix:queues': async (req) => ({ queues: await listQueues(ctx, req.profileId) }),
    'wildix:colleagues': async (req) => ({ colleagues: await listColleagues(ctx, req.profileId) }),
    'wildix:userCalls': async (req) => ({ calls: await listUserCalls(ctx, req.profileId, req.extension) }),
    'wildix:liveCapabilities': async () => ({ message: wildixLiveCapabilities() }),
  };
}
