import { parseArgs } from 'node:util';
import { CallboardError } from '../../core/errors';
import { auditActionSchema, auditFilterSchema } from '../../audit/log';
import { printJson, textTable } from '../format';
import { cliClock } from '../time';
import { formatTime, inputZone, rangeBound, timeHeader } from '../../../src-shared/time-format';
import type { CliCommand } from '../types';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Show the audit log (calls placed or refused, links copied), newest first',
  usage: 'callboard audit [--json] [--action A] [--profile P] [--since ISO_TIME] [--limit N]',
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, action: { type: 'string' }, profile: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
    });
    if (positionals.length) throw new CallboardError('usage', `Usage: ${this.usage}`);
    const action = values.action === undefined ? undefined : auditActionSchema.safeParse(values.action);
    if (action && !action.success) throw new CallboardError('usage', `--action is one of: ${auditActionSchema.options.join(', ')}.`);
    if (values.limit !== undefined && !/^[0-9]{1,6}$/.test(values.limit)) throw new CallboardError('usage', '--limit takes a number.');
    const { dz } = await cliClock(ctx);
    // "--since 2024-05-01" is that day's start in the display zone.
    const since = values.since === undefined ? undefined : (rangeBound(values.since, 'from', inputZone(dz)) ?? values.since);
    const filter = auditFilterSchema.safeParse({
      action: action?.data,
      profileId: values.profile,
      since,
      limit: values.limit === undefined ? undefined : Number(values.limit),
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
