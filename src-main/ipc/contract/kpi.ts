import { z } from 'zod';
import { channel, noParams, okReply } from './define';
import { profileIdSchema } from '../../profiles/schema';
import { cdrSummarySchema, liveSourceKpisSchema } from '../../domain/kpi';

/** Live KPIs per source (pushed as `kpi:live` at most once a second per source) and CDR result-set summaries. */
export const kpiChannels = {
  'kpi:live': channel(z.object({ profileIds: z.array(profileIdSchema).max(50).optional() }).strict(), z.object({ sources: z.array(liveSourceKpisSchema) })),
  'kpi:subscribe': channel(noParams, okReply),
  'kpi:unsubscribe': channel(noParams, okReply),
  /** The summary strip of a CDR search job (its whole result set, or the rows its quick filter shows). */
  'kpi:cdrSummary': channel(
    z.object({ jobId: z.string().uuid(), by: z.enum(['hour', 'trunk', 'destination']).default('hour'), quick: z.string().max(200).optional() }).strict(),
    cdrSummarySchema,
  ),
} as const;

export const kpiEvents = {
  'kpi:live': liveSourceKpisSchema,
} as const;
