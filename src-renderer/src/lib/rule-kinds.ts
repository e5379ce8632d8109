/**
 * What the rules form needs to know about each alert-rule kind (docs/KPIS.md, "Alert rules"): its
 * name in words, the figure and unit it compares, and (from src-shared/rule-traits.ts, the table the
 * watch itself reads) which way it opens and which optional settings apply. Main's schema (domain/alerts.ts) stays the judge of what is valid; this only shapes the form.
 */
import type { AlertRule, AlertRuleInput, RuleKind, Severity } from '../../../src-main/domain/alerts';
import { RULE_TRAITS } from '../../../src-shared/rule-traits';

/** The form's words for a kind; how it is judged comes from src-shared/rule-traits.ts, as in main. */
interface RuleKindText {
  label: string;
  /** The figure, in words, as the form's threshold label reads it. */
  figure: string;
  unit: string;
  /** A sensible first threshold for a new rule. */
  threshold: number;
  codes?: true;
  countries?: true;
}

export interface RuleKindInfo extends RuleKindText {
  opens: 'below' | 'above';
  /** Attempt figures, drop growth or bursts over the rule's sliding window. */
  window: boolean;
  /** Can be evaluated per trunk or destination as well as per source. */
  groups: boolean;
}

const TEXT: Record<RuleKind, RuleKindText> = {
  'mos-below': { label: 'MOS below', figure: 'mean MOS of the live calls', unit: 'MOS', threshold: 3.6 },
  'loss-above': { label: 'Packet loss above', figure: 'p95 packet loss of answered calls', unit: '%', threshold: 2 },
  'jitter-above': { label: 'Jitter above', figure: 'p95 jitter of answered calls', unit: 'ms', threshold: 30 },
  'rtp-missing': { label: 'One-way or missing RTP', figure: 'answered calls with RTP in one or no direction', unit: 'calls', threshold: 0 },
  'asr-below': { label: 'ASR below', figure: 'answer-seizure ratio', unit: '%', threshold: 40 },
  'ner-below': { label: 'NER below', figure: 'network effectiveness ratio', unit: '%', threshold: 90 },
  'sip-code-rate': { label: 'SIP response code rate', figure: 'share of attempts ending with these codes', unit: '%', threshold: 10, codes: true },
  'concurrent-above': { label: 'Concurrent calls above', figure: 'concurrent calls (the capacity)', unit: 'calls', threshold: 100 },
  'source-down': { label: 'Source down or stale', figure: 'seconds since the last good poll', unit: 's', threshold: 30 },
  'capture-drops': { label: 'Capture drops rising', figure: 'dropped packets per minute', unit: 'per min', threshold: 0 },
  'registrations-failed': { label: 'Registrations failing', figure: 'registrations in state Failed', unit: 'registrations', threshold: 5 },
  'fraud-destination': { label: 'Toll fraud: unexpected destinations', figure: 'live calls to premium-rate, shared-cost or unexpected countries', unit: 'calls', threshold: 0, countries: true },
  'fraud-burst': { label: 'Toll fraud: burst to one number', figure: 'calls to one external number', unit: 'calls', threshold: 10 },
};

function infoOf(kind: RuleKind): RuleKindInfo {
  const t = RULE_TRAITS[kind];
  return { ...TEXT[kind], opens: t.opens, window: t.window, groups: !t.sourceOnly };
}

/** Every kind, in the table's order; TEXT's Record type makes a kind missing there a compile error. */
export const KINDS = Object.keys(TEXT) as RuleKind[];

export const RULE_KIND_INFO = Object.fromEntries(KINDS.map((k) => [k, infoOf(k)])) as Record<RuleKind, RuleKindInfo>;
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** The form's values: text for every number and list, so a half-typed value is never lost. */
export interface RuleFormValues {
  id: string;
  name: string;
  enabled: boolean;
  kind: RuleKind;
  severity: Severity;
  profileIds: string[];
  groupBy: 'source' | 'trunk' | 'destination';
  threshold: string;
  clearThreshold: string;
  minSample: string;
  windowSec: string;
  forSec: string;
  clearForSec: string;
  codes: string;
  countries: string;
}

export function newRuleForm(kind: RuleKind = 'mos-below'): RuleFormValues {
  const k = RULE_KIND_INFO[kind];
  return {
    id: '',
    name: k.label,
    enabled: true,
    kind,
    severity: 'warning',
    profileIds: [],
    groupBy: 'source',
    threshold: String(k.threshold),
    clearThreshold: '',
    minSample: '10',
    windowSec: '900',
    forSec: '30',
    clearForSec: '60',
    codes: kind === 'sip-code-rate' ? '5xx' : '',
    countries: '',
  };
}

export function ruleToForm(r: AlertRule): RuleFormValues {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    kind: r.kind,
    severity: r.severity,
    profileIds: [...r.profileIds],
    groupBy: r.groupBy,
    threshold: String(r.threshold),
    clearThreshold: r.clearThreshold === undefined ? '' : String(r.clearThreshold),
    minSample: String(r.minSample),
    windowSec: String(r.windowSec),
    forSec: String(r.forSec),
    clearForSec: String(r.clearForSec),
    codes: r.codes.join(', '),
    countries: r.countries.join(', '),
  };
}

/** "42" → 42; "" → undefined; anything else passes through as text so main names the field. */
function num(v: string): number | string | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

const list = (v: string): string[] => v.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

/** A rule id from its name: lower-case letters, digits and "-", unique among `taken`. */
export function ruleIdFor(name: string, taken: ReadonlySet<string>): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'rule';
  let id = base;
  for (let i = 2; taken.has(id) && i < 1000; i++) id = `${base}-${i}`;
  return id;
}

/**
 * The rule as main's schema takes it. Settings that do not apply to the kind are left out (main's
 * defaults apply), so switching kinds in the form does not carry a stale window or code list along.
 */
export function formToRule(v: RuleFormValues): AlertRuleInput {
  const k = RULE_KIND_INFO[v.kind];
  // Typed as text where the operator typed text: main's schema refuses it and names the field.
  const out: Record<string, unknown> = {
    id: v.id,
    name: v.name,
    enabled: v.enabled,
    kind: v.kind,
    severity: v.severity,
    profileIds: v.profileIds,
    groupBy: k.groups ? v.groupBy : 'source',
    threshold: num(v.threshold),
    minSample: num(v.minSample),
    forSec: num(v.forSec),
    clearForSec: num(v.clearForSec),
  };
  const clear = num(v.clearThreshold);
  if (clear !== undefined) out.clearThreshold = clear;
  if (k.window) out.windowSec = num(v.windowSec);
  if (k.codes) out.codes = list(v.codes).map((c) => (/^\d+$/.test(c) ? Number(c) : c.toLowerCase()));
  if (k.countries) out.countries = list(v.countries).map((c) => c.toUpperCase());
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as AlertRuleInput;
}

/** One line that says what a rule does, for the rules table. */
export function ruleSummary(r: AlertRule): string {
  const k = RULE_KIND_INFO[r.kind];
  const per = r.groupBy === 'source' ? '' : ` per ${r.groupBy}`;
  const codes = k.codes && r.codes.length ? ` (${r.codes.join(', ')})` : '';
  const windowText = k.window ? ` over ${Math.round(r.windowSec / 60)} min` : '';
  return `${k.figure}${codes}${per}${windowText} ${k.opens} ${r.threshold} ${k.unit}, for ${r.forSec} s`;
}
