import { z } from 'zod';
import { channel, okReply } from './define';
import { profileIdSchema } from '../../profiles/schema';
import { DIAL_CLASSES, MAX_DESTINATION_LENGTH } from '../../policy/dial-classes';

/** Single-use id that main binds to (operator, profile, normalised number); 128 random bits, hex. */
const tokenSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a call token');
const pbxCodeSchema = z.union([z.string(), z.number()]).nullable();

/**
 * Click-to-call. The renderer sends only a profile id and the typed/clicked destination, then the token:
 * never a channel, context, caller or extension (main takes those from the profile).
 */
export const originateChannels = {
  'originate:prepare': channel(
    z.object({ profileId: profileIdSchema, destination: z.string().max(MAX_DESTINATION_LENGTH * 4) }).strict(),
    z.object({
      token: tokenSchema,
      profileId: profileIdSchema,
      normalized: z.string(),
      cls: z.enum(DIAL_CLASSES),
      /** ISO 3166-1 alpha-2 region of the number, so the confirmation can name the country. */
      country: z.string().max(3).nullable(),
      operatorExtension: z.string(),
      needsConfirm: z.boolean(),
      expiresAt: z.string(),
    }),
  ),
  'originate:confirm': channel(
    z.object({ token: tokenSchema }).strict(),
    z.object({
      attemptId: z.string(),
      ok: z.boolean(),
      code: pbxCodeSchema,
      message: z.string(),
      normalized: z.string(),
      cls: z.enum(DIAL_CLASSES),
      deduplicated: z.boolean(),
    }),
  ),
  'originate:cancel': channel(z.object({ token: tokenSchema }).strict(), okReply),
} as const;

/** Call progress after a confirmed originate, followed by polling the PBX where it offers that (UCM). */
export const originateEvents = {
  'originate:state': z.object({
    attemptId: z.string(),
    state: z.enum(['dialling', 'ringing', 'answered', 'ended', 'failed', 'unknown']),
  }),
} as const;
