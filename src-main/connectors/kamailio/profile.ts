/**
 * The Kamailio profile: the proxy's JSON-RPC address (jsonrpcs over xhttp, HTTPS only), HTTP Basic
 * user, certificate pin and poll settings (docs/KAMAILIO.md, docs/PROFILES.md). Pure zod: the IPC
 * contract and the renderer's typecheck read it.
 */
import { z } from 'zod';
import { certFingerprintSchema, commonProfileFields, httpsUrlSchema, profileIdSchema } from '../../profiles/fields';

export const kamailioProfileSchema = z.object({
  ...commonProfileFields,
  kind: z.literal('kamailio'),
  /** The full JSON-RPC URL, path included (the path the proxy's event_route[xhttp:request] dispatches, usually /RPC). */
  rpcUrl: httpsUrlSchema,
  /** 'basic': HTTP Basic checked by the proxy's xhttp route; 'none': the proxy admits this workstation by address or client certificate. */
  auth: z.enum(['basic', 'none']).default('basic'),
  // RFC 7617 §2: the user-id of Basic cannot contain a colon.
  user: z.string().min(1).max(64).regex(/^[^:\s]+$/, 'a user name without ":" or spaces').optional(),
  tlsCertSha256: certFingerprintSchema.optional(),
  timeoutMs: z.number().int().min(1000).max(60000).default(10000),
  /** Read by the live service (services/live/sources.ts) for this profile's poll interval. */
  pollIntervalSec: z.number().min(1).max(60).default(2),
  /** More dialogs than this in one dlg.list reply is refused as not sane for this proxy (the reply size is capped too). */
  maxDialogs: z.number().int().min(10).max(50000).default(10000),
  sipvaultProfileId: profileIdSchema.optional(),
});
export type KamailioProfile = z.infer<typeof kamailioProfileSchema>;

/** Keychain entries of a Kamailio profile. */
export const KAMAILIO_SECRETS = ['rpcPassword'] as const;
