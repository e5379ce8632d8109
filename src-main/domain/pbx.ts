/** PBX shapes that cross IPC. Free of Node imports (IPC contract, preload bundle, renderer types). */
import { z } from 'zod';

export const ucmExtensionSchema = z.object({
  extension: z.string(),
  name: z.string().nullable(),
  /** Idle, InUse, Ringing, Unavailable … as the UCM says it. */
  status: z.string().nullable(),
  address: z.string().nullable(),
  type: z.string().nullable(),
  outOfService: z.boolean(),
  presence: z.string().nullable(),
});
export type UcmExtension = z.infer<typeof ucmExtensionSchema>;
