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

/** One extension / colleague of a PBX directory, the same shape for every backend. */
export const directoryEntrySchema = z.object({
  extension: z.string(),
  name: z.string().nullable(),
  /** Line status as the PBX says it (Idle, InUse, Ringing, Unavailable …). */
  status: z.string().nullable(),
  /** Presence as the PBX says it ("available", "dnd", a status message …). */
  presence: z.string().nullable(),
  /** Whether the PBX reports the user online; null when it does not say. */
  online: z.boolean().nullable(),
  outOfService: z.boolean(),
  /** Further facts the PBX gives (address, type, e-mail, department), label → value, for display. */
  details: z.record(z.string(), z.string()),
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
