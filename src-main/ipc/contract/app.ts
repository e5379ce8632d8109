import { z } from 'zod';
import { channel, noParams, okReply } from './define';

export const appChannels = {
  'app:info': channel(noParams, z.object({ version: z.string(), platform: z.string(), configDir: z.string(), keychain: z.string() })),
  /** Opens an https URL in the browser, only under an allowed base (SIP VAULT profiles). */
  'app:openExternal': channel(z.object({ url: z.string().max(8192) }).strict(), okReply),
} as const;
