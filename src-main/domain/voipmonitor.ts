/**
 * VoIPmonitor shapes that cross IPC (sensor health, registrations, RTP streams, call detail).
 * Kept free of Node imports: the IPC contract, the preload bundle and the renderer types use them.
 */
import { z } from 'zod';
import { sipLadderSchema } from './sip-ladder';

export const sensorHealthSchema = z.object({
  sensor: z.string(),
  version: z.string().nullable(),
  uptimeSec: z.number().nullable(),
  activeCalls: z.number().nullable(),
  /** Packets dropped by the sniffer's packet buffer. */
  bufferDrops: z.number().nullable(),
  /** Sum of pcap + interface drops over all interfaces. */
  captureDrops: z.number().nullable(),
  interfaces: z.array(z.object({ name: z.string(), pdrops: z.number().nullable(), pcapdrop: z.number().nullable(), ifdrop: z.number().nullable() })),
  traffic: z.string().nullable(),
  memoryFull: z.boolean().nullable(),
  initializing: z.boolean(),
});
export type SensorHealth = z.infer<typeof sensorHealthSchema>;

/** Registration states as the sensor names them (listregisters). */
export const REGISTRATION_STATES = ['OK', 'Failed', 'UnknownMessageOK', 'ManyRegMessages', 'Expired', 'Unregister'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export const registrationSchema = z.object({
  sensor: z.string(),
  id: z.string(),
  user: z.string(),
  fromNum: z.string().nullable(),
  toNum: z.string().nullable(),
  contactNum: z.string().nullable(),
  domain: z.string().nullable(),
  state: z.string(),
  /** Time of the last state change, ISO 8601 with the sensor zone's offset. */
  lastChange: z.string().nullable(),
  /** ISO 8601 with offset. */
  expiresAt: z.string().nullable(),
  expiresSec: z.number().nullable(),
  clientIp: z.string().nullable(),
  clientPort: z.number().nullable(),
  serverIp: z.string().nullable(),
  serverPort: z.number().nullable(),
  userAgent: z.string().nullable(),
  responseMs: z.number().nullable(),
  sipAlg: z.boolean().nullable(),
});
export type Registration = z.infer<typeof registrationSchema>;

export const rtpStreamSchema = z.object({
  srcIp: z.string().nullable(),
  srcPort: z.number().nullable(),
  dstIp: z.string().nullable(),
  dstPort: z.number().nullable(),
  ssrc: z.string().nullable(),
  codec: z.string().nullable(),
  received: z.number().nullable(),
  lost: z.number().nullable(),
  jitterAvg: z.number().nullable(),
  jitterMax: z.number().nullable(),
  /** First and last packet of the stream, ISO 8601 with the sensor zone's offset. */
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
});
export type RtpStream = z.infer<typeof rtpStreamSchema>;

export const callDetailSchema = z.object({
  sensor: z.string(),
  key: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  rtpStreams: z.array(rtpStreamSchema),
  /** The call's SIP messages (active_call_info), or why there are none; null for sources without them. */
  sipLadder: sipLadderSchema.nullable(),
});
export type CallDetail = z.infer<typeof callDetailSchema>;
