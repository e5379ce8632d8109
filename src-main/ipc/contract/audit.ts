import { z } from 'zod';
import { channel } from './define';
import type { AuditFilter, AuditRecord } from '../../audit/log';

/*
 * Mirrors of the audit/log.ts schemas: that module imports node:fs, which must not reach the sandboxed
 * preload bundle through the contract. The type assertions below fail to compile if the two drift.
 */
const actionSchema = z.enum(['originate', 'hangup', 'link-copy', 'ticket-copy', 'link-open', 'manager-file']);
const recordSchema = z.object({
  time: z.string(),
  osUser: z.string(),
  attemptId: z.string(),
  phase: z.enum(['attempt', 'result', 'refused', 'event']),
  action: actionSchema,
  profileId: z.string(),
  target: z.string().nullable(),
  decision: z.enum(['allowed', 'refused', 'n/a']),
  reason: z.string().nullable(),
  pbxCode: z.union([z.string(), z.number()]).nullable(),
  outcome: z.enum(['pending', 'ok', 'failed']).nullable(),
});
const filterSchema = z
  .object({
    action: actionSchema.optional(),
    profileId: z.string().max(64).optional(),
    text: z.string().max(200).optional(),
    since: z.string().max(40).optional(),
    limit: z.number().int().min(1).max(100_000).default(1000),
  })
  .strict();

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const recordMatches: Same<z.infer<typeof recordSchema>, AuditRecord> = true;
const filterMatches: Same<z.infer<typeof filterSchema>, AuditFilter> = true;
void recordMatches;
void filterMatches;

export const auditChannels = {
  /** Newest first; the audit log is read-only from the renderer. */
  'audit:list': channel(filterSchema, z.object({ records: z.array(recordSchema) })),
} as const;
