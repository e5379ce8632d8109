import { z } from 'zod';
import { cdrEvents } from './cdr';
import { liveEvents } from './live';
import { originateEvents } from './originate';
import { alertsEvents } from './alerts';
import { kpiEvents } from './kpi';

/**
 * Events main pushes to the window. Each has a schema; main validates before sending so a bug cannot
 * push a secret-bearing object by accident (zod strips unknown keys).
 */
export const eventsContract = {
  'profiles:changed': z.object({ reason: z.string() }),
  ...cdrEvents,
  ...liveEvents,
  ...originateEvents,
  ...alertsEvents,
  ...kpiEvents,
} as const;
