/**
 * The profile form of a backend, described as data (no code, so it crosses IPC in profiles:kinds):
 * fields addressed by dotted path ("transport.host"), the same paths main's validation messages use,
 * so each error lands next to its field. Main's zod schema stays the one validator; this only shapes
 * the form. Pure zod: the contract and the renderer read it.
 */
import { z } from 'zod';

/** Holds when the form value at `path` is one of `is` (when given) and none of `not` (when given). */
export const fieldConditionSchema = z.object({ path: z.string(), is: z.array(z.string()).optional(), not: z.array(z.string()).optional() }).strict();
export type FieldCondition = z.infer<typeof fieldConditionSchema>;

export const formFieldSchema = z
  .object({
    path: z.string(),
    label: z.string(),
    type: z.enum(['text', 'number', 'select', 'checkbox', 'list', 'profileRef']),
    options: z.array(z.string()).optional(),
    /** Default for a new profile (as the form holds it). */
    initial: z.union([z.string(), z.boolean()]).optional(),
    help: z.string().optional(),
    placeholder: z.string().optional(),
    /** Shown (and saved) only while every condition holds. */
    when: z.array(fieldConditionSchema).optional(),
    /** Only editable when creating (the id names keychain entries). */
    createOnly: z.boolean().optional(),
    /** Group heading in the form. */
    group: z.string().optional(),
  })
  .strict();
export type FormField = z.infer<typeof formFieldSchema>;

/** The fields every profile has, before the backend's own. */
export const COMMON_FIELDS: readonly FormField[] = [
  { path: 'id', label: 'Profile ID', type: 'text', createOnly: true, placeholder: 'hq-sensor', help: 'Letters, digits, "-" and "_"; cannot change later.' },
  { path: 'name', label: 'Name', type: 'text', placeholder: 'HQ sensor' },
];

/** A PBX's dial policy (profiles/fields.ts dialPolicySchema), for backends that place calls. */
export const DIAL_POLICY_FIELDS: readonly FormField[] = [
  { path: 'operatorExtension', label: 'Operator extension', type: 'text', placeholder: '101', help: 'Your own phone: calls ring it first.', group: 'Calls' },
  { path: 'dialPolicy.defaultCountry', label: 'Default country', type: 'text', initial: 'US', help: 'ISO code used for national numbers, e.g. CZ, US.', group: 'Dial policy' },
  { path: 'dialPolicy.allowInternal', label: 'Allow internal extensions', type: 'checkbox', initial: true, group: 'Dial policy' },
  { path: 'dialPolicy.allowNational', label: 'Allow national numbers', type: 'checkbox', initial: true, group: 'Dial policy' },
  { path: 'dialPolicy.allowMobile', label: 'Allow mobile numbers', type: 'checkbox', initial: true, group: 'Dial policy' },
  { path: 'dialPolicy.allowInternational', label: 'Allow international numbers', type: 'checkbox', initial: false, group: 'Dial policy' },
  { path: 'dialPolicy.extensionPattern', label: 'Extension pattern', type: 'text', initial: '^[0-9]{2,6}$', group: 'Dial policy' },
  { path: 'dialPolicy.allow', label: 'Always allow prefixes', type: 'list', placeholder: '+4420*', help: 'One per line.', group: 'Dial policy' },
  { path: 'dialPolicy.deny', label: 'Always deny prefixes', type: 'list', placeholder: '+1900*', help: 'One per line; deny wins.', group: 'Dial policy' },
  { path: 'dialPolicy.maxPerMinute', label: 'Max calls per minute', type: 'number', initial: '10', group: 'Dial policy' },
  { path: 'dialPolicy.dedupSeconds', label: 'Ignore repeats within (s)', type: 'number', initial: '10', group: 'Dial policy' },
  { path: 'dialPolicy.skipConfirmForInternal', label: 'No confirmation for internal calls', type: 'checkbox', initial: false, group: 'Dial policy' },
  {
    path: 'dialPolicy.dialFormat',
    label: 'Send numbers to the PBX as',
    type: 'select',
    options: ['e164', 'local'],
    initial: 'e164',
    help: 'e164: +442079460000. local: as a desk phone in the default country dials it (02079460000), for outbound routes that do not match "+".',
    group: 'Dial policy',
  },
];

/** The SIP VAULT profile used for "Copy link" on this profile's calls. */
export const SIPVAULT_REF_FIELD: FormField = {
  path: 'sipvaultProfileId',
  label: 'SIP VAULT profile',
  type: 'profileRef',
  help: 'Used for "Copy link" on calls from this profile.',
};
