/**
 * The profiles file format (docs/PROFILES.md). Non-secret settings only: secrets live in the OS
 * keychain under (service "Callboard", account "<profileId>:<secretName>").
 *
 * Backward compatibility rule: new fields are optional with defaults; a breaking change bumps
 * `version` and adds a migration in migrate.ts. Old files must keep loading.
 */
import { z } from 'zod';

export const PROFILE_KINDS = ['voipmonitor', 'ucm', 'wildix', 'sipvault'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const SECRET_NAMES = {
  voipmonitor: ['aesKey', 'aesIv', 'sshPassword', 'sshKeyPassphrase'],
  ucm: ['password'],
  wildix: ['appSecret', 'basicPassword'],
  sipvault: ['hmacSecret'],
} as const satisfies Record<ProfileKind, readonly string[]>;

export type SecretName = (typeof SECRET_NAMES)[ProfileKind][number];
export const ALL_SECRET_NAMES = [...new Set(Object.values(SECRET_NAMES).flat())] as SecretName[];

export function secretNamesFor(kind: ProfileKind): readonly SecretName[] {
  return SECRET_NAMES[kind];
}

/** Letters, digits, dash, underscore: safe in keychain account names, file names and CLI args. */
export const profileIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'use 1-63 letters, digits, "-" or "_", starting with a letter or digit');

const hostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address');
const portSchema = z.number().int().min(1).max(65535);
const absPathSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^\/[^\0\r\n]*$/, 'an absolute path');
/** OpenSSH style "SHA256:base64" (no padding). */
export const sshFingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'an OpenSSH SHA256 fingerprint');
/** Colon-separated upper-case hex, as browsers and openssl print it. */
export const certFingerprintSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a SHA-256 fingerprint like AB:CD:…'));

const httpsUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'an https:// URL without credentials')
  .transform((s) => s.replace(/\/+$/, ''));

const common = {
  id: profileIdSchema,
  name: z.string().trim().min(1).max(80),
};

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

/** Dial policy against toll fraud (issue 6). Conservative defaults: international is off. */
export const dialPolicySchema = z.object({
  /** ISO 3166 region used to parse national numbers, e.g. "CZ", "US". */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('US'),
  allowInternal: z.boolean().default(true),
  allowNational: z.boolean().default(true),
  allowMobile: z.boolean().default(true),
  allowInternational: z.boolean().default(false),
  /** Internal extensions, as a regular expression over digits. */
  extensionPattern: z.string().max(200).default('^[0-9]{2,6}$'),
  /** Prefix patterns on the E.164 number ("+4420*") that are always allowed / denied. Deny wins. */
  allow: z.array(z.string().max(40)).max(200).default([]),
  deny: z.array(z.string().max(40)).max(200).default([]),
  maxPerMinute: z.number().int().min(1).max(120).default(10),
  dedupSeconds: z.number().int().min(0).max(600).default(10),
  skipConfirmForInternal: z.boolean().default(false),
  /**
   * How an external number is sent to the PBX: "e164" (+442079460000), or "local": as a desk phone in
   * defaultCountry would dial it (02079460000 from GB, 011442079460000 from the US), for outbound
   * routes that do not match "+".
   */
  dialFormat: z.enum(['e164', 'local']).default('e164'),
});
export type DialPolicy = z.infer<typeof dialPolicySchema>;

export const voipmonitorProfileSchema = z.object({
  ...common,
  kind: z.literal('voipmonitor'),
  transport: voipmonitorTransportSchema,
  cipher: z.enum(['none', 'aes-128-cbc', 'aes-256-cbc']).default('none'),
  pollIntervalSec: z.number().min(1).max(5).default(2),
  timeoutMs: z.number().int().min(500).max(60000).default(5000),
  /** IANA zone of the sensor's clock, for showing call start times. Empty: this workstation's zone. */
  timeZone: z.string().max(64).optional(),
  sipvaultProfileId: profileIdSchema.optional(),
});

export const ucmProfileSchema = z.object({
  ...common,
  kind: z.literal('ucm'),
  baseUrl: httpsUrlSchema,
  user: z.string().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/),
  tlsCertSha256: certFingerprintSchema.optional(),
  /** Old UCM firmware only offers ciphers/keys that OpenSSL level 2 refuses. Opt-in per profile. */
  legacyTls: z.boolean().default(false),
  pollIntervalSec: z.number().min(2).max(60).default(5),
  timeoutMs: z.number().int().min(1000).max(120000).default(15000),
  operatorExtension: z.string().regex(/^[0-9]{1,10}$/).optional(),
  dialPolicy: dialPolicySchema.default(dialPolicySchema.parse({})),
  sipvaultProfileId: profileIdSchema.optional(),
});

export const wildixProfileSchema = z.object({
  ...common,
  kind: z.literal('wildix'),
  baseUrl: httpsUrlSchema,
  auth: z.enum(['s2s', 'basic']).default('s2s'),
  appId: z.string().max(200).optional(),
  appName: z.string().max(200).optional(),
  basicUser: z.string().max(200).optional(),
  tlsCertSha256: certFingerprintSchema.optional(),
  timeoutMs: z.number().int().min(1000).max(120000).default(15000),
  operatorExtension: z.string().regex(/^[0-9]{1,10}$/).optional(),
  dialPolicy: dialPolicySchema.default(dialPolicySchema.parse({})),
  sipvaultProfileId: profileIdSchema.optional(),
  /** IANA zone of the PBX clock (call history times are naive PBX-local). Empty: this workstation's zone. */
  timeZone: z.string().max(64).optional(),
  /** Call-history rows asked for per request; the PBX may hand out fewer, paging follows what it returns. */
  historyPageSize: z.number().int().min(10).max(5000).default(1000),
});

export const sipvaultProfileSchema = z.object({
  ...common,
  kind: z.literal('sipvault'),
  baseUrl: httpsUrlSchema,
  customerId: z.string().min(1).max(128),
});

export const profileSchema = z.discriminatedUnion('kind', [
  voipmonitorProfileSchema,
  ucmProfileSchema,
  wildixProfileSchema,
  sipvaultProfileSchema,
]);

export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type VoipmonitorProfile = z.infer<typeof voipmonitorProfileSchema>;
export type UcmProfile = z.infer<typeof ucmProfileSchema>;
export type WildixProfile = z.infer<typeof wildixProfileSchema>;
export type SipvaultProfile = z.infer<typeof sipvaultProfileSchema>;

export const CURRENT_VERSION = 1;

export const profilesFileSchema = z
  .object({
    version: z.literal(CURRENT_VERSION),
    profiles: z.array(profileSchema).max(500),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.profiles.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['profiles', i, 'id'], message: `duplicate profile id "${p.id}"` });
      seen.add(p.id);
    });
  });
export type ProfilesFile = z.infer<typeof profilesFileSchema>;

/** Keys that must never appear in a profiles file: a secret pasted into the JSON by hand. */
export const FORBIDDEN_KEYS = new Set<string>([
  ...ALL_SECRET_NAMES.map((s) => s.toLowerCase()),
  'password',
  'secret',
  'token',
  'cookie',
  'passphrase',
  'privatekey',
]);
