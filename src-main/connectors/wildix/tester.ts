/** "Test connection" for a Wildix profile: one cheap authenticated GET (colleagues, count=1). */
import type { AppContext } from '../../core/context';
import type { WildixProfile } from './profile';
import { withWildixClient, type WildixClientOptions } from './client';
import { fetchColleagues } from './directory';
import { signedHostName } from './s2s-token';

export async function testWildix(ctx: AppContext, profile: WildixProfile, opts: WildixClientOptions = {}): Promise<string> {
  return withWildixClient(ctx, profile, opts, async (c) => {
    const { total } = await fetchColleagues(c, { count: 1, withPresence: false });
    const host = signedHostName(profile.baseUrl);
    const who = profile.auth === 's2s' ? `app ${profile.appName ?? ''}` : `user ${profile.basicUser ?? ''}`;
    return `Signed in to Wildix ${host} with ${who}; ${total ?? 'unknown number of'} colleagues.`;
  });
}
