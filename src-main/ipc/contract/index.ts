/**
 * The IPC contract: every channel the renderer may call, with runtime schemas for request and reply,
 * and every event main may push. Shared by main (router), preload (generated API) and renderer (types).
 *
 * Channel names are "domain:verb"; the preload exposes them as callboard.<domain>.<verb>(request).
 * To add a domain: write contract/<domain>.ts, spread it below, add handlers/<domain>.ts.
 */
import type { z } from 'zod';
import { appChannels } from './app';
import { profilesChannels } from './profiles';
import { originateChannels } from './originate';
import { auditChannels } from './audit';
import { linksChannels } from './links';
import { cdrChannels } from './cdr';
import { directoryChannels } from './directory';
import { liveChannels } from './live';
import { callsChannels } from './calls';
import { alertsChannels } from './alerts';
import { kpiChannels } from './kpi';
import { displayChannels } from './display';
import { eventsContract } from './events';
import type { PublicError } from '../../core/errors';

export const contract = {
  ...appChannels,
  ...profilesChannels,
  ...cdrChannels,
  ...directoryChannels,
  ...originateChannels,
  ...auditChannels,
  ...linksChannels,
  ...liveChannels,
  ...callsChannels,
  ...displayChannels,
  ...alertsChannels,
  ...kpiChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type RequestOf<C extends ChannelName> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Contract[C]['response']>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: PublicError };

export const channelNames = Object.keys(contract) as ChannelName[];

export { eventsContract };
export type EventName = keyof typeof eventsContract;
export type EventPayload<E extends EventName> = z.output<(typeof eventsContract)[E]>;
export const eventNames = Object.keys(eventsContract) as EventName[];

/** Prefix used on the wire for events so they can never collide with request channels. */
export const EVENT_PREFIX = 'event:';
