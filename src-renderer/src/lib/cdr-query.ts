/**
 * The CDR search form's values, turned into a query and checked before anything is sent to main.
 * The rules are main's own (src-shared/cdr-query-schema.ts, the schema main enforces); this file only
 * turns typed text into values, puts each refusal next to its field, and adds the backends' filter
 * syntax as a hint. Main validates again whatever is sent, and its field errors land on the same
 * fields (formErrorsOf). Pure, unit-tested in Node.
 */
import { CDR_DISPOSITIONS, cdrQueryOrderErrors, cdrQuerySchema, type CdrQuery } from '../../../src-shared/cdr-query-schema';
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
  disposition: '' | (typeof CDR_DISPOSITIONS)[number];
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

/**
 * The filter syntax of UCM and Wildix ("1001,1002", "1001-1010", "10@"): the connectors enforce
 * their own; this only puts the hint next to the field before a search is started.
 */
const PARTY_RE = /^[0-9A-Za-z*#+@_,.\- ]*$/;
/** Sensor databases: codes like 486, classes like 4xx, "," lists, "!" to exclude (the VoIPmonitor GUI's syntax). */
const SIP_CODE_RE = /^\s*!?\s*[1-6](\d\d|xx)?\s*(,\s*!?\s*[1-6](\d\d|xx)?\s*)*$/i;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const WHOLE = /^\d+$/;
const DECIMAL = /^\d{1,3}(\.\d{1,3})?$/;

/** Where a query field's error stands in the form; null: the form has no such field (main's message box says it). */
const FORM_FIELD: Record<keyof CdrQuery, keyof CdrFormErrors | null> = {
  profileId: 'profileId',
  from: 'from',
  to: 'to',
  caller: 'caller',
  callee: 'callee',
  callerName: 'callerName',
  minDurationSec: 'minDuration',
  maxDurationSec: 'maxDuration',
  disposition: 'disposition',
  text: 'text',
  callId: 'sensor.callId',
  callerIp: 'sensor.callerIp',
  calledIp: 'sensor.calledIp',
  sipCode: 'sensor.sipCode',
  minConnectSec: 'sensor.minConnect',
  maxConnectSec: null,
  mosBelow: 'sensor.mosBelow',
  lossAbove: 'sensor.lossAbove',
  codec: 'sensor.codec',
  sensorId: 'sensor.sensorId',
  limit: 'limit',
};

const isQueryField = (k: string): k is keyof CdrQuery => Object.hasOwn(FORM_FIELD, k);

/**
 * Field errors keyed by query field ("minDurationSec", as main's PublicError.fields and the schema's
 * issues name them) → the form's fields; the first error of a field wins.
 */
export function formErrorsOf(fields: Readonly<Record<string, string>>, into: CdrFormErrors = {}): CdrFormErrors {
  for (const [k, message] of Object.entries(fields)) {
    const at = isQueryField(k) ? FORM_FIELD[k] : null;
    if (at && into[at] === undefined) into[at] = message;
  }
  return into;
}

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

/** Typed digits as a number; other text is passed on as text, for the schema to refuse with the field's own words. */
function numberOf(text: string, form: RegExp): number | string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return form.test(t) ? Number(t) : t;
}

/**
 * The query to send, or the field errors to show. A field the backend does not understand is never
 * sent, so a search restored from another backend cannot carry its filter over unseen.
 */
export function formToQuery(f: CdrForm, zone: string = systemZone(), caps: FormCapabilities = { freeText: true }): { query: CdrQuery; errors: null } | { query: null; errors: CdrFormErrors } {
  const errors: CdrFormErrors = {};
  const from = localToIso(f.from, zone);
  const to = localToIso(f.to, zone);
  if (!from) errors.from = 'Enter a date and time.';
  if (!to) errors.to = 'Enter a date and time.';

  const input: Partial<Record<keyof CdrQuery, string | number>> = { profileId: f.profileId, from: from ?? '', to: to ?? '' };
  const put = (k: keyof CdrQuery, v: string | number | undefined) => {
    if (v !== undefined && v !== '') input[k] = v;
  };
  put('caller', f.caller.trim());
  put('callee', f.callee.trim());
  put('callerName', f.callerName.trim());
  put('minDurationSec', numberOf(f.minDuration, WHOLE));
  put('maxDurationSec', numberOf(f.maxDuration, WHOLE));
  put('disposition', f.disposition);
  if (caps.freeText) put('text', f.text.trim());
  const s = f.sensor;
  if (caps.sensor) {
    for (const k of ['callId', 'sipCode', 'callerIp', 'calledIp', 'codec', 'sensorId'] as const) put(k, s[k].trim());
    put('mosBelow', numberOf(s.mosBelow, DECIMAL));
    put('lossAbove', numberOf(s.lossAbove, DECIMAL));
    put('minConnectSec', numberOf(s.minConnect, WHOLE));
  }
  // Left empty, the schema's default applies.
  put('limit', numberOf(f.limit, WHOLE));

  const parsed = cdrQuerySchema.safeParse(input);
  if (!parsed.success) for (const i of parsed.error.issues) formErrorsOf({ [String(i.path[0] ?? '')]: i.message }, errors);
  // Between fields, on whatever parsed: "To" before "From" shows even while another field is wrong.
  const num = (v: string | number | undefined) => (typeof v === 'number' ? v : undefined);
  formErrorsOf(
    cdrQueryOrderErrors({ from: from ?? '', to: to ?? '', minDurationSec: num(input.minDurationSec), maxDurationSec: num(input.maxDurationSec), minConnectSec: num(input.minConnectSec) }),
    errors,
  );
  // The backends' syntax, as a hint next to the field (their connectors refuse the rest in words).
  if (!caps.sensor) {
    for (const k of ['caller', 'callee'] as const) {
      if (!errors[k] && !PARTY_RE.test(f[k].trim())) errors[k] = 'Digits, letters, "@" wildcard, "," lists and "-" ranges only.';
    }
  } else if (!errors['sensor.sipCode'] && s.sipCode.trim() && !SIP_CODE_RE.test(s.sipCode)) errors['sensor.sipCode'] = 'Codes like 486, classes like 4xx, "," lists, "!" to exclude.';

  if (!parsed.success || Object.keys(errors).length) return { query: null, errors };
  return { query: parsed.data, errors: null };
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
