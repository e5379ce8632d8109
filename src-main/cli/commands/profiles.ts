import { promises as fs } from 'node:fs';
import { CallboardError } from '../../core/errors';
import { readImportFile } from '../../profiles/import-file';
import { importProfilesConfirmed } from '../../services/profile-changes';
import { secretNamesFor, type Profile } from '../../profiles/schema';
import { backendOf } from '../../backends/registry';
import { printJson, textTable } from '../format';
import { readArgs } from '../args';
import type { CliCommand } from '../types';

/** Where the profile points, in the backend's own words (its descriptor's `summary`). */
function describe(p: Profile): string {
  return backendOf(p.kind).summary(p);
}

export const profilesCommand: CliCommand = {
  name: 'profiles',
  summary: 'List, import or export profiles (never with secrets)',
  usage: 'callboard profiles list [--json]\n  callboard [--yes] profiles import FILE\n  callboard profiles export [--out FILE] [ID...]',
  async run(argv, io, ctx) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'list': {
        const { values } = readArgs(this.usage, rest, { json: { type: 'boolean' } });
        const profiles = await ctx.profiles.list();
        if (values.json) {
          const out = [];
          for (const p of profiles) {
            const secrets: Record<string, boolean> = {};
            for (const n of secretNamesFor(p.kind)) secrets[n] = await ctx.secrets.isSet(p.id, n).catch(() => false);
            out.push({ ...p, secrets });
          }
          io.stdout(printJson(out));
        } else if (profiles.length === 0) {
          io.stdout(`No profiles in ${ctx.profiles.file}.\n`);
        } else {
          io.stdout(textTable(['ID', 'KIND', 'NAME', 'WHERE'], profiles.map((p) => [p.id, p.kind, p.name, describe(p)])));
        }
        return 0;
      }
      case 'import': {
        const { args: { file } } = readArgs('callboard [--yes] profiles import FILE', rest, {}, { required: ['file'] });
        // Untrusted file: regular files only, bounded; main lists what it changes and asks (or --yes).
        const res = await importProfilesConfirmed(ctx, await readImportFile(file), file);
        io.stdout(`Imported ${res.added.length + res.updated.length} profile(s) from ${file}: ${res.added.length} added, ${res.updated.length} updated.\n`);
        if (res.added.length || res.updated.length) io.stdout('Secrets are not part of profile files: set them with "callboard secret set PROFILE NAME".\n');
        return 0;
      }
      case 'export': {
        const { values, rest: ids } = readArgs(this.usage, rest, { out: { type: 'string' } }, { rest: true });
        const text = await ctx.profiles.exportText(ids.length ? ids : undefined);
        if (values.out) {
          await fs.writeFile(values.out, text, { mode: 0o644 });
          io.stderr(`Wrote ${values.out}\n`);
        } else io.stdout(text);
        return 0;
      }
      default:
        throw new CallboardError('usage', `Usage:\n  ${this.usage}`);
    }
  },
};
