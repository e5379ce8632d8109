import { z } from 'zod';
import { channel } from './define';
import { callViewQuerySchema, callViewSchema } from '../../domain/call-view';
import { liveCallSchema } from '../../domain/live-call';
import { profileIdSchema } from '../../profiles/schema';

/** Calls, by what is done with them, whatever the backend. */
export const callsChannels = {
  /** The one call view: what every backend knows about one call. */
  'calls:view': channel(callViewQuerySchema, callViewSchema),
  /**
   * Ends a live call (backends with `hangup`). `handle` is the backend's call handle from the live row
   * (LiveCall.channel). The renderer asks the operator to confirm first.
   */
  'calls:hangup': channel(z.object({ profileId: profileIdSchema, handle: z.string().min(1).max(200) }).strict(), z.object({ status: z.number() })),
  /** One user's current calls (backends with `userCalls`, for PBXs without a PBX-wide live list). */
  'calls:ofUser': channel(z.object({ profileId: profileIdSchema, extension: z.string().regex(/^[0-9]{1,10}$/) }).strict(), z.object({ calls: z.array(liveCallSchema) })),
} as const;
