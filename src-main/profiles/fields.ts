/**
 * Field schemas shared by the backends' profile schemas (each backend's own schema lives in its folder,
 * connectors/<kind>/profile.ts). Pure zod: the renderer's typecheck reads these too.
 */
import { z } from 'zod';

/** Letters, digits, dash, underscore: safe in keychain account names, file names and CLI args. */
export const profileIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'use 1-63 letters, digits, "-" or "_", starting with a letter or digit');

export const hostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address');
export const portSchema = z.number().int().min(1).max(65535);
export const absPathSchema = z
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

export const httpsUrlSchema = z
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

/** Fields every profile has. */
export const commonProfileFields = {
  id: profileIdSchema,
  name: z.string().trim().min(1).max(80),
};

/** Dial policy against toll fraud (docs/SECURITY.md). Conservative defaults: international is off. */
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


/** How an empty setting is shown where settings are compared or listed. */
export const NONE = '(none)';

export function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return NONE;
  return String(v);
}
