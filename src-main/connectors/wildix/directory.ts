/**
 * Call queues (`/api/v1/PBX/settings/CallQueues/`) and colleagues (`/api/v1/PBX/Colleagues/`) with
 * presence (`/api/v1/User/{ext}/Presence/`) where the PBX offers it (docs/WILDIX.md, What works).
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import type { WildixProfile } from './profile';
import type { AppContext } from '../../core/context';
import { WildixClient, listResultSchema, pathSegment, withWildixClient, type WildixClientOptions, type WildixDeps } from './client';

export interface WildixQueue {
  id: string;
  name: string;
  strategy: string | null;
  /** Member extensions, from `stateInterface` "SIP/108" → "108". */
  members: string[];
}

export interface WildixColleague {
  id: string;
  name: string;
  extension: string;
  email: string | null;
  department: string | null;
  /** Presence when the PBX answered for this user: online flag and XMPP-like show (available, away, dnd…). */
  presence: { online: boolean; show: string | null; message: string | null } | null;
}

const text = (max: number) => z.union([z.string(), z.number()]).transform((v) => String(v).slice(0, max));
const optText = (max: number) => text(max).nullable().optional().transform((v) => (v ? v : null));

const queueRowSchema = z.object({ id: text(40), name: optText(200), strategy: optText(40) });
const queueDetailSchema = z.object({
  id: text(40).optional(),
  name: optText(200),
  strategy: optText(40),
  members: z.array(z.object({ stateInterface: optText(100) }).passthrough()).max(5000).optional(),
});
const colleagueRowSchema = z.object({
  id: text(40),
  name: optText(200),
  extension: optText(40),
  email: optText(200),
  department: optText(200),
});
const presenceSchema = z.object({ online: z.union([z.boolean(), z.string(), z.number()]).optional(), show: optText(40), message: optText(200) }).passthrough();

const QUEUES_PATH = '/api/v1/PBX/settings/CallQueues/';
const COLLEAGUES_PATH = '/api/v1/PBX/Colleagues/';
const MAX_COLLEAGUES = 5000;
/** Presence is one request per user: only look it up for a directory of reasonable size. */
const MAX_PRESENCE_LOOKUPS = 200;
const PRESENCE_CONCURRENCY = 4;

export async function fetchQueues(client: WildixClient, signal?: AbortSignal): Promise<WildixQueue[]> {
  const list = await client.call('GET', QUEUES_PATH, listResultSchema, signal ? { signal } : {});
  const out: WildixQueue[] = [];
  for (const raw of list.result.records.slice(0, 500)) {
    const row = queueRowSchema.safeParse(raw);
    if (!row.success || !/^[A-Za-z0-9_-]{1,40}$/.test(row.data.id)) continue;
    // The list carries only ids and names; members come from the detail route.
    const detail = await client.call('GET', `${QUEUES_PATH}${pathSegment(row.data.id, 'queue id')}/`, queueDetailSchema, signal ? { signal } : {});
    const members = (detail.result.members ?? [])
      .map((m) => (m.stateInterface ?? '').split('/').pop() ?? '')
      .filter((x) => x !== '');
    out.push({ id: row.data.id, name: detail.result.name ?? row.data.name ?? row.data.id, strategy: detail.result.strategy ?? row.data.strategy ?? null, members });
  }
  return out;
}

export async function fetchColleagues(client: WildixClient, opts: { count?: number; withPresence?: boolean; signal?: AbortSignal } = {}): Promise<{ total: number | null; colleagues: WildixColleague[] }> {
  const count = Math.min(opts.count ?? MAX_COLLEAGUES, MAX_COLLEAGUES);
  const list = await client.call('GET', COLLEAGUES_PATH, listResultSchema, {
    params: { fields: 'id,name,extension,email,department', start: 0, count, sort: 'extension', dir: 'ASC' },
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const colleagues: WildixColleague[] = [];
  for (const raw of list.result.records.slice(0, count)) {
    const row = colleagueRowSchema.safeParse(raw);
    if (!row.success || !row.data.extension) continue;
    colleagues.push({ id: row.data.id, name: row.data.name ?? row.data.extension, extension: row.data.extension, email: row.data.email, department: row.data.department, presence: null });
  }
  if (opts.withPresence !== false && colleagues.length <= MAX_PRESENCE_LOOKUPS) await addPresence(client, colleagues, opts.signal);
  return { total: list.result.total ?? null, colleagues };
}

async function addPresence(client: WildixClient, list: WildixColleague[], signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const c = list[next++] as WildixColleague;
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(c.extension)) continue;
      try {
        const r = await client.call('GET', `/api/v1/User/${c.extension}/Presence/`, presenceSchema, signal ? { signal } : {});
        const online = r.result.online;
        c.presence = {
          online: online === true || online === 'true' || online === '1' || online === 1,
          show: r.result.show ?? null,
          message: r.result.message ?? null,
        };
      } catch (e) {
        // Presence is optional (not every WMS version or ACL offers it); auth/transport failures are not.
        if (e instanceof CallboardError && (e.code === 'not_found' || e.code === 'protocol')) continue;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: PRESENCE_CONCURRENCY }, worker));
}

async function wildixProfile(ctx: Pick<AppContext, 'profiles'>, profileId: string): Promise<WildixProfile> {
  const p = await ctx.profiles.get(profileId);
  if (p.kind !== 'wildix') throw new CallboardError('usage', `Profile "${profileId}" is a ${p.kind} profile, not a Wildix PBX.`);
  return p;
}

export async function listQueues(ctx: WildixDeps & Pick<AppContext, 'profiles'>, profileId: string, opts: WildixClientOptions = {}): Promise<WildixQueue[]> {
  return withWildixClient(ctx, await wildixProfile(ctx, profileId), opts, (c) => fetchQueues(c));
}

export async function listColleagues(ctx: WildixDeps & Pick<AppContext, 'profiles'>, profileId: string, opts: WildixClientOptions = {}): Promise<WildixColleague[]> {
  return withWildixClient(ctx, await wildixProfile(ctx, profileId), opts, async (c) => (await fetchColleagues(c)).colleagues);
}

export { wildixProfile };
