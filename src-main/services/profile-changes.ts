/**
 * Profile writes that come from outside main (the renderer's Save, an imported file): validated, compared
 * with what is stored, confirmed by the operator in main's dialog when they widen anything
 * (confirm-change.ts), and audited. Secrets of a re-pointed profile stay bound to the old endpoint
 * (profiles/secret-bindings.ts) unless the operator confirms sending them to the new one.
 */
import { CallboardError } from '../core/errors';
import type { ChangeRow } from '../core/confirm';
import { backendOf } from '../backends/registry';
import { endpointKey } from '../profiles/endpoint';
import { profileSchema, secretNamesFor, type Profile, type SecretName } from '../profiles/schema';
import { EndpointBoundSecretStore } from '../profiles/secret-bindings';
import { describeZodError, fieldErrorsOf, parseProfilesText, type ImportResult } from '../profiles/store';
import type { AppContext } from '../core/context';
import { confirmProfileSave, policyDiff, profileWidening, requireConfirmation } from './confirm-change';

const MAX_AUDIT_REASON = 1000;

function rowsText(rows: ChangeRow[]): string {
  return rows.map((r) => `${r.label}: ${r.from} → ${r.to}`).join('; ');
}

async function storedOrNull(ctx: AppContext, id: string): Promise<Profile | null> {
  return (await ctx.profiles.list()).find((p) => p.id === id) ?? null;
}

function policyOf(p: Profile | null) {
  return p && 'dialPolicy' in p ? p.dialPolicy : null;
}

/** One audit record per saved change that touched the endpoint, a pin or the dial policy (with the diff). */
async function auditChange(ctx: AppContext, before: Profile | null, after: Profile, how: 'save' | 'import'): Promise<void> {
  const w = profileWidening(before, after);
  const pol = policyDiff(policyOf(before), policyOf(after)).map((r) => ({ ...r, label: `dialPolicy.${r.label}` }));
  const rows = [...w.endpoint, ...(w.pin ? [w.pin] : []), ...w.other, ...pol];
  if (!rows.length && before) return;
  await ctx.audit.append({
    phase: 'event',
    action: 'profile-change',
    profileId: after.id,
    target: before ? how : `${how} (new profile)`,
    decision: 'allowed',
    reason: (rowsText(rows) || 'new profile').slice(0, MAX_AUDIT_REASON),
    pbxCode: null,
    outcome: 'ok',
  });
}

async function setSecretNames(ctx: AppContext, p: Profile): Promise<SecretName[]> {
  const out: SecretName[] = [];
  for (const n of secretNamesFor(p.kind)) if (await ctx.secrets.isSet(p.id, n).catch(() => false)) out.push(n);
  return out;
}

/**
 * Before an endpoint change is written: bind the profile's stored secrets to the old endpoint (legacy
 * secrets had no binding). Returns a function to run after the write, which re-binds them to the new
 * endpoint only if `carry` (the operator said yes to sending them there).
 */
async function holdSecrets(ctx: AppContext, before: Profile, after: Profile, carry: boolean): Promise<() => Promise<void>> {
  if (!(ctx.secrets instanceof EndpointBoundSecretStore)) return async () => undefined;
  const bindings = ctx.secrets.bindings;
  const names = await setSecretNames(ctx, before);
  if (!names.length) return async () => undefined;
  await bindings.bindMissing(before.id, names, endpointKey(before));
  return async () => {
    if (carry && before.kind === after.kind) await bindings.bind(after.id, names, endpointKey(after));
  };
}

/** Asks whether the stored secrets may go to the new endpoint; default and Cancel: no. */
async function askCarrySecrets(ctx: AppContext, before: Profile, after: Profile, endpointRows: ChangeRow[]): Promise<boolean> {
  if (before.kind !== after.kind) return false;
  const names = await setSecretNames(ctx, before);
  if (!names.length) return false;
  try {
    await requireConfirmation(
      ctx,
      {
        title: `Send the stored secrets of "${after.name}" to the new address?`,
        message: `Profile "${after.id}" has stored secrets (${names.join(', ')}) that were entered for the old address. Send them to the new one, or press Cancel and enter them again in Settings.`,
        changes: endpointRows,
        confirmLabel: 'Use stored secrets there',
      },
      'not carried',
    );
    return true;
  } catch {
    return false;
  }
}

export async function saveProfileConfirmed(ctx: AppContext, input: unknown, isNew: boolean): Promise<Profile> {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) throw new CallboardError('usage', `The profile is not valid: ${describeZodError(parsed.error)}.`, { fields: fieldErrorsOf(parsed.error) });
  const after = parsed.data;
  const before = await storedOrNull(ctx, after.id);
  if (isNew && before) throw new CallboardError('usage', `A profile with id "${after.id}" already exists.`);
  const w = await confirmProfileSave(ctx, before, after);
  let release = async (): Promise<void> => undefined;
  if (before && w.endpointChanged) {
    const carry = await askCarrySecrets(ctx, before, after, w.endpoint);
    release = await holdSecrets(ctx, before, after, carry);
  }
  const saved = isNew ? await ctx.profiles.create(after) : await ctx.profiles.upsert(after);
  await release();
  await auditChange(ctx, before, saved, 'save');
  return saved;
}

/**
 * An import is one confirmation listing every profile it adds or changes; nothing is written without
 * it (an import can re-point any existing profile). Secrets of re-pointed profiles are not carried over.
 */
export async function importProfilesConfirmed(ctx: AppContext, text: string, source: string): Promise<ImportResult> {
  const incoming = parseProfilesText(text, source).profiles;
  const stored = await ctx.profiles.list();
  const changes: ChangeRow[] = [];
  const policy: ChangeRow[] = [];
  const fingerprints: { label: string; value: string }[] = [];
  for (const p of incoming) {
    const before = stored.find((x) => x.id === p.id) ?? null;
    const w = profileWidening(before, p);
    if (!before) changes.push({ label: `New profile ${p.id}`, from: '(none)', to: `${p.kind} ${backendOf(p.kind).summary(p)}` });
    for (const r of [...w.endpoint, ...(w.pin ? [w.pin] : []), ...w.other]) changes.push({ ...r, label: `${p.id}: ${r.label}` });
    for (const r of w.policy) policy.push({ ...r, label: `${p.id}: ${r.label}` });
    if (w.fingerprint) fingerprints.push({ ...w.fingerprint, label: `${p.id}: ${w.fingerprint.label}` });
  }
  if (incoming.length) {
    await requireConfirmation(
      ctx,
      {
        title: `Import ${incoming.length} profile(s) from ${source}?`,
        message: 'Imported profiles decide where Callboard connects and what it may dial. Stored secrets of profiles whose address changes are not sent to the new address; enter them again.',
        changes,
        ...(fingerprints.length ? { fingerprints } : {}),
        ...(policy.length ? { policyDiff: policy } : {}),
        confirmLabel: 'Import',
      },
      `Nothing was imported: the import of ${source} was not confirmed.`,
    );
  }
  const releases: Array<() => Promise<void>> = [];
  for (const p of incoming) {
    const before = stored.find((x) => x.id === p.id);
    if (before && profileWidening(before, p).endpointChanged) releases.push(await holdSecrets(ctx, before, p, false));
  }
  const res = await ctx.profiles.importText(text, source);
  for (const r of releases) await r();
  for (const p of incoming) await auditChange(ctx, stored.find((x) => x.id === p.id) ?? null, p, 'import');
  return res;
}

