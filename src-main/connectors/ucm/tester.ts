/**
 * "Test connection" for a UCM profile: login + getSystemStatus (+ firmware when the user may read it).
 */
import { CallboardError } from '../../core/errors';
import type { Profile } from '../../profiles/schema';
import type { AppContext } from '../../services/context';
import { getUcmSession } from './session';
import { getUcmClock, getUcmFirmware } from './system';

export async function testUcm(ctx: AppContext, profile: Profile): Promise<string> {
  if (profile.kind !== 'ucm') throw new CallboardError('usage', `Profile "${profile.id}" is not a UCM profile.`);
  const session = getUcmSession(ctx, profile);
  // Testing is a deliberate operator action: one fresh attempt even after a latched -37.
  session.clearLatchedFailure();
  const clock = await getUcmClock(session, undefined, true);
  const fw = await getUcmFirmware(session);
  const what = fw.firmware ? `firmware ${fw.firmware}${fw.model ? ` (${fw.model})` : ''}` : 'firmware unknown (no permission for getSystemGeneralStatus)';
  return `Logged in to UCM ${profile.name} as ${profile.user}; ${what}, time zone UTC${clock.offset}.`;
}
