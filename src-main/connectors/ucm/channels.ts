/**
 * Live channels (docs/UCM.md §5): listBridgedChannels + listUnBridgedChannels mapped to LiveCall, with
 * the vendor GUI's display rules (skip reserved/down/ring legs and internal Local/* helpers; swap caller
 * and connected on a ringing extension's channel).
 */
import { z } from 'zod';
import { noMediaFields, type LiveCall } from '../../domain/live-call';
import { parseWith, type UcmSession } from './session';
import { getUcmClock } from './system';
import { ucmLocalToIso } from './time';

const str = z.union([z.string().max(512), z.number()]).transform(String).optional().catch(undefined);
const bridgedSchema = z
  .object({ channel1: z.string().min(1).max(256), channel2: z.string().max(256).catch(''), callerid1: str, callerid2: str, name1: str, name2: str, uniqueid1: str, uniqueid2: str, bridge_time: str, inbound_trunk_name: str, outbound_trunk_name: str, dial_service: str, bridge_id: str })
  .passthrough();
const unbridgedSchema = z
  .object({ channel: z.string().min(1).max(256), state: str, callernum: str, callername: str, connectednum: str, connectedname: str, service: str, alloc_time: str, uniqueid: str, linkedid: str })
  .passthrough();
export type UcmBridged = z.infer<typeof bridgedSchema>;
export type UcmUnbridged = z.infer<typeof unbridgedSchema>;

const pageSchema = (item: z.ZodType) =>
  z.object({
    channel: z.array(item).max(5000).default([]),
    total_page: z.coerce.number().int().min(0).max(1000).catch(1),
    page: z.coerce.number().int().min(0).catch(1),
  });

const ITEMS_PER_PAGE = 1000;
const MAX_PAGES = 10;

async function listAll<T>(session: UcmSession, action: string, item: z.ZodType<T>, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  const schema = pageSchema(item);
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await session.call(action, { item_num: ITEMS_PER_PAGE, page }, { signal });
    const r = parseWith(schema, body, session.who, action) as { channel: T[]; total_page: number };
    out.push(...r.channel);
    if (page >= r.total_page || r.channel.length === 0) break;
  }
  return out;
}

export async function listChannels(session: UcmSession, signal?: AbortSignal): Promise<{ bridged: UcmBridged[]; unbridged: UcmUnbridged[] }> {
  const bridged = await listAll(session, 'listBridgedChannels', bridgedSchema, signal);
  const unbridged = await listAll(session, 'listUnBridgedChannels', unbridgedSchema, signal);
  return { bridged, unbridged };
}

/** Every channel name the UCM currently reports (for validating a hang-up). */
export function channelNames(c: { bridged: UcmBridged[]; unbridged: UcmUnbridged[] }): Set<string> {
  const s = new Set<string>();
  for (const b of c.bridged) {
    s.add(b.channel1);
    if (b.channel2) s.add(b.channel2);
  }
  for (const u of c.unbridged) s.add(u.channel);
  return s;
}

function base(profileId: string): Omit<LiveCall, 'key' | 'caller' | 'called' | 'callerName' | 'start' | 'durationSec' | 'state' | 'channel' | 'extra'> {
  return {
    sensor: profileId,
    source: 'ucm',
    callId: null,
    ...noMediaFields(),
  };
}

const SKIP_STATES = new Set(['rsrvd', 'down', 'ring']);
const SKIP_LOCAL_SERVICES = new Set(['normal', 'queue', 'confbridge']);

function elapsed(iso: string | null, nowMs: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, Math.round((nowMs - t) / 1000));
}

const party = (v: string | undefined) => (v && v !== 's' ? v : '');

export function toLiveCalls(profileId: string, c: { bridged: UcmBridged[]; unbridged: UcmUnbridged[] }, offset: string, nowMs: number): LiveCall[] {
  const out: LiveCall[] = [];
  for (const b of c.bridged) {
    const start = ucmLocalToIso(b.bridge_time ?? '', offset);
    out.push({
      ...base(profileId),
      key: `${profileId}:${b.channel1}`,
      caller: b.callerid1 ?? '',
      called: b.callerid2 ?? '',
      callerName: b.name1 || null,
      start,
      durationSec: elapsed(start, nowMs),
      state: 'Up',
      channel: b.channel1,
      extra: {
        channel2: b.channel2 || null,
        calledName: b.name2 || null,
        inboundTrunk: b.inbound_trunk_name || null,
        outboundTrunk: b.outbound_trunk_name || null,
        service: b.dial_service || null,
        bridged: true,
      },
    });
  }
  for (const u of c.unbridged) {
    const state = (u.state ?? '').toLowerCase();
    const service = (u.service ?? '').toLowerCase();
    if (SKIP_STATES.has(state)) continue;
    if (u.channel.startsWith('Local/') && SKIP_LOCAL_SERVICES.has(service)) continue;
    // On the rung extension's channel callernum is the extension itself: show the real caller first.
    const swap = state === 'ringing';
    const caller = swap ? party(u.connectednum) : party(u.callernum);
    const called = swap ? party(u.callernum) : party(u.connectednum);
    const callerName = (swap ? u.connectedname : u.callername) || null;
    const start = ucmLocalToIso(u.alloc_time ?? '', offset);
    out.push({
      ...base(profileId),
      key: `${profileId}:${u.channel}`,
      caller,
      called,
      callerName: callerName && callerName !== 's' ? callerName : null,
      start,
      durationSec: elapsed(start, nowMs),
      state: u.state ?? null,
      channel: u.channel,
      extra: { service: u.service || null, bridged: false },
    });
  }
  return out;
}

export async function pollLiveCalls(session: UcmSession, profileId: string, nowMs: () => number, signal?: AbortSignal): Promise<LiveCall[]> {
  const clock = await getUcmClock(session, signal);
  const c = await listChannels(session, signal);
  return toLiveCalls(profileId, c, clock.offset, nowMs());
}
