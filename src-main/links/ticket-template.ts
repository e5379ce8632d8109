/**
 * Ticket snippets: an operator-editable template with `{{field}}` placeholders. Substitution is a single
 * regex replace over a fixed field list: no expressions, no code, no recursion (a value that itself
 * contains "{{link}}" is inserted literally).
 */
import { z } from 'zod';
import { formatDuration as sharedDuration, formatTime, zoneLabel, type DisplayZone } from '../../src-shared/time-format';

export const TICKET_FIELDS = [
  'callId',
  'caller',
  'callee',
  'start',
  'duration',
  'disposition',
  'mos',
  'mosCaller',
  'mosCallee',
  'link',
  'validUntil',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];
export type TicketValues = Record<TicketField, string>;

export const MAX_TEMPLATE_CHARS = 4000;

export const TEMPLATE_PRESETS = {
  plain: [
    'Call-ID: {{callId}}',
    'Call: {{caller}} -> {{callee}}',
    'Start: {{start}}',
    'Duration: {{duration}}',
    'Disposition: {{disposition}}',
    'MOS: {{mos}}',
    'SIP VAULT: {{link}}',
    '(link valid until {{validUntil}})',
  ].join('\n'),
  markdown: [
    '**Call-ID:** {{callId}}',
    '**Call:** {{caller}} → {{callee}}',
    '**Start:** {{start}}',
    '**Duration:** {{duration}}',
    '**Disposition:** {{disposition}}',
    '**MOS:** {{mos}}',
    '**SIP VAULT:** [open capture]({{link}}) _(valid until {{validUntil}})_',
  ].join('\n'),
} as const;
export type TemplatePreset = keyof typeof TEMPLATE_PRESETS;

export const templateSettingSchema = z.discriminatedUnion('preset', [
  z.object({ preset: z.literal('plain') }),
  z.object({ preset: z.literal('markdown') }),
  z.object({ preset: z.literal('custom'), text: z.string().min(1).max(MAX_TEMPLATE_CHARS), markdown: z.boolean().default(false) }),
]);
export type TemplateSetting = z.infer<typeof templateSettingSchema>;

export function templateText(s: TemplateSetting): { text: string; markdown: boolean } {
  if (s.preset === 'custom') return { text: s.text, markdown: s.markdown };
  return { text: TEMPLATE_PRESETS[s.preset], markdown: s.preset === 'markdown' };
}

/** Backslash-escapes Markdown syntax in a value from a CDR so a caller name cannot inject links or tables. */
export function escapeMarkdown(v: string): string {
  return v.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => '\\' + c);
}

/**
 * C0 and C1 controls (other than tab), line separators and bidi controls (Unicode TR9: U+061C, U+200E,
 * U+200F, U+202A–U+202E, U+2066–U+2069) are removed: a hostile CDR field must not forge extra ticket
 * lines or show "moc.live" for "evil.com".
 */
function oneLine(v: string): string {
  return v.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g, ' ').replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
}

/** Text a Markdown renderer would turn into a link by itself (GFM autolinks: scheme://…, www.…). */
const BARE_URL = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i;

/** A Markdown code span that shows `v` verbatim: the fence is longer than any backtick run inside it. */
export function codeSpan(v: string): string {
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export function renderTemplate(text: string, values: TicketValues, markdown: boolean): string {
  const known = new Set<string>(TICKET_FIELDS);
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!known.has(name)) return whole; // left visible so the operator sees the typo
    const raw = oneLine(values[name as TicketField]);
    if (!markdown) return raw;
    // The link is strict-percent-encoded (no Markdown-significant characters left); escaping would break it.
    if (name === 'link') return raw;
    // Call-IDs are copied back out of tickets: show them verbatim in a code span, not backslash-escaped.
    if (name === 'callId') return codeSpan(raw);
    // Backslash escapes do not stop GFM's autolinking (it runs on the text after parsing): a caller
    // name that is a URL goes into a code span, shown but not clickable.
    if (BARE_URL.test(raw)) return codeSpan(raw);
    return escapeMarkdown(raw);
  });
}

/** Duration for tickets: the same text as the tables ("m:ss"), "unknown" when the source had none. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return 'unknown';
  return sharedDuration(seconds);
}

export function formatMos(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? 'unknown' : v.toFixed(2);
}

/**
 * "2024-05-02 12:50:48 (UTC)", "2024-05-02 14:50:48 (Europe/Prague)" or "2024-05-02 14:50:48 +02:00
 * (PBX clock)": the display zone's wall time, identical to the table cell, with the zone named.
 */
export function formatStart(start: number | string | undefined, dz: DisplayZone, sourceZone?: string): string {
  if (start === undefined || (typeof start === 'number' && !Number.isFinite(start))) return 'unknown';
  const text = formatTime(start, dz, sourceZone);
  if (!text) return 'unknown';
  return `${text} (${zoneLabel(dz, 'PBX clock')})`;
}
