import { CallboardError, EXIT_CODES } from '../../core/errors';
import { createOriginateService } from '../../services/originate';
import { readArgs } from '../args';
import type { CliCommand } from '../types';

export const originateCommand: CliCommand = {
  name: 'originate',
  summary: 'Place a call from your extension to a destination, under the profile dial policy (audited)',
  usage: 'callboard originate PROFILE DESTINATION [--yes]',
  async run(argv, io, ctx) {
    const { values, args: { profileId, destination } } = readArgs(this.usage, argv, { yes: { type: 'boolean' } }, { required: ['profileId', 'destination'] });
    // Same service as the app: same policy, rate limit (seeded from the audit log) and audit records.
    const svc = createOriginateService(ctx);
    const prep = await svc.prepare({ profileId, destination });
    if (!values.yes && prep.needsConfirm) {
      const ok = await io.confirm(`Call ${prep.normalized} (${prep.cls}) from extension ${prep.operatorExtension} through profile ${prep.profileId}?`);
      if (!ok) {
        svc.cancel(prep.token);
        throw new CallboardError('cancelled', io.isTTY ? 'Call cancelled.' : 'Not confirmed: stdin is not a terminal. Add --yes to place the call without asking.');
      }
    }
    const r = await svc.confirm(prep.token);
    io.stdout(`${r.ok ? 'OK' : 'FAILED'}: ${r.message} (${r.normalized}, ${r.cls}, PBX code ${r.code ?? 'none'}, audit ${r.attemptId})\n`);
    return r.ok ? EXIT_CODES.ok : EXIT_CODES.connection;
  },
};
