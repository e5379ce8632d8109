/** "Test connection" for a Wildix profile: one cheap authenticated GET (colleagues, count=1). */
import type { AppContext } from '../../services/context';
import type { Profile } from '../../profiles/schema';
import { CallboardError } from '../../core/errors';
import { withWildixClient, type WildixClientOptions } from './client';
import { fetchColleagues } from './directory';
import { signedHostName } from './s2s-token';

export async function testWildix(ctx: AppContext, profile: Profile, opts: WildixClientOptions = {}): Promise<string> {
  if (profile.kind !== 'wildix') throw new CallboardError('internal', 'Wrong tester for this profile.');
  return withWildixClient(ctx, profile, opts, async (c) => {
    const { total } = await fetchColleagues(c, { count: 1, withPresence: false });
    const host = signedHostName(profile.baseUrl);
    const who = profile.auth === 's2s' ? `app ${profile.appName ?? ''}` : `user ${profile.basicUser ?? ''}`;
    return `Signed in to Wildix ${host} with ${who}; ${total ?? 'unknown number of'} colleagues.`;
  });
}
