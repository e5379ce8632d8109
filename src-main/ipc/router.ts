/**
 * The IPC router: the one door from the renderer into main (Electron security checklist items 17 and 20).
 *
 * For every call it checks, in order: the channel is in the contract, the sender frame is the app's
 * own main frame, the payload matches the channel's request schema. Only then does the handler run.
 * The reply is validated against the response schema (which also strips unknown keys, so a handler
 * cannot leak a field by accident), and every failure becomes {ok:false, error:{code, message}}:
 * no stack trace, no secret.
 */
import { CallboardError, toPublicError } from '../core/errors';
import { logger } from '../core/log';
import { contract, eventsContract, type ChannelName, type Envelope, type EventName, type EventPayload, type ParsedRequestOf, type ResponseOf } from './contract';
import { describeZodError, fieldErrorsOf } from '../profiles/store';

const log = logger('ipc');

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  url: string;
  /** False for iframes: only the top frame of our window may call main. */
  isMainFrame: boolean;
  /** webContents id, to address events back to that window. */
  id: number;
}

export interface HandlerContext {
  sender: SenderInfo;
  /** Pushes a validated event to the window that made this call. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handler<C extends ChannelName> = (req: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export type Emitter = (senderId: number, wireChannel: string, payload: unknown) => void;

export interface RouterOptions {
  handlers: Handlers;
  /** Decides whether a frame URL is the app's own page (custom protocol in Electron). */
  isTrustedUrl: (url: string) => boolean;
  emit: Emitter;
}

export interface Router {
  handle(channel: string, sender: SenderInfo, payload: unknown): Promise<Envelope<unknown>>;
  emitTo<E extends EventName>(senderId: number, event: E, payload: EventPayload<E>): void;
}

function fail(code: 'usage' | 'policy' | 'internal', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

export function createRouter(opts: RouterOptions): Router {
  const known = new Set<string>(Object.keys(contract));

  function emitTo<E extends EventName>(senderId: number, event: E, payload: EventPayload<E>): void {
    const parsed = eventsContract[event].safeParse(payload);
    if (!parsed.success) {
      log.error(`event ${event} failed its schema; not sent: ${describeZodError(parsed.error)}`);
      return;
    }
    opts.emit(senderId, `event:${event}`, parsed.data);
  }

  async function handle(channel: string, sender: SenderInfo, payload: unknown): Promise<Envelope<unknown>> {
    if (typeof channel !== 'string' || !known.has(channel)) {
      log.warn(`rejected unknown channel ${JSON.stringify(String(channel).slice(0, 80))}`);
      return fail('usage', 'Unknown request.');
    }
    if (!sender.isMainFrame || !opts.isTrustedUrl(sender.url)) {
      log.warn(`rejected ${channel} from untrusted frame ${sender.url.slice(0, 200)}`);
      return fail('policy', 'Request refused: it did not come from the Callboard window.');
    }
    const name = channel as ChannelName;
    const def = contract[name];
    const req = def.request.safeParse(payload ?? {});
    if (!req.success) {
      return { ok: false, error: toPublicError(new CallboardError('usage', `Invalid request for ${channel}: ${describeZodError(req.error)}.`, { fields: fieldErrorsOf(req.error) })) };
    }
    const ctx: HandlerContext = { sender, emit: (event, p) => emitTo(sender.id, event, p) };
    try {
      const handler = opts.handlers[name] as unknown as (r: unknown, c: HandlerContext) => Promise<unknown>;
      const value = await handler(req.data, ctx);
      const res = def.response.safeParse(value);
      if (!res.success) {
        log.error(`handler for ${channel} returned a reply that fails its schema: ${describeZodError(res.error)}`);
        return fail('internal', 'Callboard produced an invalid reply; details are in the log.');
      }
      return { ok: true, value: res.data };
    } catch (e) {
      if (!(e instanceof CallboardError) || e.code === 'internal') log.error(`handler for ${channel} failed:`, e);
      return { ok: false, error: toPublicError(e) };
    }
  }

  return { handle, emitTo };
}
