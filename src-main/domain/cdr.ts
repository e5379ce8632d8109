/**
 * The shared CDR shape and query for UCM, Wildix and the VoIPmonitor sensor database: one search
 * form, one table, one CSV export. Filters a backend cannot apply are refused by that backend in words.
 */
import { z } from 'zod';
import { profileKindSchema } from '../profiles/schema';

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
 * Caller / callee filters: each backend reads its own syntax and refuses the rest in words. UCM and
 * Wildix: "1001", "1001,1002", "1001-1010", "10@" (prefix wildcard). VoIPmonitor, as its GUI:
 * "%" wildcards, "," lists, "!" negation ("!100%"). Any printable text is accepted here, because a SIP
 * user part may hold quotes and semicolons; no backend builds a query string from it.
 */
const partyFilter = z.string().trim().max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
/** Lists of short tokens (SIP codes, codecs, sensor ids): printable, bounded. */
const tokenList = z.string().trim().max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

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
  // VoIPmonitor sensor database only (other backends refuse them).
  /** Exact SIP Call-ID. */
  callId: z.string().min(1).max(1024).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').optional(),
  /** IPv4 address or CIDR of the SIP caller / callee ("10.0.0.5", "10.0.0.0/24"). */
  callerIp: tokenList.optional(),
  calledIp: tokenList.optional(),
  /** Last SIP response: "486", "4xx", comma lists, "!" negation ("!200"). */
  sipCode: tokenList.optional(),
  minConnectSec: z.number().int().min(0).max(86400 * 7).optional(),
  maxConnectSec: z.number().int().min(0).max(86400 * 7).optional(),
  /** Calls whose lowest MOS is below this (1.0–4.5). */
  mosBelow: z.number().min(1).max(5).optional(),
  /** Calls with packet loss above this percentage in either direction. */
  lossAbove: z.number().min(0).max(100).optional(),
  /** Codec names or RTP payload numbers: "PCMA", "G729,8". */
  codec: tokenList.optional(),
  /** Sensor ids (cdr.id_sensor), comma list. */
  sensorId: tokenList.optional(),
  limit: z.number().int().min(1).max(1_000_000).default(10_000),
});
export type CdrQuery = z.infer<typeof cdrQuerySchema>;

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
