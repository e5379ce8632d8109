/**
 * What Callboard can and cannot show live from a Wildix PBX (docs/WILDIX.md, What is not available). No documented REST
 * call lists every live call on the PBX, so the live-calls table gets no Wildix rows rather than a
 * fake list. What is real: the calls of one user through v2 call-control (`list-calls?user=`), offered
 * here on demand. See docs/WILDIX.md.
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import { noMediaFields, type LiveCall } from '../../domain/live-call';
import type { AppContext } from '../../core/context';
import { withWildixClient, type WildixClientOptions, type WildixDeps } from './client';
import { wildixProfile } from './directory';

export function wildixLiveCapabilities(): string {
  return (
    'Wildix offers no API that lists every live call on the PBX, so Wildix profiles do not appear in the live-calls table. ' +
    "Callboard can show one user's current calls on request (Wildix v2 call-control, where the PBX accepts it), plus call history, " +
    'queues, colleagues with presence and click-to-call. For PBX-wide live calls and quality, use a VoIPmonitor sensor.'
  );
}

const str = (max: number) => z.union([z.string(), z.number()]).transform((v) => String(v).slice(0, max)).nullable().optional();
/** Call object fields are not publicly documented (a third-party PRD lists these): everything is optional. */
const userCallSchema = z
  .object({ sipCallId: str(300), callerNumber: str(64), callerName: str(200), calleeNumber: str(64), calleeName: str(200), state: str(40), duration: z.union([z.number(), z.string()]).optional() })
  .passthrough();
const listCallsSchema = z.object({ calls: z.array(userCallSchema).max(1000) });

export const USER_CALLS_PATH = '/api/v2/call-control/list-calls';

/** Current calls of one Wildix user, in the shared LiveCall shape. */
export async function listUserCalls(
  ctx: WildixDeps & Pick<AppContext, 'profiles'>,
  profileId: string,
  extension: string,
  opts: WildixClientOptions = {},
): Promise<LiveCall[]> {
  if (!/^[0-9]{1,10}$/.test(extension)) throw new CallboardError('usage', 'The extension must be digits.');
  const profile = await wildixProfile(ctx, profileId);
  return withWildixClient(ctx, profile, opts, async (c) => {
    let reply;
    try {
      reply = await c.call('GET', USER_CALLS_PATH, listCallsSchema, { params: { user: extension } });
    } catch (e) {
      if (e instanceof CallboardError && e.code === 'not_found') {
        throw new CallboardError('unsupported', `${c.what} does not list calls for extension ${extension}: the user does not exist, or this WMS version does not offer v2 call-control.`);
      }
      throw e;
    }
    return reply.result.calls.map((call, i): LiveCall => {
      const duration = Number(call.duration);
      const ref = call.sipCallId || `${extension}-${i}`;
      return {
        key: `${profileId}:${ref}`,
        sensor: profileId,
        source: 'wildix',
        callId: call.sipCallId ?? null,
        caller: call.callerNumber ?? '',
        called: call.calleeNumber ?? '',
        callerName: call.callerName || null,
        start: null,
        durationSec: Number.isFinite(duration) && duration >= 0 ? duration : null,
        state: call.state ?? null,
        ...noMediaFields(),
        channel: null,
        extra: { user: extension, calleeName: call.calleeName ?? null },
      };
    });
  });
}
