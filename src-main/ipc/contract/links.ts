import { z } from 'zod';
import { channel } from './define';
import { profileIdSchema } from '../../profiles/schema';
import { MAX_CALL_ID_BYTES } from '../../links/link-limits';
import { templateSettingSchema } from '../../links/ticket-template';

/** Which call, and optionally which vault; main signs with the vault's secret, which never crosses IPC. */
const target = {
  callId: z.string().min(1).max(MAX_CALL_ID_BYTES),
  sourceProfileId: profileIdSchema.optional(),
  vaultProfileId: profileIdSchema.optional(),
};
const linkReply = z.object({
  url: z.string(),
  validUntil: z.string(),
  validUntilEpoch: z.number(),
  vaultProfileId: profileIdSchema,
  warning: z.string().optional(),
});
const bounded = (n: number) => z.string().max(n).optional();
const mos = z.number().min(0).max(5).optional();

export const linksChannels = {
  /** URL and expiry for display only. */
  'links:preview': channel(z.object(target).strict(), linkReply),
  /** Main writes the clipboard and audits 'link-copy'. */
  'links:copy': channel(z.object(target).strict(), linkReply),
  /** Main signs a fresh link and opens it in the browser (https, under the vault base only). */
  'links:open': channel(z.object(target).strict(), linkReply),
  /** Renders the ticket snippet, writes it to the clipboard, audits 'ticket-copy'. */
  'links:copyTicket': channel(
    z
      .object({
        ...target,
        caller: bounded(200),
        callee: bounded(200),
        startMs: z.number().int().min(0).max(8.64e15).optional(),
        /** The start as the source wrote it (ISO 8601 with the PBX's offset), for the "PBX clock" display zone. */
        startIso: z.string().max(40).optional(),
        timeZone: bounded(64),
        durationSec: z.number().min(0).max(10 * 24 * 3600).optional(),
        disposition: bounded(100),
        mosCaller: mos,
        mosCallee: mos,
      })
      .strict(),
    z.object({ text: z.string(), link: linkReply }),
  ),
  'links:getTemplate': channel(
    z.object({}).strict(),
    z.object({ setting: templateSettingSchema, presets: z.object({ plain: z.string(), markdown: z.string() }) }),
  ),
  'links:setTemplate': channel(z.object({ setting: templateSettingSchema }).strict(), z.object({ setting: templateSettingSchema })),
} as const;

