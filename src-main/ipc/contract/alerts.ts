import { z } from 'zod';
import { channel, noParams } from './define';
import { alertSchema, alertsSummarySchema, watchSettingsSchema } from '../../domain/alerts';

const alertIdSchema = z.string().min(1).max(400).regex(/^[\x21-\x7e]+$/);
const listReply = z.object({ alerts: z.array(alertSchema), summary: alertsSummarySchema });

/**
 * NOC watch alerts: the window subscribes to `alerts:changed`; acknowledging is audited in main with
 * the OS user (the renderer never names who acknowledged). Settings are the rules and trunk maps:
 * strict schema, no secrets, nothing that widens what credentials or calls reach.
 */
export const alertsChannels = {
  'alerts:subscribe': channel(noParams, listReply),
  'alerts:unsubscribe': channel(noParams, z.object({ ok: z.literal(true) })),
  'alerts:list': channel(noParams, listReply),
  'alerts:acknowledge': channel(z.object({ id: alertIdSchema }).strict(), z.object({ alert: alertSchema })),
  'alerts:settings': channel(noParams, z.object({ settings: watchSettingsSchema })),
  'alerts:saveSettings': channel(z.object({ settings: watchSettingsSchema }).strict(), z.object({ settings: watchSettingsSchema })),
} as const;

export const alertsEvents = {
  'alerts:changed': z.object({
    changes: z.array(z.object({ change: z.enum(['opened', 'cleared', 'acknowledged', 'updated']), alert: alertSchema })),
    summary: alertsSummarySchema,
  }),
  /** The operator clicked a desktop notification: the window shows that alert. */
  'alerts:show': z.object({ id: z.string() }),
} as const;
