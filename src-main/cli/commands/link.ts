import { CallboardError } from '../../core/errors';
import { signLink } from '../../services/links';
import { hasCapability } from '../../backends/registry';
import { printJson } from '../format';
import { readArgs } from '../args';
import type { CliCommand } from '../types';

export const linkCommand: CliCommand = {
  name: 'link',
  summary: 'Print a signed SIP VAULT link for a Call-ID (the secret stays in the keychain)',
  usage: 'callboard link CALL_ID [--profile P] [--at UNIX_TIME] [--json]   (use "--" before a Call-ID that starts with "-")',
  async run(argv, io, ctx) {
    const { values, args: { callId } } = readArgs(this.usage, argv, { profile: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } }, { required: ['callId'] });
    let at: number | undefined;
    if (values.at !== undefined) {
      if (!/^[0-9]{1,12}$/.test(values.at)) throw new CallboardError('usage', '--at takes a Unix time in seconds, e.g. 1777777777.');
      at = Number(values.at);
    }
    // --profile may name the vault itself or the profile the Call-ID came from (its default vault).
    let target: { vaultProfileId?: string; sourceProfileId?: string } = {};
    if (values.profile) {
      const p = await ctx.profiles.get(values.profile);
      target = hasCapability(p, 'signLink') ? { vaultProfileId: p.id } : { sourceProfileId: p.id };
    }
    const link = await signLink(ctx, { callId, ...target, ...(at !== undefined ? { at } : {}) });
    if (link.warning) io.stderr(`Warning: ${link.warning}\n`);
    if (values.json) {
      const { url, callHash, ts, sig, validUntil, validUntilEpoch, vaultProfileId } = link;
      io.stdout(printJson({ url, callHash, ts, sig, validUntil, validUntilEpoch, vaultProfileId }));
    } else {
      io.stdout(link.url + '\n');
    }
    return 0;
  },
};
