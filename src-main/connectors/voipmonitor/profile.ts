/** The VoIPmonitor sensor profile: how to reach the manager API and how it is encrypted (docs/PROFILES.md). */
import { z } from 'zod';
import { absPathSchema, certFingerprintSchema, commonProfileFields, hostSchema, portSchema, profileIdSchema, sshFingerprintSchema } from '../../profiles/fields';

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

/**
 * The sensor's CDR database (the VoIPmonitor GUI's MariaDB/MySQL), for call history
 * (docs/VOIPMONITOR-HISTORY.md). Optional: a profile without it has live calls only. The password is
 * the keychain secret "dbPassword".
 * - via "ssh": a direct-tcpip channel over the profile's own SSH connection to host:port as seen from
 *   the SSH server (the usual case: the database listens on the GUI host's loopback);
 * - via "direct": TCP from this workstation, TLS required with the server certificate pinned by its
 *   SHA-256 (like the UCM's); plaintext ("tls": "off") only to a loopback address.
 */
export const voipmonitorDatabaseSchema = z.object({
  via: z.enum(['ssh', 'direct']).default('ssh'),
  host: hostSchema.default('127.0.0.1'),
  port: portSchema.default(3306),
  database: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'a database name (letters, digits, "_")').default('voipmonitor'),
  /** A read-only account (SELECT on cdr, cdr_next and cdr_sip_response only). */
  user: z.string().min(1).max(80).regex(/^[A-Za-z0-9._@-]+$/, 'a database user name'),
  tls: z.enum(['required', 'off']).default('required'),
  tlsCertSha256: certFingerprintSchema.optional(),
  /** Server-side limit per statement (MariaDB max_statement_time, MySQL max_execution_time). */
  statementTimeoutSec: z.number().int().min(1).max(600).default(30),
});
export type VoipmonitorDatabase = z.infer<typeof voipmonitorDatabaseSchema>;

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

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
  database: voipmonitorDatabaseSchema.optional(),
}).superRefine((p, ctx) => {
  const db = p.database;
  if (!db) return;
  if (db.via === 'ssh' && p.transport.type !== 'ssh') {
    ctx.addIssue({ code: 'custom', path: ['database', 'via'], message: 'the database can be reached "via ssh" only when the sensor transport is SSH; use "direct"' });
  }
  if (db.via === 'direct' && db.tls === 'off' && !LOOPBACK_HOST.test(db.host)) {
    ctx.addIssue({ code: 'custom', path: ['database', 'tls'], message: 'a database password may cross the network only over TLS: "tls": "off" is allowed for a loopback address only' });
  }
});
export type VoipmonitorProfile = z.infer<typeof voipmonitorProfileSchema>;

/** Keychain entries of a sensor profile. */
export const VOIPMONITOR_SECRETS = ['aesKey', 'aesIv', 'sshPassword', 'sshKeyPassphrase', 'dbPassword'] as const;
