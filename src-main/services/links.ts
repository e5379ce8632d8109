/**
 * SIP VAULT links as the app uses them: pick the vault profile, read its secret in main, sign, and
 * either hand back the URL for display, write it to the clipboard, open it, or render a ticket snippet.
 * The secret never leaves this module; the renderer gets at most the signed URL.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CallboardError } from '../core/errors';
import { atomicWriteFile } from '../core/atomic-write';
import { logger } from '../core/log';
import { requireSecret } from '../secrets/keychain';
import type { Profile, SipvaultProfile } from '../profiles/schema';
import type { AppContext } from '../core/context';
import { buildLink, type SignedLink } from '../links/sipvault';
import { checkExternalUrl } from '../core/external-url';
import { isValidZone } from '../../src-shared/time-format';
import { getDisplayZone } from './display-settings';
import {
  formatDuration,
  formatMos,
  formatStart,
  renderTemplate,
  templateSettingSchema,
  templateText,
  type TemplateSetting,
  type TicketValues,
} from '../links/ticket-template';

const log = logger('links');

export interface LinkTarget {
  callId: string;
  /** The profile the Call-ID came from (its `sipvaultProfileId` picks the vault). */
  sourceProfileId?: string;
  /** Explicit choice; wins over everything. */
  vaultProfileId?: string;
  /** Unix seconds to sign at (CLI --at); default now. */
  at?: number;
}

export interface LinkResult extends SignedLink {
  vaultProfileId: string;
}

function asVault(p: Profile): SipvaultProfile {
  if (p.kind !== 'sipvault') throw new CallboardError('config', `Profile "${p.id}" is not a SIP VAULT profile.`);
  return p;
}

/** Explicit choice, else the source profile's default, else the only SIP VAULT profile, else ask. */
export async function resolveVaultProfile(ctx: AppContext, t: Pick<LinkTarget, 'sourceProfileId' | 'vaultProfileId'>): Promise<SipvaultProfile> {
  if (t.vaultProfileId) return asVault(await ctx.profiles.get(t.vaultProfileId));
  const all = await ctx.profiles.list();
  if (t.sourceProfileId) {
    const src = all.find((p) => p.id === t.sourceProfileId);
    if (!src) throw new CallboardError('not_found', `There is no profile "${t.sourceProfileId}".`);
    if (src.kind !== 'sipvault' && src.sipvaultProfileId) {
      const v = all.find((p) => p.id === src.sipvaultProfileId);
      if (!v) {
        throw new CallboardError('config', `Profile "${src.id}" names SIP VAULT profile "${src.sipvaultProfileId}", which does not exist; fix it in Settings.`);
      }
      return asVault(v);
    }
    if (src.kind === 'sipvault') return src;
  }
  const vaults = all.filter((p): p is SipvaultProfile => p.kind === 'sipvault');
  if (vaults.length === 1 && vaults[0]) return vaults[0];
  if (vaults.length === 0) throw new CallboardError('config', 'No SIP VAULT profile is configured; add one in Settings to make links.');
  throw new CallboardError('usage', `Several SIP VAULT profiles exist (${vaults.map((v) => v.id).join(', ')}); choose which one to use.`, {
    data: { choices: vaults.map((v) => v.id).join(',') },
  });
}

export async function signLink(ctx: AppContext, t: LinkTarget): Promise<LinkResult> {
  const vault = await resolveVaultProfile(ctx, t);
  const secret = await requireSecret(ctx.secrets, vault.id, 'hmacSecret', 'SIP VAULT HMAC secret');
  const nowSeconds = t.at ?? Math.floor(ctx.now() / 1000);
  const link = buildLink({ baseUrl: vault.baseUrl, customerId: vault.customerId, callId: t.callId, secret, nowSeconds });
  return { ...link, vaultProfileId: vault.id };
}

/** For display only: the URL and its expiry. */
export async function previewLink(ctx: AppContext, t: LinkTarget): Promise<LinkResult> {
  return signLink(ctx, t);
}

export async function copyLink(ctx: AppContext, t: LinkTarget): Promise<LinkResult> {
  const link = await signLink(ctx, t);
  await ctx.platform.writeClipboard(link.url);
  await ctx.audit.append({
    phase: 'event',
    action: 'link-copy',
    profileId: link.vaultProfileId,
    target: t.callId,
    decision: 'n/a',
    reason: null,
    pbxCode: null,
    outcome: 'ok',
  });
  return link;
}

/**
 * Opens a URL only if it is https and under one of the configured SIP VAULT base URLs (parsed origins
 * and path segments, core/external-url.ts), then audits it. Refusals are logged without the URL.
 */
export async function openInVault(ctx: AppContext, url: string, profileIdForAudit?: string): Promise<void> {
  const vaults = (await ctx.profiles.list()).filter((p): p is SipvaultProfile => p.kind === 'sipvault');
  let checked: URL;
  try {
    checked = checkExternalUrl(url, vaults.map((v) => v.baseUrl));
  } catch (e) {
    log.warn('refused to open a URL that is not under a configured SIP VAULT base');
    throw e;
  }
  const match = vaults.find((v) => new URL(v.baseUrl).origin === checked.origin);
  await ctx.platform.openExternal(checked.toString());
  await ctx.audit.append({
    phase: 'event',
    action: 'link-open',
    profileId: profileIdForAudit ?? match?.id ?? 'unknown',
    target: null,
    decision: 'n/a',
    reason: null,
    pbxCode: null,
    outcome: 'ok',
  });
}

/** Signs a fresh link (links are minted at click time, not at render time) and opens it. */
export async function openLink(ctx: AppContext, t: LinkTarget): Promise<LinkResult> {
  const link = await signLink(ctx, t);
  await openInVault(ctx, link.url, link.vaultProfileId);
  return link;
}

// ---- ticket snippets ----------------------------------------------------------------------------

export interface TicketCall extends LinkTarget {
  caller?: string;
  callee?: string;
  /** Call start, milliseconds since the epoch. */
  startMs?: number;
  /** Call start as the source wrote it (ISO 8601 with the PBX's offset), for the "PBX clock" display zone. */
  startIso?: string;
  /** The operator's IANA zone (default: this workstation's); which zone the ticket shows is the display setting. */
  timeZone?: string;
  durationSec?: number;
  disposition?: string;
  mosCaller?: number;
  mosCallee?: number;
}

export const TEMPLATE_FILE = path.join('settings', 'ticket-template.json');
const MAX_TEMPLATE_FILE_BYTES = 64 * 1024;

export async function getTemplate(ctx: AppContext): Promise<TemplateSetting> {
  const file = path.join(ctx.configDir, TEMPLATE_FILE);
  let text: string;
  try {
    const st = await fs.stat(file);
    if (st.size > MAX_TEMPLATE_FILE_BYTES) throw new CallboardError('config', `${file} is too large to be a ticket template; remove it to use the default.`);
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { preset: 'plain' };
    if (e instanceof CallboardError) throw e;
    throw new CallboardError('config', `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CallboardError('config', `${file} is not valid JSON; fix it or remove it to use the default template.`);
  }
  const parsed = templateSettingSchema.safeParse(raw);
  if (!parsed.success) throw new CallboardError('config', `${file} is not a ticket template setting; remove it to use the default.`);
  return parsed.data;
}

export async function setTemplate(ctx: AppContext, setting: TemplateSetting): Promise<TemplateSetting> {
  const checked = templateSettingSchema.parse(setting);
  const file = path.join(ctx.configDir, TEMPLATE_FILE);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await atomicWriteFile(file, JSON.stringify(checked, null, 2) + '\n');
  return checked;
}

/** The source profile's own IANA zone (sensors and Wildix name one; a UCM's offset travels in its ISO times). */
async function sourceZoneFor(ctx: AppContext, c: TicketCall): Promise<string | undefined> {
  if (!c.sourceProfileId) return undefined;
  try {
    const p = await ctx.profiles.get(c.sourceProfileId);
    return 'timeZone' in p && typeof p.timeZone === 'string' ? p.timeZone : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ticket shows the start exactly as the window's tables do, in the operator's display zone
 * (settings/display.json). `timeZone` from the caller, when given, is the operator's own zone.
 */
async function ticketTimes(ctx: AppContext, c: TicketCall, validUntilEpoch: number): Promise<{ start: string; validUntil: string }> {
  const dz = await getDisplayZone(ctx.configDir);
  if (c.timeZone && isValidZone(c.timeZone)) dz.operatorZone = c.timeZone;
  return { start: formatStart(c.startIso ?? c.startMs, dz, await sourceZoneFor(ctx, c)), validUntil: formatStart(validUntilEpoch * 1000, dz.choice === 'source' ? { ...dz, choice: 'operator' } : dz) };
}

export async function renderTicket(ctx: AppContext, c: TicketCall): Promise<{ text: string; link: LinkResult }> {
  const link = await signLink(ctx, c);
  const { text: tpl, markdown } = templateText(await getTemplate(ctx));
  const known = (v: string | undefined) => (v === undefined || v === '' ? 'unknown' : v);
  const mos =
    c.mosCaller === undefined && c.mosCallee === undefined
      ? 'unknown'
      : `${formatMos(c.mosCaller)} (caller to callee) / ${formatMos(c.mosCallee)} (callee to caller)`;
  const times = await ticketTimes(ctx, c, link.validUntilEpoch);
  const values: TicketValues = {
    callId: c.callId,
    caller: known(c.caller),
    callee: known(c.callee),
    start: times.start,
    duration: formatDuration(c.durationSec),
    disposition: known(c.disposition),
    mos,
    mosCaller: formatMos(c.mosCaller),
    mosCallee: formatMos(c.mosCallee),
    link: link.url,
    validUntil: times.validUntil,
  };
  return { text: renderTemplate(tpl, values, markdown), link };
}

export async function copyTicketText(ctx: AppContext, c: TicketCall): Promise<{ text: string; link: LinkResult }> {
  const out = await renderTicket(ctx, c);
  await ctx.platform.writeClipboard(out.text);
  await ctx.audit.append({
    phase: 'event',
    action: 'ticket-copy',
    profileId: out.link.vaultProfileId,
    target: c.callId,
    decision: 'n/a',
    reason: null,
    pbxCode: null,
    outcome: 'ok',
  });
  return out;
}
