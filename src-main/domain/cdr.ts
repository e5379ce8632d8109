/**
 * The shared CDR shape and query for UCM and Wildix: one search form, one table, one CSV export.
 */
import { z } from 'zod';

export const cdrLegSchema = z.object({
  channel: z.string().nullable(),
  dstchannel: z.string().nullable(),
  src: z.string().nullable(),
  dst: z.string().nullable(),
  /** ISO 8601 with offset. */
  start: z.string().nullable(),
  billsec: z.number().nullable(),
  disposition: z.string().nullable(),
});
export type CdrLeg = z.infer<typeof cdrLegSchema>;

export const cdrRecordSchema = z.object({
  /** Unique within the search: source id of the call. */
  id: z.string(),
  profileId: z.string(),
  source: z.enum(['ucm', 'wildix']),
  /** SIP Call-ID when the backend records it. */
  callId: z.string().nullable(),
  /** ISO 8601 with the PBX's offset. */
  start: z.string(),
  answer: z.string().nullable(),
  end: z.string().nullable(),
  durationSec: z.number(),
  billsec: z.number(),
  caller: z.string(),
  callerName: z.string().nullable(),
  callee: z.string(),
  /** ANSWERED, NO ANSWER, BUSY, FAILED, … as the PBX names it, upper-cased. */
  disposition: z.string(),
  legs: z.array(cdrLegSchema),
  recordFiles: z.array(z.string()),
  /** Other display-safe fields for the row detail. */
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type CdrRecord = z.infer<typeof cdrRecordSchema>;

/** Caller / callee filters use the UCM-style syntax: "1001", "1001,1002", "1001-1010", "10@" (prefix wildcard). */
const partyFilter = z.string().trim().max(200).regex(/^[0-9A-Za-z*#+@,.\- ]*$/, 'digits, letters, "@" wildcard, "," lists and "-" ranges only');

export const cdrQuerySchema = z.object({
  profileId: z.string(),
  /** ISO 8601; interpreted in the operator's zone when no offset is given. */
  from: z.string().max(40),
  to: z.string().max(40),
  caller: partyFilter.optional(),
  callee: partyFilter.optional(),
  callerName: z.string().trim().max(100).optional(),
  minDurationSec: z.number().int().min(0).max(86400 * 7).optional(),
  maxDurationSec: z.number().int().min(0).max(86400 * 7).optional(),
  disposition: z.enum(['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED']).optional(),
  /** Free text (Wildix). */
  text: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(1_000_000).default(10_000),
});
export type CdrQuery = z.infer<typeof cdrQuerySchema>;

/** A saved search's time range relative to when it runs ("yesterday" means the day before today). */
export const cdrRelativeRangeSchema = z.enum(['last1h', 'last24h', 'today', 'yesterday', 'last7d']);
export type CdrRelativeRange = z.infer<typeof cdrRelativeRangeSchema>;

export interface CdrPage {
  records: CdrRecord[];
  /** Rows fetched so far, including this page. */
  fetched: number;
  /** Total when the backend tells it, else null. */
  total: number | null;
}

/** A backend that answers CDR searches page by page (UCM cdrapi, Wildix CallHistory). */
export interface CdrSource {
  search(query: CdrQuery, opts: { signal: AbortSignal; onPage: (page: CdrPage) => void }): Promise<{ fetched: number; truncated: boolean }>;
}
