/** The CLI's text output shows times like the window does: in the display zone chosen in Settings. */
import type { AppContext } from '../core/context';
import { getDisplayZone } from '../services/display-settings';
import type { DisplayZone } from '../../src-shared/time-format';

/** The display zone plus a profile's own IANA zone (sensors and Wildix name one) for the "PBX clock" choice. */
export async function cliClock(ctx: AppContext, profileId?: string): Promise<{ dz: DisplayZone; sourceZone: string | null }> {
  const dz = await getDisplayZone(ctx.configDir);
  if (!profileId) return { dz, sourceZone: null };
  try {
    const p = await ctx.profiles.get(profileId);
    return { dz, sourceZone: 'timeZone' in p && typeof p.timeZone === 'string' ? p.timeZone : null };
  } catch {
    return { dz, sourceZone: null };
  }
}
