import { z } from 'zod';
import { channel } from './define';
import { auditFilterSchema, auditRecordSchema } from '../../domain/audit';
import { AUDIT_SORT_COLUMNS } from '../../../src-shared/audit-sort';

export const auditChannels = {
  /** Newest first; the audit log is read-only from the renderer. */
  'audit:list': channel(auditFilterSchema.strict(), z.object({ records: z.array(auditRecordSchema) })),
  /** Main shows the save dialog and writes the records the view shows (its filter and sort); the renderer never passes a path. */
  'audit:export': channel(
    z.object({ filter: auditFilterSchema.strict(), sort: z.object({ column: z.enum(AUDIT_SORT_COLUMNS), desc: z.boolean() }).strict(), format: z.enum(['csv', 'json']) }).strict(),
    z.object({ cancelled: z.boolean(), path: z.string().optional(), rows: z.number() }),
  ),
} as const;
