import { z } from 'zod';
import { channel, noParams, okReply } from './define';
import { profileIdSchema } from '../../profiles/schema';
import { liveCallSchema, liveDiffSchema, sourceStatusSchema } from '../../domain/live-call';
import { sensorHealthSchema, registrationSchema, rtpStreamSchema, REGISTRATION_STATES } from '../../domain/voipmonitor';
import { sipLadderSchema } from '../../domain/sip-ladder';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** "<profileId>:<source's call reference>" as in LiveCall.key. */
const callKeySchema = z.string().min(3).max(300).regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}:[\x21-\x7e]{1,200}$/);

/**
 * Live calls: the window subscribes to sensors/PBXs and receives `live:diff` and
 * `live:status` events; one-off requests read call detail, registrations and sensor health.
 */
export const liveChannels = {
  /** Replaces the window's set of watched profiles. `filter` is free text over numbers, names, Call-ID, IPs. */
  'live:subscribe': channel(z.object({ profileIds: z.array(profileIdSchema).max(50), filter: z.string().max(200).optional() }).strict(), okReply),
  /** Without profileIds: stops all. */
  'live:unsubscribe': channel(z.object({ profileIds: z.array(profileIdSchema).max(50).optional() }).strict(), okReply),
  /** Pushes a snapshot (reset `live:diff`) of these watched profiles, or all: after a gap in `seq`. */
  'live:snapshot': channel(z.object({ profileIds: z.array(profileIdSchema).max(50).optional() }).strict(), okReply),
  'live:pause': channel(noParams, okReply),
  'live:resume': channel(noParams, okReply),
  /** All fields of one call plus its RTP streams (VoIPmonitor active_call_info). */
  'live:callDetail': channel(
    z.object({ key: callKeySchema, sensor: profileIdSchema.optional() }).strict(),
    z.object({
      sensor: z.string(),
      key: z.string(),
      call: liveCallSchema.nullable(),
      fields: z.record(z.string(), scalar),
      rtpStreams: z.array(rtpStreamSchema),
      /** The same streams as flat records, for generic tables. */
      streams: z.array(z.record(z.string(), scalar)),
      /** The SIP message ladder (VoIPmonitor active_call_info), or why the sensor gives none; null for sources without one. */
      sipLadder: sipLadderSchema.nullable(),
    }),
  ),
  /** Main asks the sensor for the call's SIP ladder again and writes it to the clipboard as text (display zone); nothing else crosses. */
  'live:copyLadder': channel(
    z.object({ key: callKeySchema }).strict(),
    z.object({ lines: z.number(), messages: z.number(), stale: z.boolean() }),
  ),
  'live:registrations': channel(
    z.object({
      profileId: profileIdSchema,
      filter: z.object({ user: z.string().max(64).optional(), states: z.array(z.enum(REGISTRATION_STATES)).max(6).optional() }).strict().optional(),
    }).strict(),
    z.object({ registrations: z.array(registrationSchema) }),
  ),
  /** Version, call count, capture drops, traffic of a sensor. */
  'live:health': channel(z.object({ profileId: profileIdSchema }).strict(), sensorHealthSchema),
  /** Opens/closes the sensor's manager socket file (`manager_file`): only on an explicit operator action; audited. */
  'live:managerFile': channel(
    z.object({ profileId: profileIdSchema, action: z.enum(['start', 'stop']), socketPath: z.string().regex(/^\/[A-Za-z0-9_./-]{1,200}$/).optional() }).strict(),
    z.object({ message: z.string() }),
  ),
} as const;

export const liveEvents = {
  'live:diff': liveDiffSchema,
  'live:status': sourceStatusSchema,
} as const;
