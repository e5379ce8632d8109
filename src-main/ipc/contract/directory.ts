import { z } from 'zod';
import { channel } from './define';
import { profileIdSchema } from '../../profiles/schema';
import { directoryEntrySchema, directoryQueueSchema } from '../../domain/pbx';

/** The PBX directory of any backend with the `directory` / `queues` capabilities. */
export const directoryChannels = {
  /** Extensions / colleagues with presence where the PBX offers it. */
  'directory:list': channel(z.object({ profileId: profileIdSchema }).strict(), z.object({ entries: z.array(directoryEntrySchema) })),
  /** Call queues with their member extensions. */
  'directory:queues': channel(z.object({ profileId: profileIdSchema }).strict(), z.object({ queues: z.array(directoryQueueSchema) })),
} as const;
