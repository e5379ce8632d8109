import type { AppContext } from '../../core/context';
import { logger } from '../../core/log';
import { watchServiceFor, type WatchService } from '../../services/watch/service';
import { attachDesktop } from '../../services/watch/desktop';
import type { Handler, HandlerContext } from '../router';
import type { alertsChannels } from '../contract/alerts';

type H = { [C in keyof typeof alertsChannels]: Handler<C> };

const log = logger('watch');

/** Windows that asked for alert pushes, by sender id. */
const subscribers = new Map<number, { emit: HandlerContext['emit']; off: () => void }>();
const attached = new WeakSet<WatchService>();

/** For the app shell: a window closed; stop pushing alerts and KPIs to it. */
export function releaseAlertSubscriber(senderId: number): void {
  subscribers.get(senderId)?.off();
  subscribers.delete(senderId);
}

/** Starts the context's watch (once) and connects it to the desktop. */
export function startWatch(ctx: AppContext): WatchService {
  const watch = watchServiceFor(ctx);
  if (!attached.has(watch)) {
    attached.add(watch);
    attachDesktop(ctx, watch, (id) => {
      for (const s of subscribers.values()) s.emit('alerts:show', { id });
    });
    void watch.start().catch((e) => log.error('the NOC watch did not start:', e));
  }
  return watch;
}

export function alertsHandlers(ctx: AppContext): H {
  const watch = startWatch(ctx);
  const list = () => ({ alerts: watch.alerts(), summary: watch.summary() });
  return {
    'alerts:subscribe': async (_req, h) => {
      releaseAlertSubscriber(h.sender.id);
      const off = watch.addListener({ alerts: (changes, summary) => h.emit('alerts:changed', { changes, summary }) });
      subscribers.set(h.sender.id, { emit: h.emit, off });
      return list();
    },
    'alerts:unsubscribe': async (_req, h) => {
      releaseAlertSubscriber(h.sender.id);
      return { ok: true as const };
    },
    'alerts:list': async () => list(),
    // Who acknowledged is the OS user main runs as (as in the audit log), never a name from the window.
    'alerts:acknowledge': async ({ id }) => ({ alert: await watch.acknowledge(id, ctx.osUser) }),
    'alerts:settings': async () => {
      await watch.start();
      return { settings: watch.getSettings() };
    },
    'alerts:saveSettings': async ({ settings }) => ({ settings: await watch.saveSettings(settings) }),
  };
}
