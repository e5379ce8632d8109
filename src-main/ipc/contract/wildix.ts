import { z } from 'zod';
import { channel } from './define';
import { profileIdSchema } from '../../profiles/schema';
import { liveCallSchema } from '../../domain/live-call';

export const wildixQueueSchema = z.object({
  id: z.string(),
  name: z.string(),
  strategy: z.string().nullable(),
  members: z.array(z.string()),
});

export const wildixColleagueSchema = z.object({
  id: z.string(),
  name: z.string(),
  extension: z.string(),
  email: z.string().nullable(),
  department: z.string().nullable(),
  presence: z.object({ online: z.boolean(), show: z.string().nullable(), message: z.string().nullable() }).nullable(),
});

export const wildixChannels = {
  /** Call queues of a Wildix PBX with their member extensions. */
  'wildix:queues': channel(z.object({ profileId: profileIdSchema }).strict(), z.object({ queues: z.array(wildixQueueSchema) })),
  /** Colleagues (users/extensions) with presence where the PBX offers it. */
  'wildix:colleagues': channel(z.object({ profileId: profileIdSchema }).strict(), z.object({ colleagues: z.array(wildixColleagueSchema) })),
  /** Current calls of one user (v2 call-control); Wildix has no PBX-wide live list. */
  'wildix:userCalls': channel(
    z.object({ profileId: profileIdSchema, extension: z.string().regex(/^[0-9]{1,10}$/) }).strict(),
    z.object({ calls: z.array(liveCallSchema) }),
  ),
  /** What live-call information a Wildix PBX can and cannot give, for the UI to show. */
  'wildix:liveCapabilities': channel(z.object({}).strict(), z.object({ message: z.string() })),
} as const;
