import { z } from 'zod';
import { channel } from './define';
import { profileIdSchema } from '../../profiles/schema';
import { ucmExtensionSchema } from '../../domain/pbx';

/** UCM-only actions. The renderer asks the operator to confirm before calling ucm:hangup. */
export const ucmChannels = {
  'ucm:hangup': channel(z.object({ profileId: profileIdSchema, channel: z.string().min(1).max(200) }).strict(), z.object({ status: z.number() })),
  'ucm:extensions': channel(z.object({ profileId: profileIdSchema }).strict(), z.object({ extensions: z.array(ucmExtensionSchema) })),
} as const;
