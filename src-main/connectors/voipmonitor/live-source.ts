/**
 * VoIPmonitor sensors as a LiveSource: one `listcalls` (gzip, AES when configured) per poll through
 * the shared sensor pool, so the poller and one-off requests reuse one SSH connection per sensor.
 */
import type { LiveSource } from '../../domain/live-call';
import type { VoipmonitorProfile } from '../../profiles/schema';
import type { SecretStore } from '../../secrets/keychain';
import type { ListcallsFilter } from './listcalls';
import { SensorPool } from './sensor';

const pools = new WeakMap<object, SensorPool>();

/** One pool per application context (the app has one; tests make their own). */
export function sensorPoolFor(ctx: { secrets: SecretStore }): SensorPool {
  let p = pools.get(ctx);
  if (!p) {
    p = new SensorPool({ secrets: ctx.secrets });
    pools.set(ctx, p);
  }
  return p;
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
