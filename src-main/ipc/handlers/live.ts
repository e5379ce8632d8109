import type { AppContext } from '../../core/context';
import { liveCallsServiceFor, type LiveCallsService } from '../../services/live/service';
import { callDetailOf, healthOf, managerFile, registrationsOf } from '../../services/live/requests';
import { SipLadderCopier } from '../../services/sip-ladder-copy';
import type { Handler } from '../router';
import type { liveChannels } from '../contract/live';

type H = { [C in keyof typeof liveChannels]: Handler<C> };

const services = new Set<LiveCallsService>();

/** For the app shell: a window closed (or reloaded); stop the pollers it subscribed. */
export async function releaseLiveSubscriber(senderId: number): Promise<void> {
  for (const s of services) await s.unsubscribe(String(senderId));
}

/** For the app shell at quit: stop every poller (the context then closes the backends' pools). */
export async function stopAllLive(): Promise<void> {
  for (const s of services) await s.stopAll();
}

/** Live-call handlers; each window (sender id) has its own subscription to the context's shared pollers. */
export function liveHandlers(ctx: AppContext, service: LiveCallsService = liveCallsServiceFor(ctx)): H {
  services.add(service);
  const ladders = new SipLadderCopier(ctx);
  return {
    'live:subscribe': async ({ profileIds, filter }, h) => {
      await service.subscribe(String(h.sender.id), profileIds, { diff: (d) => h.emit('live:diff', d), status: (s) => h.emit('live:status', s) }, filter ?? '');
      return { ok: true as const };
    },
    'live:unsubscribe': async ({ profileIds }, h) => {
      await service.unsubscribe(String(h.sender.id), profileIds);
      return { ok: true as const };
    },
    'live:snapshot': async ({ profileIds }, h) => {
      service.snapshot(String(h.sender.id), profileIds);
      return { ok: true as const };
    },
    'live:pause': async (_req, h) => {
      service.pause(String(h.sender.id));
      return { ok: true as const };
    },
    'live:resume': async (_req, h) => {
      service.resume(String(h.sender.id));
      return { ok: true as const };
    },
    'live:callDetail': async ({ key }) => {
      const known = service.findCall(key);
      const d = await callDetailOf(ctx, key, known);
      ladders.remember(key, d.sipLadder, known?.callId ?? null);
      return d;
    },
    'live:copyLadder': async ({ key }) => ladders.copy(key, service.findCall(key)),
    'live:registrations': async ({ profileId, filter }) => ({ registrations: await registrationsOf(ctx, profileId, filter ?? {}) }),
    'live:health': async ({ profileId }) => healthOf(ctx, profileId),
    'live:managerFile': async ({ profileId, action, socketPath }) => ({ message: await managerFile(ctx, profileId, action, socketPath) }),
  };
}
