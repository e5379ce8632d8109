/**
 * KPI shapes that cross IPC (docs/KPIS.md defines every figure). Kept free of Node imports: the IPC
 * contract, the preload bundle and the renderer use them.
 */
import { z } from 'zod';

/**
 * One figure and the sample it was computed from. `value` is null when there is no sample at all;
 * `enough` is false below the minimum sample, and such a figure is shown as "n too small", never
 * compared with an alert threshold.
 */
export const figureSchema = z.object({
  value: z.number().nullable(),
  n: z.number().int().min(0),
  enough: z.boolean(),
});
export type Figure = z.infer<typeof figureSchema>;

export const percentilesSchema = z.object({ p50: figureSchema, p95: figureSchema, max: figureSchema });
export type Percentiles = z.infer<typeof percentilesSchema>;

/** MOS histogram bins: [1.0,1.5) … [4.0,4.5]; counts per bin. */
export const MOS_BINS = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5] as const;

export const sipClassesSchema = z.object({ '1xx': z.number(), '2xx': z.number(), '3xx': z.number(), '4xx': z.number(), '5xx': z.number(), '6xx': z.number() });
export type SipClasses = z.infer<typeof sipClassesSchema>;

/** Figures over a set of decided attempts (a sliding window of live calls, or a CDR result set). */
export const attemptKpisSchema = z.object({
  attempts: z.number().int(),
  answered: z.number().int(),
  /** Percent. */
  asr: figureSchema,
  ner: figureSchema,
  /** Seconds. */
  acd: figureSchema,
  /** RFC 6076, percent; only over attempts whose final SIP code is known. */
  ser: figureSchema,
  seer: figureSchema,
  isa: figureSchema,
  /** RFC 6076 session request delay, milliseconds (only where the source gives it). */
  srd: figureSchema,
  /** Final SIP response classes of the attempts whose code is known. */
  sipClasses: sipClassesSchema,
  /** Counts per MOS bin (MOS_BINS), of attempts with a measured MOS. */
  mosHistogram: z.array(z.number().int()),
});
export type AttemptKpis = z.infer<typeof attemptKpisSchema>;

/** Figures of the calls listed right now. */
export const liveSetKpisSchema = z.object({
  concurrent: z.number().int(),
  /** Calls first seen in the last 60 s, per second. */
  caps: figureSchema,
  mos: figureSchema,
  mosHistogram: z.array(z.number().int()),
  loss: percentilesSchema,
  jitter: percentilesSchema,
  /** Answered calls with RTP in one direction only / in none (VoIPmonitor only). */
  oneWayRtp: z.number().int(),
  noRtp: z.number().int(),
  sipClasses: sipClassesSchema,
});
export type LiveSetKpis = z.infer<typeof liveSetKpisSchema>;

export const groupKindSchema = z.enum(['source', 'trunk', 'destination']);
export type GroupKind = z.infer<typeof groupKindSchema>;

export const liveGroupKpisSchema = z.object({
  kind: groupKindSchema,
  key: z.string(),
  label: z.string(),
  live: liveSetKpisSchema,
  window: attemptKpisSchema,
});
export type LiveGroupKpis = z.infer<typeof liveGroupKpisSchema>;

export const liveSourceKpisSchema = z.object({
  sensor: z.string(),
  at: z.string(),
  windowSec: z.number(),
  minSample: z.number().int(),
  live: liveSetKpisSchema,
  window: attemptKpisSchema,
  /** Concurrent calls per poll, last hour: [unix ms, count]. */
  concurrentSeries: z.array(z.tuple([z.number(), z.number()])),
  trunks: z.array(liveGroupKpisSchema),
  destinations: z.array(liveGroupKpisSchema),
});
export type LiveSourceKpis = z.infer<typeof liveSourceKpisSchema>;

export const statsBucketSchema = z.object({
  start: z.string(),
  label: z.string(),
  calls: z.number().int(),
  answered: z.number().int(),
  asr: z.number().nullable(),
  acd: z.number().nullable(),
});
export type StatsBucket = z.infer<typeof statsBucketSchema>;

/** A CDR result set summarised: the CLI `stats` shape plus the figures with their sample sizes. */
export const cdrSummarySchema = z.object({
  calls: z.number().int(),
  answered: z.number().int(),
  /** Percent / seconds; null without any sample (`kpis` says whether the sample is big enough). */
  asr: z.number().nullable(),
  ner: z.number().nullable(),
  acd: z.number().nullable(),
  kpis: attemptKpisSchema,
  by: z.enum(['hour', 'trunk', 'destination']),
  buckets: z.array(statsBucketSchema),
});
export type CdrSummary = z.infer<typeof cdrSummarySchema>;
