import { z } from 'zod';
import { channel, noParams } from './define';

/** The display time zone every table, panel, CSV, ticket and CLI text output uses (src-shared/time-format.ts). */
export const zoneChoiceSchema = z.enum(['operator', 'source', 'utc']);
const displayReply = z.object({ timeZone: zoneChoiceSchema, operatorZone: z.string() });

export const displayChannels = {
  'display:get': channel(noParams, displayReply),
  'display:set': channel(z.object({ timeZone: zoneChoiceSchema }).strict(), displayReply),
} as const;
