/**
 * NOC watch: alert rules, the per-profile trunk map, and alerts as they cross IPC. No Node imports
 * (the IPC contract and the renderer use these). docs/KPIS.md describes each rule kind.
 *
 * Nothing here can widen what credentials or calls reach: rules only read live data and KPIs.
 */
import { z } from 'zod';
import { groupKindSchema } from './kpi';

export const severitySchema = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof severitySchema>;
export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, critical: 3 };

export const RULE_KINDS = [
  'mos-below', 'loss-above', 'jitter-above', 'rtp-missing',
  'asr-below', 'ner-below', 'sip-code-rate', 'concurrent-above',
  'source-down', 'capture-drops', 'registrations-failed',
  'fraud-destination', 'fraud-burst',
] as const;
export const ruleKindSchema = z.enum(RULE_KINDS);
export type RuleKind = z.infer<typeof ruleKindSchema>;

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'use 1-63 letters, digits, "-" or "_"');
const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as "CZ"');
const sipCodeSchema = z.union([z.number().int().min(100).max(699), z.enum(['4xx', '5xx', '6xx'])]);

export const alertRuleSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(80),
  enabled: z.boolean().default(true),
  kind: ruleKindSchema,
  severity: severitySchema.default('warning'),
  /** Profiles the rule applies to; empty: every watched profile (a global rule). */
  profileIds: z.array(idSchema).max(100).default([]),
  /** Evaluate per source, per trunk (trunk map) or per destination country/class. */
  groupBy: groupKindSchema.default('source'),
  /** Opens when the figure crosses this (below for *-below, above otherwise). */
  threshold: z.number().finite(),
  /** Clears only past this (hysteresis); default: the threshold itself. */
  clearThreshold: z.number().finite().optional(),
  /** Figures over fewer samples than this are "n too small": never opened on. */
  minSample: z.number().int().min(1).max(100_000).default(10),
  /** Sliding window of the attempt figures (ASR, NER, SIP code rate, bursts). */
  windowSec: z.number().int().min(30).max(86_400).default(900),
  /** The breach must hold this long before the alert opens … */
  forSec: z.number().int().min(0).max(86_400).default(30),
  /** … and the figure must be back past clearThreshold this long before it clears. */
  clearForSec: z.number().int().min(0).max(86_400).default(60),
  /** sip-code-rate: the final codes (or classes) counted. */
  codes: z.array(sipCodeSchema).max(50).default([]),
  /** fraud-destination: countries calls may go to without an alert (besides the home country). */
  countries: z.array(countrySchema).max(250).default([]),
}).strict();
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

/** A trunk label for calls whose signalling IP (or CIDR) or PBX trunk name matches. */
export const trunkEntrySchema = z.object({
  label: z.string().trim().min(1).max(80),
  ips: z.array(z.string().regex(/^[0-9A-Fa-f:.]{2,45}(\/\d{1,3})?$/, 'an IP address or CIDR such as 192.0.2.0/24')).max(200).default([]),
  names: z.array(z.string().trim().min(1).max(80)).max(200).default([]),
}).strict();
export type TrunkEntry = z.infer<typeof trunkEntrySchema>;

export const profileWatchSchema = z.object({
  profileId: idSchema,
  /** Poll this profile in the background for the alert rules, also when no window shows it. */
  watch: z.boolean().default(true),
  trunks: z.array(trunkEntrySchema).max(200).default([]),
}).strict();
export type ProfileWatch = z.infer<typeof profileWatchSchema>;

export const watchSettingsSchema = z.object({
  version: z.literal(1).default(1),
  /** Calls to other countries are "foreign" for the toll-fraud watch. */
  homeCountry: countrySchema.default('US'),
  /** Sample below which a figure is shown as "n too small" (the strip and CDR summary). */
  minSample: z.number().int().min(1).max(10_000).default(10),
  /** Sliding window of the live attempt figures, seconds. */
  windowSec: z.number().int().min(60).max(86_400).default(900),
  profiles: z.array(profileWatchSchema).max(500).default([]),
  rules: z.array(alertRuleSchema).max(500).default([]),
  /** A sound per severity (the desktop plays the system's notification sound). */
  sound: z.object({ info: z.boolean().default(false), warning: z.boolean().default(false), critical: z.boolean().default(true) }).strict().default({ info: false, warning: false, critical: true }),
  notify: z.object({ info: z.boolean().default(false), warning: z.boolean().default(true), critical: z.boolean().default(true) }).strict().default({ info: false, warning: true, critical: true }),
}).strict().superRefine((s, ctx) => {
  const seen = new Set<string>();
  s.rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
    if (r.kind === 'sip-code-rate' && !r.codes.length) ctx.addIssue({ code: 'custom', path: ['rules', i, 'codes'], message: 'a SIP code rate rule needs at least one code, e.g. 503 or "5xx"' });
  });
  const ps = new Set<string>();
  s.profiles.forEach((p, i) => {
    if (ps.has(p.profileId)) ctx.addIssue({ code: 'custom', path: ['profiles', i, 'profileId'], message: `profile "${p.profileId}" is listed twice` });
    ps.add(p.profileId);
  });
});
export type WatchSettings = z.infer<typeof watchSettingsSchema>;
export type WatchSettingsInput = z.input<typeof watchSettingsSchema>;

export const alertStateSchema = z.enum(['open', 'acknowledged', 'cleared']);
export type AlertState = z.infer<typeof alertStateSchema>;

export const alertSchema = z.object({
  /** Stable per opening: "<rule>|<profile>|<group key>|<opened ms>". */
  id: z.string().max(400),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: ruleKindSchema,
  severity: severitySchema,
  profileId: z.string(),
  group: z.object({ kind: groupKindSchema, key: z.string(), label: z.string() }),
  state: alertStateSchema,
  /** Plain words: what crossed what, over which sample. */
  message: z.string(),
  value: z.number().nullable(),
  threshold: z.number(),
  n: z.number().int(),
  openedAt: z.string(),
  lastValueAt: z.string(),
  clearedAt: z.string().nullable(),
  ackBy: z.string().nullable(),
  ackAt: z.string().nullable(),
  /** Call keys behind the alert (the Alerts view opens them), at most 50. */
  callKeys: z.array(z.string()).max(50),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertsSummarySchema = z.object({
  open: z.number().int(),
  unacknowledged: z.number().int(),
  worst: severitySchema.nullable(),
});
export type AlertsSummary = z.infer<typeof alertsSummarySchema>;
