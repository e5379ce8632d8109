import type { RegistrationsQuery } from '../../core/backend';
import { REGISTRATION_STATES as STATES } from '../../domain/voipmonitor';
import { registrationsOf } from '../../services/live/requests';
import { printJson, textTable } from '../format';
import { oneOf, readArgs } from '../args';
import type { CliCommand } from '../types';

export const registrationsCommand: CliCommand = {
  name: 'registrations',
  summary: 'List the SIP registrations a VoIPmonitor sensor sees',
  usage: `callboard registrations PROFILE [--user X] [--state ${STATES.join('|')}] [--json]`,
  async run(argv, io, ctx) {
    const { values, args: { profile: id } } = readArgs(this.usage, argv, { user: { type: 'string' }, state: { type: 'string' }, json: { type: 'boolean' } }, { required: ['profile'] });
    const filter: RegistrationsQuery = {};
    if (values.user) filter.user = values.user;
    const state = oneOf('state', values.state, STATES);
    if (state) filter.states = [state];
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
