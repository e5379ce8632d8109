import { z } from 'zod';
import { channel, noParams, okReply, publicErrorSchema } from './define';
import { cdrQuerySchema, cdrRecordSchema, savedSearchSchema } from '../../domain/cdr';

const jobIdSchema = z.string().uuid();
/** Requests refuse unknown keys (a misspelt filter would otherwise be dropped silently and widen the search). */
const searchRequest = z.strictObject(cdrQuerySchema.shape);
const savedSaveRequest = savedSearchSchema.extend({ query: searchRequest }).strict();

/** CDR search (UCM, Wildix): results stream as `cdr:page` events; CSV export is written by main. */
export const cdrChannels = {
  'cdr:search': channel(searchRequest, z.object({ jobId: jobIdSchema })),
  'cdr:cancel': channel(z.object({ jobId: jobIdSchema }).strict(), okReply),
  /** Main shows the save dialog; the renderer never passes a path. */
  'cdr:exportCsv': channel(
    z
      .object({
        jobId: jobIdSchema,
        /** The window's quick filter and sort: the export writes the rows the operator sees. */
        quick: z.string().max(200).optional(),
        sort: z.object({ column: z.enum(['start', 'caller', 'callerName', 'callee', 'disposition', 'durationSec', 'billsec', 'profileId', 'legs', 'recordFiles']), desc: z.boolean() }).nullable().optional(),
      })
      .strict(), z.object({ cancelled: z.boolean(), path: z.string().optional(), rows: z.number() })),
  'cdr:savedList': channel(noParams, z.object({ saved: z.array(savedSearchSchema), last: z.nullable(cdrQuerySchema) })),
  'cdr:savedSave': channel(savedSaveRequest, okReply),
  'cdr:savedDelete': channel(z.object({ name: z.string().trim().min(1).max(80) }).strict(), okReply),
} as const;

export const cdrEvents = {
  'cdr:page': z.object({
    jobId: z.string(),
    records: z.array(cdrRecordSchema),
    fetched: z.number(),
    total: z.number().nullable(),
    done: z.boolean(),
    truncated: z.boolean().optional(),
    cancelled: z.boolean().optional(),
    error: publicErrorSchema.optional(),
  }),
} as const;
