import { z } from 'zod';
import { channel, noParams, okReply } from './define';
import { ERROR_CODES } from '../../core/errors';
import { CAPABILITY_NAMES } from '../../core/capabilities';
import { formFieldSchema } from '../../core/form';
import { profileSchema, profileIdSchema, PROFILE_KINDS, ALL_SECRET_NAMES } from '../../profiles/schema';

const secretNameSchema = z.enum(ALL_SECRET_NAMES as [string, ...string[]]);

/** What the renderer sees of a profile: its settings and, per secret name, only whether it is set. */
export const profileViewSchema = z.object({
  profile: profileSchema,
  secrets: z.record(z.string(), z.boolean()),
  /** The secret names this profile's settings use (the "2/2 set" count); the others are optional. */
  needed: z.array(z.string()).optional(),
  /** What this profile can do now (its backend's capabilities its settings enable): the renderer reads these, never kinds. */
  capabilities: z.array(z.enum(CAPABILITY_NAMES)),
});

export const profilesChannels = {
  'profiles:list': channel(noParams, z.object({ profiles: z.array(profileViewSchema), problem: z.string().optional() })),
  'profiles:save': channel(z.object({ profile: z.unknown(), isNew: z.boolean() }).strict(), z.object({ profile: profileSchema })),
  'profiles:delete': channel(z.object({ id: profileIdSchema }).strict(), okReply),
  /** Main shows the open dialog; the renderer never passes a path. */
  'profiles:import': channel(noParams, z.object({ cancelled: z.boolean(), added: z.array(z.string()), updated: z.array(z.string()) })),
  'profiles:export': channel(z.object({ ids: z.array(profileIdSchema).max(500).optional() }).strict(), z.object({ cancelled: z.boolean(), path: z.string().optional(), count: z.number() })),
  /** Every backend kind with its label, keychain entries and what it can do (the renderer reads capabilities, never kinds). */
  'profiles:kinds': channel(
    noParams,
    z.object({
      kinds: z.array(
        z.object({
          kind: z.enum(PROFILE_KINDS),
          label: z.string(),
          secrets: z.array(z.string()),
          secretLabels: z.record(z.string(), z.string()),
          capabilities: z.array(z.enum(CAPABILITY_NAMES)),
          /** What the operator should know about the backend's limits, or null. */
          note: z.string().nullable(),
          /** The profile form, common fields first (core/form.ts). */
          fields: z.array(formFieldSchema),
          /** What a profile of this kind is for and what its form asks (first-run screen). */
          intro: z.object({ what: z.string(), asks: z.array(z.tuple([z.string(), z.string()])) }),
          /** How the CDR search form speaks to this backend. */
          cdrForm: z.object({
            freeText: z.boolean(),
            sensor: z.boolean(),
            partyHint: z.string().nullable(),
            callerPlaceholder: z.string().nullable(),
            calleePlaceholder: z.string().nullable(),
          }),
        }),
      ),
    }),
  ),

  /** Write-only secrets: set, ask whether set, clear. There is no "get". */
  'secrets:set': channel(z.object({ profileId: profileIdSchema, name: secretNameSchema, value: z.string().min(1).max(8192) }).strict(), okReply),
  'secrets:clear': channel(z.object({ profileId: profileIdSchema, name: secretNameSchema }).strict(), okReply),

  /** Per-profile connection test with a plain-language result. */
  'connection:test': channel(
    z.object({ profileId: profileIdSchema }).strict(),
    z.object({
      ok: z.boolean(),
      message: z.string(),
      code: z.enum(ERROR_CODES).optional(),
      /** First contact: an identity (TLS certificate or SSH host key) the operator must accept. */
      trust: z
        .object({
          kind: z.enum(['tls', 'ssh']),
          fingerprint: z.string(),
          subject: z.string().optional(),
          issuer: z.string().optional(),
          validFrom: z.string().optional(),
          validTo: z.string().optional(),
        })
        .optional(),
    }),
  ),
  /** Pins the identity shown by the last test. Main checks it is the one it saw. */
  'connection:trust': channel(z.object({ profileId: profileIdSchema, fingerprint: z.string().max(200) }).strict(), okReply),
} as const;
