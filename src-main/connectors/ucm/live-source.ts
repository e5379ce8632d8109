/**
 * UCM live calls as a LiveSource for the live-calls service (poll every pollIntervalSec, 5 s by
 * default like the UCM web UI). The session is shared with CDR search and hang-up for the profile.
 */
import type { LiveSource } from '../../domain/live-call';
import type { UcmProfile } from './profile';
import { pollLiveCalls } from './channels';
import { getUcmSession, type UcmDeps } from './session';

export function createUcmLiveSource(ctx: UcmDeps, profile: UcmProfile): LiveSource {
  return {
    profileId: profile.id,
    poll: (signal) => pollLiveCalls(getUcmSession(ctx, profile), profile.id, () => ctx.now(), signal),
    // The session outlives one subscriber (CDR search, hang-up use it too); closeAll() logs out at quit.
    close: async () => undefined,
  };
}
