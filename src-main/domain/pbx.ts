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

/** One extension / colleague of a PBX directory, the same shape for every backend (the backend words it). */
export const directoryEntrySchema = z.object({
  extension: z.string(),
  name: z.string(),
  /** Plain words: "Idle", "online (away)", … or null when the PBX says nothing. */
  presence: z.string().nullable(),
  /** true = reachable now, false = not, null = unknown. */
  available: z.boolean().nullable(),
  /** Further facts the PBX gives (type and address, department), for display. */
  detail: z.string().nullable(),
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

/** A call queue with its member extensions. */
export const directoryQueueSchema = z.object({
  id: z.string(),
  name: z.string(),
  strategy: z.string().nullable(),
  members: z.array(z.string()),
});
export type DirectoryQueue = z.infer<typeof directoryQueueSchema>;
