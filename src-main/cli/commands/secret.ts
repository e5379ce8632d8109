import { CallboardError } from '../../core/errors';
import { secretNamesFor, type SecretName } from '../../profiles/schema';
import { printJson, textTable } from '../format';
import { readArgs } from '../args';
import type { CliCommand } from '../types';

export const secretCommand: CliCommand = {
  name: 'secret',
  summary: 'Set, clear or check a profile secret in the OS keychain (the value is read from stdin, never argv)',
  usage: 'callboard secret set PROFILE NAME   (value on stdin)\n  callboard secret clear PROFILE NAME\n  callboard secret status PROFILE [--json]',
  async run(argv, io, ctx) {
    // `rest` so that a value typed after NAME reaches the "never on the command line" refusal below.
    const { values, args: { sub, profileId, name }, rest } = readArgs(this.usage, argv, { json: { type: 'boolean' } }, { required: ['sub', 'profileId'], optional: ['name'], rest: true });
    const profile = await ctx.profiles.get(profileId);
    const names = secretNamesFor(profile.kind) as readonly string[];
    const checkName = (): SecretName => {
      if (!name || !names.includes(name)) {
        throw new CallboardError('usage', `Profile "${profileId}" (${profile.kind}) has these secrets: ${names.join(', ')}.`);
      }
      return name as SecretName;
    };
    switch (sub) {
      case 'set': {
        const n = checkName();
        if (rest.length) {
          // A value here would end up in shell history and in `ps` output for every local user.
          throw new CallboardError('usage', 'The secret value is read from stdin, never on the command line; nothing was stored. Use: printf %s "$VALUE" | callboard secret set PROFILE NAME');
        }
        // One trailing newline comes from `echo` or a heredoc; it is never part of the secret.
        const value = (await io.readStdin()).replace(/\r?\n$/, '');
        if (!value) throw new CallboardError('usage', 'No value on stdin; nothing was stored.');
        await ctx.secrets.set(profile.id, n, value);
        io.stdout(`Stored ${n} of profile ${profile.id} in the OS keychain.\n`);
        return 0;
      }
      case 'clear': {
        const n = checkName();
        const had = await ctx.secrets.clear(profile.id, n);
        io.stdout(had ? `Removed ${n} of profile ${profile.id}.\n` : `${n} of profile ${profile.id} was not set.\n`);
        return 0;
      }
      case 'status': {
        const rows: Record<string, boolean> = {};
        for (const n of names) rows[n] = await ctx.secrets.isSet(profile.id, n as SecretName);
        if (values.json) io.stdout(printJson(rows));
        else io.stdout(textTable(['SECRET', 'STATE'], Object.entries(rows).map(([k, v]) => [k, v ? 'set' : 'not set'])));
        return 0;
      }
      default:
        throw new CallboardError('usage', `Usage:\n  ${this.usage}`);
    }
  },
};
