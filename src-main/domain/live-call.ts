/**
 * The product's own words for a live call, shared by every source (VoIPmonitor sensors, UCM channel
 * lists) so one table, one detail panel and one CLI output serve them all.
 */
import { z } from 'zod';
import { profileKindSchema } from '../profiles/schema';

/** Which backend a live row came from. */
export const liveSourceKindSchema = profileKindSchema;

export const liveCallSchema = z.object({
  /** Unique across sources: "<profileId>:<source's own call reference>". */
  key: z.string(),
  /** Profile id of the sensor or PBX (the table's "sensor" column). */
  sensor: z.string(),
  source: liveSourceKindSchema,
  /** SIP Call-ID when the source knows it (used to join backends and sign SIP VAULT links). */
  callId: z.string().nullable(),
  caller: z.string(),
  called: z.string(),
  callerName: z.string().nullable(),
  /** ISO 8601 with offset. */
  start: z.string().nullable(),
  /** At the time of the poll; the UI ticks it forward locally. */
  durationSec: z.number().nullable(),
  state: z.string().nullable(),
  lastSipResponse: z.number().int().nullable(),
  codec: z.string().nullable(),
  /** MOS 1.0–4.5 or null when unknown. */
  mosCaller: z.number().nullable(),
  mosCalled: z.number().nullable(),
  jitterCaller: z.number().nullable(),
  jitterCalled: z.number().nullable(),
  /** Packet loss in percent. */
  lossCaller: z.number().nullable(),
  lossCalled: z.number().nullable(),
  loss10sCaller: z.number().nullable(),
  loss10sCalled: z.number().nullable(),
  callerIp: z.string().nullable(),
  calledIp: z.string().nullable(),
  rtpCallerIp: z.string().nullable(),
  rtpCalledIp: z.string().nullable(),
  /** Source-specific handle for actions (UCM channel name for hang-up), never a secret. */
  channel: z.string().nullable(),
  /** Every other field the source reported, for the detail panel. Values are display-safe scalars. */
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type LiveCall = z.infer<typeof liveCallSchema>;

/**
 * The media fields of a call a PBX reports without RTP statistics (UCM channel lists, Wildix user
 * calls): quality and media addresses are unknown, not zero.
 */
export function noMediaFields(): Pick<
  LiveCall,
  'lastSipResponse' | 'codec' | 'mosCaller' | 'mosCalled' | 'jitterCaller' | 'jitterCalled' | 'lossCaller' | 'lossCalled' | 'loss10sCaller' | 'loss10sCalled' | 'callerIp' | 'calledIp' | 'rtpCallerIp' | 'rtpCalledIp'
> {
  return {
    lastSipResponse: null,
    codec: null,
    mosCaller: null,
    mosCalled: null,
    jitterCaller: null,
    jitterCalled: null,
    lossCaller: null,
    lossCalled: null,
    loss10sCaller: null,
    loss10sCalled: null,
    callerIp: null,
    calledIp: null,
    rtpCallerIp: null,
    rtpCalledIp: null,
  };
}

/** Changes pushed to the window: only what moved since the last poll. */
export const liveDiffSchema = z.object({
  sensor: z.string(),
  added: z.array(liveCallSchema),
  changed: z.array(liveCallSchema),
  removed: z.array(z.string()),
  /** True on a snapshot (first push after (re)subscribing, recovery, or asked for): the receiver replaces its rows for this sensor. */
  reset: z.boolean(),
  /**
   * Per sensor and subscriber, +1 on every push (snapshots included). A receiver that sees a non-snapshot
   * push whose seq is not its last + 1 missed one, and asks for a snapshot (`live:snapshot`).
   */
  seq: z.number().int().nonnegative(),
  polledAt: z.string(),
});
export type LiveDiff = z.infer<typeof liveDiffSchema>;

export const sourceStatusSchema = z.object({
  sensor: z.string(),
  state: z.enum(['connecting', 'connected', 'slow', 'error', 'paused', 'stopped']),
  message: z.string(),
  /** When state is error: seconds until the next attempt. */
  retryInSec: z.number().nullable(),
  lastPollMs: z.number().nullable(),
  callCount: z.number().nullable(),
  /** ISO time of the last successful poll (null: none yet). The rows are as of this time. */
  lastGoodPollAt: z.string().nullable(),
  /** ISO time of the first failure since the last good poll: the rows are stale from then on. */
  staleSince: z.string().nullable(),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

/** A source of live calls that the live-calls service polls. */
export interface LiveSource {
  readonly profileId: string;
  poll(signal: AbortSignal): Promise<LiveCall[]>;
  close(): Promise<void>;
}
