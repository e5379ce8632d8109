/**
 * The toll-fraud guard (SECURITY-ANCHORS C4): decides, in main, whether a typed or clicked destination
 * may be dialled. Input is only the profile's policy and the destination string; the output is a class,
 * a normalised number (E.164 or extension digits) and a decision with a plain-language reason.
 *
 * Order: refuse anything that is not a phone number (channel names, contexts, separators of other
 * syntaxes, control characters) BEFORE parsing; service short codes of the policy's country before the
 * extension rule (which never covers more than 6 digits); classify with libphonenumber-js "max"
 * metadata (number types need it); emergency numbers, also behind a trunk prefix, are refused; deny
 * prefixes win; allow prefixes override class rules, except that premium-rate, shared-cost and unknown
 * numbers are refused unless an allow entry equals the number.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { CallboardError } from '../core/errors';
import type { DialPolicy } from '../profiles/schema';

import { MAX_DESTINATION_LENGTH, type DialClass } from './dial-classes';
export { DIAL_CLASSES, MAX_DESTINATION_LENGTH, type DialClass } from './dial-classes';

export interface DialDecision {
  allowed: boolean;
  cls: DialClass;
  /** E.164 ("+420224123456") or extension digits; null when the input was refused before parsing. */
  normalized: string | null;
  /** Region of the number (ISO 3166), when known. */
  country: string | null;
  /** Why it was refused (plain language, safe to show and audit); null when allowed. */
  reason: string | null;
}

/** E.164 caps numbers at 15 digits; extensions are shorter still. */
const MAX_DIGITS = 15;
/**
 * Whatever the operator's pattern says, nothing longer than this is an internal extension: a pattern
 * such as [0-9]{2,15} would otherwise turn every national and international number into "internal".
 */
export const MAX_EXTENSION_DIGITS = 6;

/** Digits, "+" and visual separators (space, dash, dot, parentheses). Nothing else is a phone number here. */
const ALLOWED_CHARS = /^[0-9+ ().-]*$/;

function refused(cls: DialClass, normalized: string | null, country: string | null, reason: string): DialDecision {
  return { allowed: false, cls, normalized, country, reason };
}

/**
 * Compiles the operator's extension pattern, anchored. Nested quantifiers ("(a+)+") are refused as a
 * cheap guard against catastrophic backtracking; inputs are at most 15 digits anyway.
 */
const patternCache = new Map<string, RegExp>();
export function compileExtensionPattern(pattern: string): RegExp {
  const hit = patternCache.get(pattern);
  if (hit) return hit;
  if (pattern.length > 200) throw new CallboardError('config', 'The extension pattern of the dial policy is longer than 200 characters.');
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(pattern) || /\\[1-9]/.test(pattern)) {
    throw new CallboardError('config', 'The extension pattern of the dial policy uses nested repetition or back-references; use a simple pattern such as ^[0-9]{2,6}$.');
  }
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new CallboardError('config', 'The extension pattern of the dial policy is not a valid regular expression.');
  }
  patternCache.set(pattern, re);
  return re;
}

/** "+4420*" or "+4420" (prefix; "*" optional), "9*" for extensions. */
const PREFIX_PATTERN = /^\+?[0-9]{1,20}\*?$/;

export function matchesPrefix(normalized: string, patterns: readonly string[], listName: string): string | null {
  for (const raw of patterns) {
    const p = raw.trim();
    if (!PREFIX_PATTERN.test(p)) {
      throw new CallboardError('config', `The dial policy ${listName} list has an entry "${p.slice(0, 40)}" that is not a prefix like "+4420*".`);
    }
    if (normalized.startsWith(p.replace(/\*$/, ''))) return p;
  }
  return null;
}

function classOf(type: string | undefined, foreign: boolean): DialClass {
  switch (type) {
    case 'PREMIUM_RATE':
      return 'premium-rate';
    case 'SHARED_COST':
      return 'shared-cost';
    default:
      break;
  }
  if (foreign) return 'international';
  switch (type) {
    case 'TOLL_FREE':
      return 'toll-free';
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
    case 'FIXED_LINE_OR_MOBILE':
    case 'VOIP':
    case 'UAN':
      return 'national';
    default:
      // PERSONAL_NUMBER, PAGER, VOICEMAIL and untyped numbers: known fraud routes or not callable.
      return 'unknown';
  }
}

/** Parses and classifies without applying allow/deny rules. */
export function classifyDestination(policy: DialPolicy, destination: unknown): DialDecision {
  if (typeof destination !== 'string') return refused('unknown', null, null, 'The destination is not text.');
  if (destination.length > MAX_DESTINATION_LENGTH) {
    return refused('unknown', null, null, `The destination is longer than ${MAX_DESTINATION_LENGTH} characters.`);
  }
  // Only spaces are trimmed: a tab, CR or newline is refused below, not silently dropped.
  const trimmed = destination.replace(/^ +| +$/g, '');
  if (!trimmed) return refused('unknown', null, null, 'The destination is empty.');
  if (!ALLOWED_CHARS.test(trimmed)) {
    return refused('unknown', null, null, 'The destination contains characters that are not part of a phone number (only digits, a leading "+", spaces, dashes, dots and parentheses are accepted).');
  }
  const compact = trimmed.replace(/[ ().-]/g, '');
  if (compact.lastIndexOf('+') > 0) return refused('unknown', null, null, 'A "+" may only start the number.');
  const digits = compact.replace(/^\+/, '');
  if (!/^[0-9]+$/.test(digits)) return refused('unknown', null, null, 'The destination has no digits.');
  if (digits.length > MAX_DIGITS) return refused('unknown', null, null, `The destination has more than ${MAX_DIGITS} digits.`);

  if (!compact.startsWith('+')) {
    // Short codes and service numbers of the policy's country come before the extension rule: on
    // most PBXs they route to the trunk whatever the extension plan says.
    const service = serviceShortCode(digits, policy.defaultCountry);
    if (service) return { allowed: true, cls: 'premium-rate', normalized: digits, country: policy.defaultCountry, reason: null };
    if (digits.length <= MAX_EXTENSION_DIGITS && compileExtensionPattern(policy.extensionPattern).test(digits)) {
      return { allowed: true, cls: 'internal', normalized: digits, country: null, reason: null };
    }
  }
  const region = policy.defaultCountry as CountryCode;
  const parsed = parsePhoneNumberFromString(compact, region);
  if (!parsed || !parsed.isValid()) {
    return refused('unknown', parsed?.number ?? null, parsed?.country ?? null, `${trimmed} is not a valid number for ${policy.defaultCountry} or in international format.`);
  }
  const country = parsed.country ?? null;
  // No country: a non-geographic global code (ITU-T E.164 "international networks": +881 satellite,
  // +882/+883 networks, +870 Inmarsat, +979 international premium rate). Costly and a classic
  // toll-fraud route, so these are "unknown": only an allow entry naming the exact number opens them.
  const cls = country === null ? 'unknown' : classOf(parsed.getType(), country !== policy.defaultCountry);
  return { allowed: true, cls, normalized: parsed.number, country, reason: null };
}

const CLASS_LABEL: Record<DialClass, string> = {
  internal: 'internal extensions',
  national: 'national numbers',
  mobile: 'mobile numbers',
  international: 'international numbers',
  'premium-rate': 'premium-rate numbers',
  'shared-cost': 'shared-cost numbers',
  'toll-free': 'toll-free numbers',
  unknown: 'numbers of unknown type',
};

function classAllowed(policy: DialPolicy, cls: DialClass): boolean {
  switch (cls) {
    case 'internal':
      return policy.allowInternal;
    case 'national':
      return policy.allowNational;
    case 'mobile':
      return policy.allowMobile;
    case 'international':
      return policy.allowInternational;
    case 'toll-free':
      // Free to the caller: allowed wherever national calls are.
      return policy.allowNational;
    case 'premium-rate':
    case 'shared-cost':
    case 'unknown':
      return false;
  }
}

/**
 * Emergency short codes are never originated from a click: a "test" call to them is a real emergency
 * call, and most PBXs route them to the trunk whatever the extension plan says. Numbers used in every
 * region plus those of the policy's country. Only an allow entry equal to the number (no wildcard)
 * overrides this.
 */
const EMERGENCY_EVERYWHERE = ['112', '911', '999'];
const EMERGENCY_BY_COUNTRY: Partial<Record<string, readonly string[]>> = {
  US: ['933'], CA: ['933'], GB: [], IE: [], AU: ['000', '106'], NZ: ['111'],
  DE: ['110', '115', '116117'], AT: ['122', '133', '144', '140', '141'], CH: ['117', '118', '144', '145', '1414'],
  FR: ['15', '17', '18', '114', '115', '119', '191', '196', '197'], BE: ['100', '101'], NL: [],
  IT: ['113', '115', '118', '1530'], ES: ['061', '062', '080', '085', '088', '091', '092'], PT: [],
  CZ: ['150', '155', '156', '158'], SK: ['150', '155', '158'], PL: ['997', '998', '999', '984', '985', '986', '987'],
  HU: ['104', '105', '107'], RO: [], SE: [], NO: ['110', '113'], DK: ['114'], FI: [],
  JP: ['110', '118', '119'], KR: ['119', '112'], CN: ['110', '119', '120', '122'], IN: ['100', '101', '102', '108'],
  BR: ['190', '192', '193', '199'], MX: [], ZA: ['10111', '10177'],
};

export function isEmergencyNumber(digits: string, country: string): boolean {
  return EMERGENCY_EVERYWHERE.includes(digits) || (EMERGENCY_BY_COUNTRY[country] ?? []).includes(digits);
}

/**
 * Prefixes a PBX uses to reach the trunk ("0" or "9" for an outside line, "00" international): "0112",
 * "00112", "9999", "9911" reach the emergency services through them.
 */
const TRUNK_PREFIXES = ['0', '00', '9', '90', '900', '99'];

/** The emergency number a dial string reaches, directly or behind a trunk prefix; null if none. */
export function emergencyReached(digits: string, country: string): string | null {
  if (isEmergencyNumber(digits, country)) return digits;
  for (const p of TRUNK_PREFIXES) {
    if (digits.length > p.length && digits.startsWith(p) && isEmergencyNumber(digits.slice(p.length), country)) return digits.slice(p.length);
  }
  return null;
}

/**
 * Short codes that are charged services, not extensions: directory enquiries (118xx in most of Europe,
 * 1223/12455 in Australia, 411 and the other N11 codes in North America), operator and speaking-clock
 * services. Sources: Ofcom numbering (118 DQ services), NANPA N11 codes, ACMA numbering plan.
 */
const SERVICE_EVERYWHERE = [/^118\d{2,4}$/];
const SERVICE_BY_COUNTRY: Partial<Record<string, readonly RegExp[]>> = {
  US: [/^[2-8]11$/], CA: [/^[2-8]11$/],
  GB: [/^(100|123|155)$/],
  AU: [/^12\d{2,3}$/], NL: [/^18\d{2}$/], CH: [/^18\d{2}$/], IT: [/^12\d{2}$/], BE: [/^12\d{2}$/],
  CZ: [/^118\d?$/],
};

export function serviceShortCode(digits: string, country: string): boolean {
  return [...SERVICE_EVERYWHERE, ...(SERVICE_BY_COUNTRY[country] ?? [])].some((re) => re.test(digits));
}

/** The refusal classes no prefix can open: only an allow entry equal to the number does. */
const EXACT_ONLY: ReadonlySet<DialClass> = new Set(['premium-rate', 'shared-cost', 'unknown']);

function exactAllow(policy: DialPolicy, normalized: string): boolean {
  return policy.allow.some((a) => a.trim() === normalized);
}

/**
 * The string the PBX receives for an allowed destination (the audit log and the UI keep the E.164
 * form). "local": how a desk phone in the policy's country dials it, national or with the country's
 * international prefix, digits only.
 */
export function toDialString(policy: DialPolicy, normalized: string, cls: DialClass): string {
  if (cls === 'internal' || policy.dialFormat === 'e164') return normalized;
  const n = parsePhoneNumberFromString(normalized);
  if (!n) return normalized;
  const local = n.format('IDD', { fromCountry: policy.defaultCountry as CountryCode }).replace(/[^0-9]/g, '');
  return local || normalized;
}

/** The decision main acts on. Never throws for a bad destination (that is a refusal); throws for a bad policy. */
export function evaluateDialPolicy(policy: DialPolicy, destination: unknown): DialDecision {
  const c = classifyDestination(policy, destination);
  if (!c.allowed || c.normalized === null) return c;
  if (!c.normalized.startsWith('+')) {
    const emergency = emergencyReached(c.normalized, policy.defaultCountry);
    if (emergency !== null && !exactAllow(policy, c.normalized)) {
      return refused(c.cls, c.normalized, c.country, `${c.normalized} reaches the emergency number ${emergency}: Callboard never originates emergency calls from a click. Dial it from a phone.`);
    }
  }
  const denied = matchesPrefix(c.normalized, policy.deny, 'deny');
  if (denied) return refused(c.cls, c.normalized, c.country, `${c.normalized} matches the deny pattern ${denied}.`);
  if (EXACT_ONLY.has(c.cls)) {
    // Validates the allow list (a malformed entry is a config error) before the exact comparison.
    matchesPrefix(c.normalized, policy.allow, 'allow');
    if (exactAllow(policy, c.normalized)) return c;
    if (c.cls === 'unknown') return refused(c.cls, c.normalized, c.country, `${c.normalized} is a number type Callboard does not dial (not fixed, mobile or toll-free); only an allow entry naming exactly this number overrides that.`);
    return refused(c.cls, c.normalized, c.country, `${c.normalized} is refused: ${CLASS_LABEL[c.cls]} are never dialled from a click unless the allow list names exactly this number.`);
  }
  if (matchesPrefix(c.normalized, policy.allow, 'allow')) return c;
  if (!classAllowed(policy, c.cls)) {
    return refused(c.cls, c.normalized, c.country, `${c.normalized} is refused: calls to ${CLASS_LABEL[c.cls]} are not allowed by this profile's dial policy.`);
  }
  return c;
}
