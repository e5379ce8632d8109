/** The SIP VAULT profile: where signed recording links point and for which customer (docs/PROFILES.md). */
import { z } from 'zod';
import { commonProfileFields, httpsUrlSchema } from '../../profiles/fields';

export const sipvaultProfileSchema = z.object({
  ...commonProfileFields,
  kind: z.literal('sipvault'),
  baseUrl: httpsUrlSchema,
  customerId: z.string().min(1).max(128),
});
export type SipvaultProfile = z.infer<typeof sipvaultProfileSchema>;

/** Keychain entries of a SIP VAULT profile. */
export const SIPVAULT_SECRETS = ['hmacSecret'] as const;
