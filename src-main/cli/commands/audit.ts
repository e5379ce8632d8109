import { CallboardError } from '../../core/errors';
import { auditActionSchema, auditFilterSchema } from '../../audit/log';
import { printJson, textTable } from '../format';
import { cliClock } from '../time';
import { formatTime, inputZone, rangeBound, timeHeader } from '../../../src-shared/time-format';
import { oneOf, readArgs, wholeNumber } from '../args';
import type { CliCommand } from '../types';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Show the audit log (calls placed or refused, links copied), newest first',
  usage: 'callboard audit [--json] [--action A] [--profile P] [--since ISO_TIME] [--limit N]',
  async run(argv, io, ctx) {
    const { values } = readArgs(this.usage, argv, { json: { type: 'boolean' }, action: { type: 'string' }, profile: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } });
    const action = oneOf('action', values.action, auditActionSchema.options);
    const limit = wholeNumber('limit', values.limit, 6);
    const { dz } = await cliClock(ctx);
    // "--since 2024-05-01" is that day's start in the display zone.
    const since = values.since === undefined ? undefined : (rangeBound(values.since, 'from', inputZone(dz)) ?? values.since);
    const filter = auditFilterSchema.safeParse({
      action,
      profileId: values.profile,
      since,
      limit,
    });
    if (!filter.success) throw new CallboardError('usage', `Usage: ${this.usage}`);
    const records = await ctx.audit.list(filter.data);
    if (values.json) {
      io.stdout(printJson(records));
      return 0;
    }
    io.stdout(
      textTable(
        [timeHeader('TIME', dz, 'this computer'), 'USER', 'ACTION', 'PHASE', 'PROFILE', 'TARGET', 'DECISION', 'OUTCOME', 'CODE', 'REASON'],
        records.map((r) => [formatTime(r.time, dz), r.osUser, r.action, r.phase, r.profileId, r.target, r.decision, r.outcome, r.pbxCode, r.reason]),
      ),
    );
    return 0;
  },
};
