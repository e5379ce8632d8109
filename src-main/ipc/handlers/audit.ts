import type { AppContext } from '../../core/context';
import { exportAudit } from '../../services/audit-export';
import type { Handler } from '../router';
import type { auditChannels } from '../contract/audit';

type H = { [C in keyof typeof auditChannels]: Handler<C> };

export function auditHandlers(ctx: AppContext): H {
  return {
    'audit:list': async (filter) => ({ records: await ctx.audit.list(filter) }),
    'audit:export': (req) => exportAudit(ctx, req),
  };
}
