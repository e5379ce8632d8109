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
  /** VoIPmonitor sensor databases only (the form shows them for such a profile). */
  sensor: SensorForm;
}

/** The sensor-database filters, as typed. */
export interface SensorForm {
  callId: string;
  sipCode: string;
  callerIp: string;
  calledIp: string;
  mosBelow: string;
  lossAbove: string;
  codec: string;
  sensorId: string;
  minConnect: string;
}

export const EMPTY_SENSOR_FORM: SensorForm = { callId: '', sipCode: '', callerIp: '', calledIp: '', mosBelow: '', lossAbove: '', codec: '', sensorId: '', minConnect: '' };

/** True when any sensor-only filter is filled in (switching to a PBX drops them). */
export function hasSensorFilters(s: SensorForm): boolean {
  return Object.values(s).some((v) => v.trim() !== '');
}

export type CdrFormErrors = Partial<Record<keyof CdrForm | `sensor.${keyof SensorForm}`, string>>;

export const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'] as const;
/** UCM / Wildix: list / range / "@" prefix wildcard syntax. */
const PARTY_RE = /^[0-9A-Za-z*#+@,.\- ]*$/;
/** Sensor databases (the VoIPmonitor GUI's conventions): any printable text, "%", "," and "!" included. */
const SENSOR_PARTY_RE = /^[^\u0000-\u001f\u007f]*$/;
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
  return {
    profileId, ...presetRange('last24h', now.getTime(), zone), caller: '', callee: '', callerName: '', minDuration: '', maxDuration: '', disposition: '', text: '', limit: '10000', range: 'last24h',
    sensor: { ...EMPTY_SENSOR_FORM },
  };
}

/** What the chosen backend understands beyond the shared fields (free text is Wildix's CallHistory search). */
export interface FormCapabilities {
  freeText: boolean;
  /** A VoIPmonitor sensor database: GUI conventions in caller/callee, and the sensor filters. */
  sensor?: boolean;
}

function decimal(v: string, max: number): number | null | 'bad' {
  const t = v.trim();
  if (!t) return null;
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(t)) return 'bad';
  const n = Number(t);
  return n <= max ? n : 'bad';
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
    else if (caps.sensor ? !SENSOR_PARTY_RE.test(v) : !PARTY_RE.test(v)) errors[k] = caps.sensor ? 'No control characters.' : 'Digits, letters, "@" wildcard, "," lists and "-" ranges only.';
  }
  const s = f.sensor;
  const mos = caps.sensor ? decimal(s.mosBelow, 5) : null;
  const loss = caps.sensor ? decimal(s.lossAbove, 100) : null;
  const minConnect = caps.sensor ? seconds(s.minConnect) : null;
  if (mos === 'bad' || (typeof mos === 'number' && mos < 1)) errors['sensor.mosBelow'] = 'A MOS from 1.0 to 5.0, e.g. 3.5.';
  if (loss === 'bad') errors['sensor.lossAbove'] = 'A percentage from 0 to 100, e.g. 2.5.';
  if (minConnect === 'bad') errors['sensor.minConnect'] = 'Whole seconds, at most one week.';
  if (caps.sensor) {
    for (const k of ['callId', 'sipCode', 'callerIp', 'calledIp', 'codec', 'sensorId'] as const) {
      const v = s[k].trim();
      if (v.length > (k === 'callId' ? 1024 : 200)) errors[`sensor.${k}`] = 'Too long.';
      else if (!SENSOR_PARTY_RE.test(v)) errors[`sensor.${k}`] = 'No control characters.';
    }
    if (s.sipCode.trim() && !/^\s*!?\s*[1-6](\d\d|xx)?\s*(,\s*!?\s*[1-6](\d\d|xx)?\s*)*$/i.test(s.sipCode)) errors['sensor.sipCode'] = 'Codes like 486, classes like 4xx, "," lists, "!" to exclude.';
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
  if (caps.sensor) {
    if (s.callId.trim()) query.callId = s.callId.trim();
    if (s.sipCode.trim()) query.sipCode = s.sipCode.trim();
    if (s.callerIp.trim()) query.callerIp = s.callerIp.trim();
    if (s.calledIp.trim()) query.calledIp = s.calledIp.trim();
    if (s.codec.trim()) query.codec = s.codec.trim();
    if (s.sensorId.trim()) query.sensorId = s.sensorId.trim();
    if (typeof mos === 'number') query.mosBelow = mos;
    if (typeof loss === 'number') query.lossAbove = loss;
    if (typeof minConnect === 'number') query.minConnectSec = minConnect;
  }
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
    sensor: {
      callId: q.callId ?? '',
      sipCode: q.sipCode ?? '',
      callerIp: q.callerIp ?? '',
      calledIp: q.calledIp ?? '',
      mosBelow: q.mosBelow === undefined ? '' : String(q.mosBelow),
      lossAbove: q.lossAbove === undefined ? '' : String(q.lossAbove),
      codec: q.codec ?? '',
      sensorId: q.sensorId ?? '',
      minConnect: q.minConnectSec === undefined ? '' : String(q.minConnectSec),
    },
    ...(range ?? {}),
  };
}
