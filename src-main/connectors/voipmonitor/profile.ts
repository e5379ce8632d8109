/** The VoIPmonitor sensor profile: how to reach the manager API and how it is encrypted (docs/PROFILES.md). */
import { z } from 'zod';
import { absPathSchema, commonProfileFields, hostSchema, portSchema, profileIdSchema, sshFingerprintSchema } from '../../profiles/fields';

export const voipmonitorTransportSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tcp'), host: hostSchema, port: portSchema.default(5029) }),
  z.object({ type: z.literal('unix'), socketPath: absPathSchema.default('/tmp/vm_manager_socket') }),
  z.object({
    type: z.literal('ssh'),
    host: hostSchema,
    port: portSchema.default(22),
    user: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/),
    /** Pinned host key. Empty until the operator accepts the fingerprint shown on first contact. */
    hostKeySha256: sshFingerprintSchema.optional(),
    auth: z.enum(['key', 'agent', 'password']).default('key'),
    sshKeyPath: absPathSchema.optional(),
    /** How to reach the manager on the far side (see docs): OpenSSH stream-local forward, `nc -U`, or TCP 5029. */
    mode: z.enum(['streamlocal', 'exec', 'tcp']).default('streamlocal'),
    socketPath: absPathSchema.default('/tmp/vm_manager_socket'),
    remotePort: portSchema.default(5029),
  }),
]);
export type VoipmonitorTransport = z.infer<typeof voipmonitorTransportSchema>;

export const voipmonitorProfileSchema = z.object({
  ...commonProfileFields,
  kind: z.literal('voipmonitor'),
  transport: voipmonitorTransportSchema,
  cipher: z.enum(['none', 'aes-128-cbc', 'aes-256-cbc']).default('none'),
  pollIntervalSec: z.number().min(1).max(5).default(2),
  timeoutMs: z.number().int().min(500).max(60000).default(5000),
  /** IANA zone of the sensor's clock, for showing call start times. Empty: this workstation's zone. */
  timeZone: z.string().max(64).optional(),
  sipvaultProfileId: profileIdSchema.optional(),
});
export type VoipmonitorProfile = z.infer<typeof voipmonitorProfileSchema>;

/** Keychain entries of a sensor profile. */
export const VOIPMONITOR_SECRETS = ['aesKey', 'aesIv', 'sshPassword', 'sshKeyPassphrase'] as const;
