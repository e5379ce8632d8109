import type { AppContext } from '../../services/context';
import type { Handler } from '../router';
import { listColleagues, listQueues } from '../../connectors/wildix/directory';
import { wildixLiveCapabilities } from '../../connectors/wildix/live';

export function wildixHandlers(ctx: AppContext): {
  'wildix:queues': Handler<'wildix:queues'>;
  'wildix:colleagues': Handler<'wildix:colleagues'>;
  'wildix:liveCapabilities': Handler<'wildix:liveCapabilities'>;
} {
  return {
    'wildix:queues': async (req) => ({ queues: await listQueues(ctx, req.profileId) }),
    'wildix:colleagues': async (req) => ({ colleagues: await listColleagues(ctx, req.profileId) }),
    'wildix:liveCapabilities': async () => ({ message: wildixLiveCapabilities() }),
  };
}
