import { promises as fs } from 'node:fs';
import { CallboardError } from '../../core/errors';
import { secretNamesFor, type Profile, type SecretName } from '../../profiles/schema';
import { backendOf, kindSummaries, profileCapabilities } from '../../backends/registry';
import { readImportFile } from '../../profiles/import-file';
import { testConnection, acceptIdentity } from '../../services/connection-test';
import { saveProfileConfirmed, importProfilesConfirmed } from '../../services/profile-changes';
import type { AppContext } from '../../core/context';
import type { Handler } from '../router';
import type { profilesChannels } from '../contract/profiles';

type H = { [C in keyof typeof profilesChannels]: Handler<C> };

async function secretState(ctx: AppContext, p: Profile): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const name of secretNamesFor(p.kind)) out[name] = await ctx.secrets.isSet(p.id, name);
  return out;
}

function checkSecretName(p: Profile, name: string): SecretName {
  const allowed = secretNamesFor(p.kind) as readonly string[];
  if (!allowed.includes(name)) {
    throw new CallboardError('usage', `A ${p.kind} profile has no secret "${name}" (it has: ${allowed.join(', ')}).`);
  }
  return name as SecretName;
}

export function profilesHandlers(ctx: AppContext): H {
  return {
    'profiles:list': async () => {
      try {
        const profiles = await ctx.profiles.list();
        let keychainProblem: string | undefined;
        const views = [];
        for (const p of profiles) {
          let secrets: Record<string, boolean> = {};
          try {
            secrets = await secretState(ctx, p);
          } catch (e) {
            // A missing keychain must not hide the profiles; say it once.
            keychainProblem = e instanceof CallboardError ? e.message : 'The OS keychain is not available.';
          }
          views.push({ profile: p, secrets, needed: [...(backendOf(p.kind).neededSecrets?.(p) ?? secretNamesFor(p.kind))], capabilities: profileCapabilities(p) });
        }
        return keychainProblem ? { profiles: views, problem: keychainProblem } : { profiles: views };
      } catch (e) {
        if (e instanceof CallboardError && e.code === 'config') return { profiles: [], problem: e.message };
        throw e;
      }
    },
    // The renderer proposes a whole profile; main compares it with the stored one and asks the
    // operator itself before anything that widens where secrets go or what can be dialled.
    'profiles:save': async ({ profile, isNew }) => ({ profile: await saveProfileConfirmed(ctx, profile, isNew) }),
    'profiles:delete': async ({ id }) => {
      const removed = await ctx.profiles.remove(id);
      // Secrets go with the profile: a deleted profile must not leave credentials behind.
      await ctx.secrets.clearAll(removed.id, secretNamesFor(removed.kind));
      return { ok: true as const };
    },
    'profiles:import': async () => {
      const file = await ctx.platform.openFile({ title: 'Import Callboard profiles', filters: [{ name: 'Callboard profiles', extensions: ['json'] }] });
      if (!file) return { cancelled: true, added: [], updated: [] };
      const res = await importProfilesConfirmed(ctx, await readImportFile(file), file);
      return { cancelled: false, ...res };
    },
    'profiles:export': async ({ ids }) => {
      const text = await ctx.profiles.exportText(ids);
      const file = await ctx.platform.saveFile({ title: 'Export Callboard profiles', defaultName: 'callboard-profiles.json', filters: [{ name: 'Callboard profiles', extensions: ['json'] }] });
      if (!file) return { cancelled: true, count: 0 };
      await fs.writeFile(file, text, { mode: 0o644 });
      return { cancelled: false, path: file, count: (JSON.parse(text) as { profiles: unknown[] }).profiles.length };
    },
    'profiles:kinds': async () => ({
      kinds: kindSummaries().map((k) => ({ ...k, secrets: k.secrets.map((s) => s.name), secretLabels: Object.fromEntries(k.secrets.map((s) => [s.name, s.label])) })),
    }),
    'secrets:set': async ({ profileId, name, value }) => {
      const p = await ctx.profiles.get(profileId);
      await ctx.secrets.set(p.id, checkSecretName(p, name), value);
      return { ok: true as const };
    },
    'secrets:clear': async ({ profileId, name }) => {
      const p = await ctx.profiles.get(profileId);
      await ctx.secrets.clear(p.id, checkSecretName(p, name));
      return { ok: true as const };
    },
    'connection:test': async ({ profileId }) => testConnection(ctx, profileId),
    // The fingerprint from the renderer only says which offer it means; main shows the identity it saw
    // in its own dialog and pins it only on the operator's yes there.
    'connection:trust': async ({ profileId, fingerprint }) => {
      await acceptIdentity(ctx, profileId, fingerprint);
      return { ok: true as const };
    },
  };
}
