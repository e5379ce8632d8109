/**
 * The one call view's query and result: one call as every backend knows it. Free of Node imports: the IPC contract uses it.
 */
import { z } from 'zod';
import { profileKindSchema } from '../profiles/schema';
import { liveCallSchema } from './live-call';
import { cdrRecordSchema } from './cdr';
import { profileIdSchema } from '../profiles/schema';

export const callViewQuerySchema = z
  .object({
    callId: z.string().min(1).max(1024).optional(),
    /** Caller or callee number, when no Call-ID is known. */
    number: z.string().trim().regex(/^[0-9+*#]{2,32}$/, 'digits, "+", "*" or "#" only').optional(),
    /** ISO 8601 time of the call (operator's zone when no offset). */
    at: z.string().max(40).optional(),
    /** Half-width of the time window for CDR matching. */
    windowSec: z.number().int().min(10).max(86_400).default(900),
    profileIds: z.array(profileIdSchema).max(50).optional(),
  })
  .strict()
  .refine((q) => q.callId || q.number, { message: 'give a Call-ID, or a number (and optionally a time)' })
  .refine((q) => !q.callId || !/[\r\n\0]/.test(q.callId), { message: 'a Call-ID cannot contain line breaks' });
export type CallViewQuery = z.input<typeof callViewQuerySchema>;

const matchSchema = z.enum(['callid', 'number', 'loose']);
export const timelineEventSchema = z.object({
  time: z.string(),
  source: profileKindSchema,
  profileId: z.string(),
  kind: z.enum(['start', 'answer', 'transfer', 'end', 'live']),
  label: z.string(),
  match: matchSchema,
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const callViewSchema = z.object({
  callId: z.string().nullable(),
  searched: z.object({ from: z.string(), to: z.string(), profiles: z.array(z.string()) }),
  live: z.array(z.object({ call: liveCallSchema, match: matchSchema })),
  records: z.array(z.object({ record: cdrRecordSchema, match: matchSchema })),
  timeline: z.array(timelineEventSchema),
  link: z.object({ url: z.string(), validUntil: z.string(), vaultProfileId: z.string() }).nullable(),
  linkProblem: z.string().nullable(),
  problems: z.array(z.object({ profileId: z.string(), message: z.string() })),
});
export type CallView = z.infer<typeof callViewSchema>;
