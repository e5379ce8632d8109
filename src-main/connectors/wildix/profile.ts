/** The Wildix PBX profile: address, S2S app or Basic user, certificate pin, dial policy (docs/PROFILES.md). */
import { z } from 'zod';
import { certFingerprintSchema, commonProfileFields, dialPolicySchema, httpsUrlSchema, profileIdSchema } from '../../profiles/fields';

export const wildixProfileSchema = z.object({
  ...commonProfileFields,
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
export type WildixProfile = z.infer<typeof wildixProfileSchema>;

/** Keychain entries of a Wildix profile. */
export const WILDIX_SECRETS = ['appSecret', 'basicPassword'] as const;
