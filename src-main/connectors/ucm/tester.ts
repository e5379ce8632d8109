/**
 * "Test connection" for a UCM profile: login + getSystemStatus (+ firmware when the user may read it).
 * Always on its own, fresh session (challenge, login, then logout): a cached cookie of the shared
 * session would say "Logged in" for a password that no longer works.
 */
import type { UcmProfile } from './profile';
import type { AppContext } from '../../core/context';
import { UcmSession } from './session';
import { getUcmClock, getUcmFirmware } from './system';

export async function testUcm(ctx: AppContext, profile: UcmProfile): Promise<string> {
  const session = new UcmSession(profile, ctx.secrets, () => ctx.now());
  try {
    const clock = await getUcmClock(session, undefined, true);
    const fw = await getUcmFirmware(session);
    const what = fw.firmware ? `firmware ${fw.firmware}${fw.model ? ` (${fw.model})` : ''}` : 'firmware unknown (no permission for getSystemGeneralStatus)';
    return `Logged in to UCM ${profile.name} as ${profile.user}; ${what}, time zone UTC${clock.offset}; checked with a fresh login.`;
  } finally {
    await session.logout();
  }
}
