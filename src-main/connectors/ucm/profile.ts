/** The Grandstream UCM profile: API address, API user, certificate pin, dial policy (docs/PROFILES.md). */
import { z } from 'zod';
import { certFingerprintSchema, commonProfileFields, dialPolicySchema, httpsUrlSchema, profileIdSchema } from '../../profiles/fields';

export const ucmProfileSchema = z.object({
  ...commonProfileFields,
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
export type UcmProfile = z.infer<typeof ucmProfileSchema>;

/** Keychain entries of a UCM profile. */
export const UCM_SECRETS = ['password'] as const;
