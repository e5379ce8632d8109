/** Audit log records and filters: shared by audit/log.ts and the IPC contract (no Node imports here). */
import { z } from 'zod';

export const auditActionSchema = z.enum(['originate', 'hangup', 'link-copy', 'ticket-copy', 'link-open', 'manager-file', 'alert-ack', 'profile-change', 'trust-accept']);
export const auditRecordSchema = z.object({
  time: z.string(),
  osUser: z.string(),
  attemptId: z.string(),
  phase: z.enum(['attempt', 'result', 'refused', 'event']),
  action: auditActionSchema,
  profileId: z.string(),
  /** Normalised destination (E.164 or extension), channel name, or Call-ID, depending on the action. */
  target: z.string().nullable(),
  decision: z.enum(['allowed', 'refused', 'n/a']),
  reason: z.string().nullable(),
  /** PBX reply code (UCM status, HTTP status, Wildix type). */
  pbxCode: z.union([z.string(), z.number()]).nullable(),
  outcome: z.enum(['pending', 'ok', 'failed']).nullable(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditFilterSchema = z.object({
  action: auditActionSchema.optional(),
  profileId: z.string().max(64).optional(),
  text: z.string().max(200).optional(),
  since: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(100_000).default(1000),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
