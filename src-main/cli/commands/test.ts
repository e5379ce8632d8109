import { exitCodeFor } from '../../core/errors';
import { acceptIdentity, testConnection } from '../../services/connection-test';
import { printJson, termSafe } from '../format';
import { readArgs } from '../args';
import type { CliCommand } from '../types';

export const testCommand: CliCommand = {
  name: 'test',
  summary: 'Test the connection of a profile; on first contact show the certificate / host key to accept',
  usage: 'callboard test PROFILE [--json] [--accept FINGERPRINT]',
  async run(argv, io, ctx) {
    const { values, args: { profile: id } } = readArgs(this.usage, argv, { json: { type: 'boolean' }, accept: { type: 'string' } }, { required: ['profile'] });
    let res = await testConnection(ctx, id);
    if (!res.ok && res.trust && values.accept) {
      // Pin only what this run was shown, and only if it is exactly what the operator typed.
      await acceptIdentity(ctx, id, values.accept, { typedByOperator: true });
      res = await testConnection(ctx, id);
    }
    if (values.json) io.stdout(printJson(res));
    else {
      io.stdout(`${res.ok ? 'OK' : 'FAILED'}: ${termSafe(res.message, true)}\n`);
      if (res.trust) {
        const t = res.trust;
        for (const [k, v] of Object.entries({ fingerprint: t.fingerprint, subject: t.subject, issuer: t.issuer, 'valid from': t.validFrom, 'valid to': t.validTo })) {
          if (v) io.stdout(`  ${k}: ${termSafe(v)}\n`);
        }
        io.stdout(`To accept it after checking it out of band: callboard test ${id} --accept '${t.fingerprint}'\n`);
      }
    }
    if (res.ok) return 0;
    return exitCodeFor(res.code ?? 'connection');
  },
};
