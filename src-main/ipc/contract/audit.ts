import { z } from 'zod';
import { channel } from './define';
import { auditFilterSchema, auditRecordSchema } from '../../domain/audit';

export const auditChannels = {
  /** Newest first; the audit log is read-only from the renderer. */
  'audit:list': channel(auditFilterSchema.strict(), z.object({ records: z.array(auditRecordSchema) })),
} as const;
