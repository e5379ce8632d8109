/**
 * The CDR search form's values and their validation before anything is sent to main (main validates
 * again; this is for putting the error next to the field). Pure, unit-tested in Node.
 */
import type { CdrQuery } from '../../../src-main/domain/cdr';
import { isoInZone, msToInput, systemZone, wallToMs } from '../../../src-shared/time-format';
import { presetRange, type RangePreset } from './cdr-ranges';

export interface CdrForm {
  profileId: string;
  /** <input type="datetime-local"> values, "YYYY-MM-DDTHH:MM[:SS]", in the operator's zone. */
  from: string;
  to: string;
  caller: string;
  callee: string;
  callerName: string;
  minDuration: string;
  maxDuration: string;
  disposition: '' | 'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED';
  text: string;
  limit: string;
  /** The date preset the range came from ('' = typed by hand); a saved search keeps it relative. */
  range: RangePreset | '';
}

export type CdrFormErrors = Partial<Record<keyof CdrForm, string>>;

export const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'] as const;
/** Same rule as main's cdrQuerySchema: UCM list / range / "@" prefix wildcard syntax. */
const PARTY_RE = /^[0-9A-Za-z*#+@,.\- ]*$/;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const MAX_LIMIT = 1_000_000;
const MAX_DURATION = 86400 * 7;

/** datetime-local value for a Date, on the clock of `zone` (the display zone's input clock). */
export function toLocalInput(d: Date, zone: string = systemZone()): string {
  return msToInput(d.getTime(), zone);
}

/** "2024-06-01T10:00" on `zone`'s clock → "2024-06-01T10:00:00+02:00", or null when not a real time. */
export function localToIso(value: string, zone: string = systemZone()): string | null {
  if (!LOCAL_RE.test(value.trim())) return null;
  const ms = wallToMs(value, zone);
  return ms === null ? null : isoInZone(ms, zone);
}

/** ISO with any offset → datetime-local value on `zone`'s clock (for restoring saved searches). */
export function isoToLocal(iso: string, zone: string = systemZone()): string {
  if (LOCAL_RE.test(iso)) return iso.slice(0, 16);
  const t = Date.parse(iso);
  return Number.isFinite(t) ? msToInput(t, zone) : '';
}

export function defaultForm(now: Date, profileId = '', zone: string = systemZone()): CdrForm {
  return { profileId, ...presetRange('last24h', now.getTime(), zone), caller: '', callee: '', callerName: '', minDuration: '', maxDuration: '', disposition: '', text: '', limit: '10000', range: 'last24h' };
}

/** What the chosen backend understands beyond the shared fields (free text is Wildix's CallHistory search). */
export interface FormCapabilities {
  freeText: boolean;
}

function seconds(v: string): number | null | 'bad' {
  const t = v.trim();
  if (!t) return null;
  if (!/^\d+$/.test(t)) return 'bad';
  const n = Number(t);
  return n <= MAX_DURATION ? n : 'bad';
}

/** The query to send, or the field errors to show. */
/**
 * A field the backend does not understand is never sent, so a search restored from another backend
 * cannot carry its filter over unseen.
 */
export function formToQuery(f: CdrForm, zone: string = systemZone(), caps: FormCapabilities = { freeText: true }): { query: CdrQuery; errors: null } | { query: null; errors: CdrFormErrors } {
  const errors: CdrFormErrors = {};
  if (!f.profileId) errors.profileId = 'Choose the PBX to search.';
  const from = localToIso(f.from, zone);
  const to = localToIso(f.to, zone);
  if (!from) errors.from = 'Enter a date and time.';
  if (!to) errors.to = 'Enter a date and time.';
  if (from && to && Date.parse(from) >= Date.parse(to)) errors.to = '"To" must be after "From".';
  for (const k of ['caller', 'callee'] as const) {
    const v = f[k].trim();
    if (v.length > 200) errors[k] = 'At most 200 characters.';
    else if (!PARTY_RE.test(v)) errors[k] = 'Digits, letters, "@" wildcard, "," lists and "-" ranges only.';
  }
  if (f.callerName.trim().length > 100) errors.callerName = 'At most 100 characters.';
  if (caps.freeText && f.text.trim().length > 200) errors.text = 'At most 200 characters.';
  const min = seconds(f.minDuration);
  const max = seconds(f.maxDuration);
  if (min === 'bad') errors.minDuration = 'Whole seconds, at most one week.';
  if (max === 'bad') errors.maxDuration = 'Whole seconds, at most one week.';
  if (typeof min === 'number' && typeof max === 'number' && min > max) errors.maxDuration = 'Must not be less than the minimum.';
  const limitText = f.limit.trim() || '10000';
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) errors.limit = `A number from 1 to ${MAX_LIMIT.toLocaleString('en')}.`;
  if (Object.keys(errors).length || !from || !to) return { query: null, errors };

  const query: CdrQuery = { profileId: f.profileId, from, to, limit };
  if (f.caller.trim()) query.caller = f.caller.trim();
  if (f.callee.trim()) query.callee = f.callee.trim();
  if (f.callerName.trim()) query.callerName = f.callerName.trim();
  if (typeof min === 'number') query.minDurationSec = min;
  if (typeof max === 'number') query.maxDurationSec = max;
  if (f.disposition) query.disposition = f.disposition;
  if (caps.freeText && f.text.trim()) query.text = f.text.trim();
  return { query, errors: null };
}

/** A stored query back into form values (saved / remembered searches). */
export function queryToForm(q: CdrQuery, zone: string = systemZone(), relative: RangePreset | '' = '', nowMs = Date.now()): CdrForm {
  const range = relative ? presetRange(relative, nowMs, zone) : null;
  return {
    profileId: q.profileId,
    from: isoToLocal(q.from, zone),
    to: isoToLocal(q.to, zone),
    caller: q.caller ?? '',
    callee: q.callee ?? '',
    callerName: q.callerName ?? '',
    minDuration: q.minDurationSec === undefined ? '' : String(q.minDurationSec),
    maxDuration: q.maxDurationSec === undefined ? '' : String(q.maxDurationSec),
    disposition: q.disposition ?? '',
    text: q.text ?? '',
    limit: String(q.limit),
    range: relative,
    ...(range ?? {}),
  };
}
