import { channel } from './define';
import { callViewQuerySchema, callViewSchema } from '../../domain/call-view';

/** The one call view: what every backend knows about one call (issue 7). */
export const callsChannels = {
  'calls:view': channel(callViewQuerySchema, callViewSchema),
} as const;
