/**
 * Builds the object the preload exposes as `window.callboard`: one named async function per contract
 * channel (callboard.<domain>.<verb>(request) → Envelope) and `events.on(name, cb)` for pushed events.
 *
 * It never exposes ipcRenderer or the IpcRendererEvent (checklist item 20): the transport below is the
 * only thing that touches Electron, and listeners receive the payload alone. The same builder is used
 * by the end-to-end test bridge with a different transport, so the E2E tests exercise this exact code.
 */
import { channelNames, eventNames, EVENT_PREFIX, type ChannelName, type Envelope, type EventName, type EventPayload, type RequestOf, type ResponseOf } from '../ipc/contract';

export interface PreloadTransport {
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  /** Subscribes to a wire channel; returns an unsubscribe function. */
  on(wireChannel: string, listener: (payload: unknown) => void): () => void;
}

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type Domains = DomainOf<ChannelName>;
type Fn<C extends ChannelName> = object extends RequestOf<C>
  ? (req?: RequestOf<C>) => Promise<Envelope<ResponseOf<C>>>
  : (req: RequestOf<C>) => Promise<Envelope<ResponseOf<C>>>;

export type CallboardApi = {
  [D in Domains]: { [C in ChannelName as C extends `${D}:${infer V}` ? V : never]: Fn<C> };
} & {
  events: {
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  };
};

export function buildApi(transport: PreloadTransport): CallboardApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of channelNames) {
    const [domain, verb] = channel.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = (req?: unknown) => transport.invoke(channel, req ?? {});
  }
  const allowedEvents = new Set<string>(eventNames);
  api.events = {
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!allowedEvents.has(event)) throw new Error(`Unknown event "${event}"`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      return transport.on(EVENT_PREFIX + event, (payload) => listener(payload));
    },
  };
  return api as unknown as CallboardApi;
}
