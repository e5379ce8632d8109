/**
 * "Test connection" for a UCM profile: login + getSystemStatus (+ firmware when the user may read it).
 */
import type { UcmProfile } from './profile';
import type { AppContext } from '../../core/context';
import { getUcmSession } from './session';
import { getUcmClock, getUcmFirmware } from './system';

export async function testUcm(ctx: AppContext, profile: UcmProfile): Promise<string> {
  const session = getUcmSession(ctx, profile);
  // Testing is a deliberate operator action: one fresh attempt even after a latched -37.
  session.clearLatchedFailure();
  const clock = await getUcmClock(session, undefined, true);
  const fw = await getUcmFirmware(session);
  const what = fw.firmware ? `firmware ${fw.firmware}${fw.model ? ` (${fw.model})` : ''}` : 'firmware unknown (no permission for getSystemGeneralStatus)';
  return `Logged in to UCM ${profile.name} as ${profile.user}; ${what}, time zone UTC${clock.offset}.`;
}
