/**
 * "Test connection" for a Wildix profile: one cheap authenticated GET (colleagues, count=1), on its own
 * fresh HTTPS connection (not the context's kept-alive one) and with the credentials read just now.
 */
import type { AppContext } from '../../core/context';
import type { WildixProfile } from './profile';
import { withWildixClient, type WildixClientOptions } from './client';
import { fetchColleagues } from './directory';
import { signedHostName } from './s2s-token';

export async function testWildix(ctx: AppContext, profile: WildixProfile, opts: WildixClientOptions = {}): Promise<string> {
  // No `connections`: the client opens (and closes) a connection of its own.
  return withWildixClient({ secrets: ctx.secrets, now: ctx.now }, profile, opts, async (c) => {
    const { total } = await fetchColleagues(c, { count: 1, withPresence: false });
    const host = signedHostName(profile.baseUrl);
    const who = profile.auth === 's2s' ? `app ${profile.appName ?? ''}` : `user ${profile.basicUser ?? ''}`;
    return `Signed in to Wildix ${host} with ${who}; ${total ?? 'unknown number of'} colleagues; checked on a fresh connection.`;
  });
}
