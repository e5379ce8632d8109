import { parseArgs } from 'node:util';
import { CallboardError } from '../../core/errors';
import type { RegistrationsQuery } from '../../core/backend';
import { REGISTRATION_STATES as STATES } from '../../domain/voipmonitor';
import { registrationsOf } from '../../services/live/requests';
import { printJson, textTable } from '../format';
import type { CliCommand } from '../types';

export const registrationsCommand: CliCommand = {
  name: 'registrations',
  summary: 'List the SIP registrations a VoIPmonitor sensor sees',
  usage: `callboard registrations PROFILE [--user X] [--state ${STATES.join('|')}] [--json]`,
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { user: { type: 'string' }, state: { type: 'string' }, json: { type: 'boolean' } } });
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new CallboardError('usage', `Usage: ${this.usage}`);
    const filter: RegistrationsQuery = {};
    if (values.user) filter.user = values.user;
    if (values.state) {
      const s = STATES.find((x) => x.toLowerCase() === values.state?.toLowerCase());
      if (!s) throw new CallboardError('usage', `--state must be one of ${STATES.join(', ')}.`);
      filter.states = [s];
    }
    const regs = await registrationsOf(ctx, id, filter);
    if (values.json) io.stdout(printJson(regs));
    else {
      io.stdout(textTable(['USER', 'STATE', 'CLIENT', 'SERVER', 'EXPIRES AT', 'USER AGENT', 'RESP MS'],
        regs.map((r) => [r.user, r.state, r.clientIp ? `${r.clientIp}:${r.clientPort ?? ''}` : '', r.serverIp ? `${r.serverIp}:${r.serverPort ?? ''}` : '', r.expiresAt, r.userAgent, r.responseMs === null ? '' : r.responseMs.toFixed(1)])));
      io.stdout(`${regs.length} registration${regs.length === 1 ? '' : 's'}\n`);
    }
    return 0;
  },
};
