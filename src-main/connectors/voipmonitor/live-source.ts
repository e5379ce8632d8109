/**
 * VoIPmonitor sensors as a LiveSource: one `listcalls` (gzip, AES when configured) per poll through
 * the shared sensor pool, so the poller and one-off requests reuse one SSH connection per sensor.
 */
import type { LiveSource } from '../../domain/live-call';
import type { VoipmonitorProfile } from './profile';
import type { AppContext } from '../../core/context';
import type { ListcallsFilter } from './listcalls';
import { SensorPool } from './sensor';

/** The context's sensor pool (the app has one context; tests make their own); closed with the context. */
export function sensorPoolFor(ctx: Pick<AppContext, 'secrets' | 'connections'>): SensorPool {
  return ctx.connections.pool('voipmonitor.sensors', () => new SensorPool({ secrets: ctx.secrets }));
}

export function createVoipmonitorLiveSource(pool: SensorPool, profile: VoipmonitorProfile, filter?: ListcallsFilter): LiveSource {
  return {
    profileId: profile.id,
    async poll(signal) {
      const sensor = await pool.get(profile);
      return (await sensor.listCalls(filter ? { filter } : {}, signal)).calls;
    },
    // The pooled connection outlives a subscription (detail and health use it); the pool closes at quit.
    close: async () => undefined,
  };
}
