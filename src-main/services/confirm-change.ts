/**
 * Which profile changes widen what stored credentials or calls can reach, and the main-owned
 * confirmation they need. A widening change (new endpoint, new pin, relaxed dial policy, new SIP VAULT
 * base) is written only after the operator confirmed it in main's dialog (Platform.confirm); narrowing
 * changes (stricter policy, removed pin, renamed profile) go through without a question.
 */
import { CallboardError } from '../core/errors';
import type { ChangeRow, ConfirmRequest } from '../core/confirm';
import type { DialPolicy, Profile } from '../profiles/schema';
import { endpointFields, NONE, pinOf, show } from '../profiles/endpoint';
import type { AppContext } from '../core/context';

function policyOf(p: Profile): DialPolicy | null {
  return 'dialPolicy' in p ? p.dialPolicy : null;
}

const CLASS_FLAGS = [
  ['allowInternal', 'Internal extensions'],
  ['allowNational', 'National numbers'],
  ['allowMobile', 'Mobile numbers'],
  ['allowInternational', 'International numbers'],
] as const;

function onOff(v: boolean): string {
  return v ? 'allowed' : 'refused';
}

/**
 * Rows where `after` dials more than `before`: a class switched on, an allow entry added, a deny entry
 * removed, a changed extension pattern or country (what counts as internal / national), a higher rate
 * limit, a shorter de-dup window, confirmation skipped. `before` null: compared with the defaults.
 */
export function policyRelaxation(before: DialPolicy | null, after: DialPolicy): ChangeRow[] {
  const rows: ChangeRow[] = [];
  const b = before;
  for (const [key, label] of CLASS_FLAGS) {
    if (after[key] && !(b ? b[key] : false)) rows.push({ label, from: b ? onOff(b[key]) : NONE, to: onOff(true) });
  }
  const added = after.allow.map((a) => a.trim()).filter((a) => !(b?.allow ?? []).map((x) => x.trim()).includes(a));
  if (added.length) rows.push({ label: 'Always-allowed numbers', from: show((b?.allow ?? []).join(', ')), to: after.allow.join(', ') });
  const removed = (b?.deny ?? []).map((d) => d.trim()).filter((d) => !after.deny.map((x) => x.trim()).includes(d));
  if (removed.length) rows.push({ label: 'Denied numbers (removed)', from: (b?.deny ?? []).join(', '), to: show(after.deny.join(', ')) });
  if (b && after.extensionPattern !== b.extensionPattern) rows.push({ label: 'Extension pattern', from: b.extensionPattern, to: after.extensionPattern });
  if (b && after.defaultCountry !== b.defaultCountry) rows.push({ label: 'Country', from: b.defaultCountry, to: after.defaultCountry });
  if (b && after.maxPerMinute > b.maxPerMinute) rows.push({ label: 'Calls per minute', from: String(b.maxPerMinute), to: String(after.maxPerMinute) });
  if (b && after.dedupSeconds < b.dedupSeconds) rows.push({ label: 'Double-click window (s)', from: String(b.dedupSeconds), to: String(after.dedupSeconds) });
  if (after.skipConfirmForInternal && !(b?.skipConfirmForInternal ?? false)) rows.push({ label: 'Internal calls without confirmation', from: 'no', to: 'yes' });
  return rows;
}

/** Every policy field that changed, widening or not, for the audit record. */
export function policyDiff(before: DialPolicy | null, after: DialPolicy | null): ChangeRow[] {
  if (!after && !before) return [];
  const keys = new Set<string>([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const rows: ChangeRow[] = [];
  for (const k of keys) {
    const f = JSON.stringify((before as Record<string, unknown> | null)?.[k] ?? null);
    const t = JSON.stringify((after as Record<string, unknown> | null)?.[k] ?? null);
    if (f !== t) rows.push({ label: k, from: f, to: t });
  }
  return rows;
}

export interface ProfileWidening {
  /** Endpoint rows that changed (empty for a new profile with nothing stored). */
  endpoint: ChangeRow[];
  /** A pin that was set or replaced (removing a pin narrows: the next contact asks again). */
  pin: ChangeRow | null;
  fingerprint: { label: string; value: string } | null;
  policy: ChangeRow[];
  /** Other widening rows: TLS relaxations, a new link target. */
  other: ChangeRow[];
  endpointChanged: boolean;
}

export function profileWidening(before: Profile | null, after: Profile): ProfileWidening {
  const out: ProfileWidening = { endpoint: [], pin: null, fingerprint: null, policy: [], other: [], endpointChanged: false };
  const sameKind = before !== null && before.kind === after.kind;
  const a = endpointFields(after);
  if (before) {
    const b = sameKind ? endpointFields(before) : {};
    for (const [label, to] of Object.entries(a)) {
      const from = b[label] ?? NONE;
      if (from !== to) out.endpoint.push({ label, from, to });
    }
    if (!sameKind) out.endpoint.unshift({ label: 'Kind', from: before.kind, to: after.kind });
    out.endpointChanged = out.endpoint.length > 0;
  } else if (after.kind === 'sipvault') {
    // A new SIP VAULT profile adds a base under which app:openExternal opens links.
    out.other.push({ label: 'New link target (SIP VAULT base URL)', from: NONE, to: after.baseUrl });
  }
  const pa = pinOf(after);
  const pb = before && sameKind ? pinOf(before) : null;
  if (pa?.value && pa.value !== pb?.value) {
    out.pin = { label: pa.label, from: show(pb?.value), to: pa.value };
    out.fingerprint = { label: pa.label, value: pa.value };
  }
  if ('legacyTls' in after && after.legacyTls && !(before && 'legacyTls' in before && before.legacyTls)) {
    out.other.push({ label: 'Legacy TLS (weaker ciphers)', from: 'off', to: 'on' });
  }
  if ('operatorExtension' in after) {
    const bExt = before && 'operatorExtension' in before ? before.operatorExtension : undefined;
    if (before && after.operatorExtension && after.operatorExtension !== bExt) {
      out.other.push({ label: 'Extension that places the calls', from: show(bExt), to: after.operatorExtension });
    }
  }
  const pol = policyOf(after);
  // A new profile starts from the defaults (international off…); what it relaxes beyond them is asked.
  if (pol) out.policy = policyRelaxation(before && sameKind ? policyOf(before) : defaultsLike(pol), pol);
  return out;
}

/** The conservative default policy, keeping the country the operator chose. */
function defaultsLike(p: DialPolicy): DialPolicy {
  return {
    defaultCountry: p.defaultCountry,
    allowInternal: true,
    allowNational: true,
    allowMobile: true,
    allowInternational: false,
    extensionPattern: '^[0-9]{2,6}$',
    allow: [],
    deny: [],
    maxPerMinute: 10,
    dedupSeconds: 10,
    skipConfirmForInternal: false,
    dialFormat: p.dialFormat,
  };
}

export function needsConfirmation(w: ProfileWidening): boolean {
  return w.endpointChanged || w.pin !== null || w.policy.length > 0 || w.other.length > 0;
}

/** Throws 'cancelled' unless the operator confirmed `req` in main's dialog. */
export async function requireConfirmation(ctx: AppContext, req: ConfirmRequest, refused: string): Promise<void> {
  let ok = false;
  try {
    ok = await ctx.platform.confirm(req);
  } catch {
    ok = false; // a dialog that fails to show is a refusal, never a yes
  }
  if (ok !== true) throw new CallboardError('cancelled', refused);
}

/** Asks about a widening profile save; resolves without a question for narrowing ones. */
export async function confirmProfileSave(ctx: AppContext, before: Profile | null, after: Profile): Promise<ProfileWidening> {
  const w = profileWidening(before, after);
  if (!needsConfirmation(w)) return w;
  const changes = [...w.endpoint, ...(w.pin ? [w.pin] : []), ...w.other];
  const req: ConfirmRequest = {
    title: before ? `Change profile "${after.name}" (${after.id})?` : `Add profile "${after.name}" (${after.id})?`,
    message: w.endpointChanged
      ? 'Callboard will connect to a different place with this profile. Stored secrets are not sent there until you confirm them separately or enter them again.'
      : 'This change widens what Callboard may reach or dial with this profile.',
    changes,
    ...(w.fingerprint ? { fingerprints: [w.fingerprint] } : {}),
    ...(w.policy.length ? { policyDiff: w.policy } : {}),
    confirmLabel: before ? 'Save change' : 'Add profile',
  };
  await requireConfirmation(ctx, req, `Not saved: the change to profile "${after.id}" was not confirmed.`);
  return w;
}
