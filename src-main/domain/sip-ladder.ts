/**
 * The SIP message ladder of one call as it crosses IPC: each message the sensor kept (time, addresses,
 * first line, CSeq), in capture order. Built from VoIPmonitor's `active_call_info` (docs/VOIPMONITOR.md,
 * "active_call_info"). Kept free of Node imports (contract, preload and renderer types use it).
 */
import { z } from 'zod';

/** Where a message goes relative to the call: from the caller's signalling address, from the called side's, or between other hops. */
export const SIP_DIRECTIONS = ['from-caller', 'from-called', 'other'] as const;

export const sipMessageSchema = z.object({
  /** ISO 8601 with milliseconds and the sensor zone's offset. */
  time: z.string(),
  /** Microseconds since the first message of the ladder (the sensor's capture clock). */
  offsetUs: z.number(),
  src: z.string(),
  srcPort: z.number().nullable(),
  dst: z.string(),
  dstPort: z.number().nullable(),
  /** The request or status line, bounded and without control characters. */
  firstLine: z.string(),
  kind: z.enum(['request', 'response', 'other']),
  /** Request method, or the method a response answers (from its CSeq). */
  method: z.string().nullable(),
  status: z.number().nullable(),
  /** "1 INVITE". */
  cseq: z.string().nullable(),
  direction: z.enum(SIP_DIRECTIONS),
  sipBytes: z.number().nullable(),
  /** The same packet captured more than once (two capture interfaces on one link) is shown once. */
  copies: z.number(),
});
export type SipMessage = z.infer<typeof sipMessageSchema>;

export const sipLadderSchema = z.object({
  /** available: the sensor sent its SIP messages; disabled: its option says no; unavailable: nothing usable came. */
  state: z.enum(['available', 'disabled', 'unavailable']),
  /** In the operator's words when the state is not "available" or part of the ladder was dropped. */
  note: z.string().nullable(),
  messages: z.array(sipMessageSchema),
  /** "address:port" of every party, in order of first appearance: the ladder's lanes. */
  parties: z.array(z.string()),
  /** Messages beyond the ladder's bound (not shown). */
  omitted: z.number(),
  /** Entries that failed validation (bad time, address or line). */
  rejected: z.number(),
});
export type SipLadder = z.infer<typeof sipLadderSchema>;
