/**
 * The shared CDR shape and query for UCM, Wildix and the VoIPmonitor sensor database: one search
 * form, one table, one CSV export. Filters a backend cannot apply are refused by that backend in words.
 */
import { z } from 'zod';
import { profileKindSchema } from '../profiles/schema';
import { cdrQuerySchema, type CdrQuery } from '../../src-shared/cdr-query-schema';

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

/** What a sensor measured about a call (VoIPmonitor only); per direction: caller = RTP the caller sent. */
export const cdrQualitySchema = z.object({
  /** MOS 1.0–4.5 (adaptive jitter buffer), null when the stream was too short to score. */
  mosCaller: z.number().nullable(),
  mosCalled: z.number().nullable(),
  /** Lowest MOS over the call. */
  mosMin: z.number().nullable(),
  /** Average jitter in ms. */
  jitterCaller: z.number().nullable(),
  jitterCalled: z.number().nullable(),
  /** Packet loss in percent. */
  lossCaller: z.number().nullable(),
  lossCalled: z.number().nullable(),
  codec: z.string().nullable(),
  /** Last SIP response: code and reason as the sensor saw it ("486 Busy Here"). */
  lastSipCode: z.number().int().nullable(),
  lastSipResponse: z.string().nullable(),
  sensorId: z.number().int().nullable(),
  callerIp: z.string().nullable(),
  calledIp: z.string().nullable(),
  /** Seconds from INVITE to answer, null when never answered. */
  connectDurationSec: z.number().nullable(),
});
export type CdrQuality = z.infer<typeof cdrQualitySchema>;

export const cdrRecordSchema = z.object({
  /** Unique within the search: source id of the call. */
  id: z.string(),
  profileId: z.string(),
  source: profileKindSchema,
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
  /** Sensor measurements (VoIPmonitor records only). */
  quality: cdrQualitySchema.optional(),
});
export type CdrRecord = z.infer<typeof cdrRecordSchema>;

/**
 * The query and its rules live in src-shared so the renderer's form checks what main enforces, from
 * the same definition (src-shared/cdr-query-schema.ts).
 */
export { cdrQuerySchema, cdrQueryOrderErrors, type CdrQuery } from '../../src-shared/cdr-query-schema';

/** A saved search's time range relative to when it runs ("yesterday" means the day before today). */
export const cdrRelativeRangeSchema = z.enum(['last1h', 'last24h', 'today', 'yesterday', 'last7d']);
export type CdrRelativeRange = z.infer<typeof cdrRelativeRangeSchema>;

/** A named saved search: stored in cdr-searches.json by the CDR service and listed/saved over IPC (one schema for both). */
export const savedSearchSchema = z.object({ name: z.string().trim().min(1).max(80), query: cdrQuerySchema, relative: cdrRelativeRangeSchema.optional() });
export type SavedSearch = z.infer<typeof savedSearchSchema>;

export interface CdrPage {
  records: CdrRecord[];
  /** Rows fetched so far, including this page. */
  fetched: number;
  /** Total when the backend tells it, else null. */
  total: number | null;
}

/** A backend that answers CDR searches page by page (UCM cdrapi, Wildix CallHistory). */
export interface CdrSource {
  /** Sensor-database filters this source applies (callId, sipCode, mosBelow, …); others are refused. */
  extraFilters?: readonly string[];
  search(query: CdrQuery, opts: { signal: AbortSignal; onPage: (page: CdrPage) => void }): Promise<{ fetched: number; truncated: boolean }>;
}
