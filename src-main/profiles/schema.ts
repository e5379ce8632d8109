/**
 * The profiles file format (docs/PROFILES.md). Non-secret settings only: secrets live in the OS
 * keychain under (service "Callboard", account "<profileId>:<secretName>").
 *
 * Backward compatibility rule: new fields are optional with defaults; a breaking change bumps
 * `version` and adds a migration in migrate.ts. Old files must keep loading.
 */
import { z } from 'zod';
import { voipmonitorProfileSchema, VOIPMONITOR_SECRETS } from '../connectors/voipmonitor/profile';
import { ucmProfileSchema, UCM_SECRETS } from '../connectors/ucm/profile';
import { wildixProfileSchema, WILDIX_SECRETS } from '../connectors/wildix/profile';
import { sipvaultProfileSchema, SIPVAULT_SECRETS } from '../connectors/sipvault/profile';
import { kamailioProfileSchema, KAMAILIO_SECRETS } from '../connectors/kamailio/profile';

export * from './fields';
export { voipmonitorTransportSchema, voipmonitorProfileSchema, type VoipmonitorTransport, type VoipmonitorProfile } from '../connectors/voipmonitor/profile';
export { ucmProfileSchema, type UcmProfile } from '../connectors/ucm/profile';
export { wildixProfileSchema, type WildixProfile } from '../connectors/wildix/profile';
export { sipvaultProfileSchema, type SipvaultProfile } from '../connectors/sipvault/profile';
export { kamailioProfileSchema, type KamailioProfile } from '../connectors/kamailio/profile';


/**
 * The union of every backend's profile schema. Adding a backend adds its schema here and its
 * descriptor in backends/registry.ts (docs/ADDING-A-BACKEND.md).
 */
export const profileSchema = z.discriminatedUnion('kind', [voipmonitorProfileSchema, ucmProfileSchema, wildixProfileSchema, sipvaultProfileSchema, kamailioProfileSchema]);

export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type ProfileKind = Profile['kind'];
/** Every kind, in the order of the union (derived, so it cannot drift from the schemas). */
export const PROFILE_KINDS = profileSchema.options.map((o) => o.shape.kind.value) as [ProfileKind, ...ProfileKind[]];
/** A backend kind, for shapes that say which backend produced them (LiveCall.source, CdrRecord.source). */
export const profileKindSchema = z.enum(PROFILE_KINDS);
/** A profile of one kind. */
export type ProfileOf<K extends ProfileKind> = Extract<Profile, { kind: K }>;

export const SECRET_NAMES = {
  [voipmonitorProfileSchema.shape.kind.value]: VOIPMONITOR_SECRETS,
  [ucmProfileSchema.shape.kind.value]: UCM_SECRETS,
  [wildixProfileSchema.shape.kind.value]: WILDIX_SECRETS,
  [sipvaultProfileSchema.shape.kind.value]: SIPVAULT_SECRETS,
  [kamailioProfileSchema.shape.kind.value]: KAMAILIO_SECRETS,
} as const satisfies Record<ProfileKind, readonly string[]>;

export type SecretName = (typeof SECRET_NAMES)[ProfileKind][number];
export const ALL_SECRET_NAMES = [...new Set(Object.values(SECRET_NAMES).flat())] as SecretName[];

export function secretNamesFor(kind: ProfileKind): readonly SecretName[] {
  return SECRET_NAMES[kind];
}

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
