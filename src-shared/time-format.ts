/**
 * The one place that turns instants and durations into text, for every surface: the renderer's tables
 * and panels, the CSV export, ticket snippets and the CLI. Pure functions over ECMAScript Date and Intl:
 * no Node, no DOM, so main, the CLI and the (untrusted) renderer all import the same code.
 *
 * The operator picks one display zone (Settings): their own ("operator"), each source's own clock
 * ("source": the PBX's or sensor's UTC offset, carried in every CdrRecord time as ISO 8601 with offset),
 * or UTC. Column headers name it (`zoneLabel`); JSON keeps ISO 8601 with offset regardless.
 */

export type ZoneChoice = 'operator' | 'source' | 'utc';
export const ZONE_CHOICES: readonly ZoneChoice[] = ['operator', 'source', 'utc'];

/** How to show times: the choice plus this workstation's IANA zone (from Intl, or TZ in tests). */
export interface DisplayZone {
  choice: ZoneChoice;
  /** The operator's IANA zone, e.g. "Europe/Prague". */
  operatorZone: string;
}

export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function displayZone(choice: ZoneChoice = 'operator', operatorZone: string = systemZone()): DisplayZone {
  return { choice, operatorZone };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "+02:00" / "-05:00" for minutes east of UTC. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

const fmtCache = new Map<string, Intl.DateTimeFormat | null>();
function fmtFor(zone: string): Intl.DateTimeFormat | null {
  let f = fmtCache.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      f = null; // unknown IANA name: callers fall back to UTC
    }
    if (fmtCache.size > 200) fmtCache.clear();
    fmtCache.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  return fmtFor(zone) !== null;
}

/** Minutes east of UTC of an IANA zone at an instant (0 for an unknown zone). */
export function offsetAt(ms: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const f = fmtFor(zone);
  if (!f) return 0;
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

function wallParts(ms: number, offsetMin: number): { date: string; time: string } {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMin * 60000);
  return {
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

/** "2024-05-02 01:58:17" on the clock of `zone` (IANA) at an instant. */
export function wallTime(ms: number, zone: string): string {
  const w = wallParts(ms, offsetAt(ms, zone));
  return `${w.date} ${w.time}`;
}

/** ISO 8601 with the zone's offset at that instant: "2024-05-02T01:58:17+02:00". */
export function isoInZone(ms: number, zone: string): string {
  const off = offsetAt(ms, zone);
  const w = wallParts(ms, off);
  return `${w.date}T${w.time}${formatOffset(off)}`;
}

/** The UTC offset written in an ISO 8601 string ("Z" = 0), or null when it has none. */
export function isoOffsetMinutes(iso: string): number | null {
  const m = /(Z|([+-])(\d{2}):?(\d{2}))$/.exec(iso.trim());
  if (!m || !/T\d{2}:\d{2}/.test(iso)) return null;
  if (m[1] === 'Z') return 0;
  const v = Number(m[3]) * 60 + Number(m[4]);
  return m[2] === '-' ? -v : v;
}

/** The clock a time is shown on under a display zone: an IANA zone, or a fixed offset in minutes. */
type Clock = { zone: string } | { offset: number };

function clockFor(dz: DisplayZone, iso: string | null, sourceZone: string | null | undefined): Clock {
  if (dz.choice === 'utc') return { zone: 'UTC' };
  if (dz.choice === 'operator') return { zone: dz.operatorZone };
  // Source clock: the offset the source wrote (CDRs), else the profile's zone (sensors), else the operator's.
  if (iso) {
    const off = isoOffsetMinutes(iso);
    if (off !== null && !/Z$/.test(iso.trim())) return { offset: off };
  }
  if (sourceZone && isValidZone(sourceZone)) return { zone: sourceZone };
  return { zone: dz.operatorZone };
}

function toMs(t: string | number | null | undefined): number | null {
  if (t === null || t === undefined || t === '') return null;
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * An instant (ISO string or epoch ms) as "YYYY-MM-DD HH:MM:SS" in the display zone. In "source" mode
 * the offset is appended ("… +02:00"), because rows from different sources may differ and the column
 * header cannot name one zone. Empty for no value; an unparsable string is returned as it is.
 */
export function formatTime(t: string | number | null | undefined, dz: DisplayZone, sourceZone?: string | null): string {
  const ms = toMs(t);
  if (ms === null) return typeof t === 'string' ? t : '';
  const iso = typeof t === 'string' ? t : null;
  const c = clockFor(dz, iso, sourceZone);
  if ('offset' in c) {
    const w = wallParts(ms, c.offset);
    return `${w.date} ${w.time} ${formatOffset(c.offset)}`;
  }
  const s = wallTime(ms, c.zone);
  return dz.choice === 'source' ? `${s} ${formatOffset(offsetAt(ms, c.zone))}` : s;
}

/** Only the clock part, "HH:MM:SS" (same zone rules), for ladders and timelines within one call. */
export function formatClock(t: string | number | null | undefined, dz: DisplayZone, sourceZone?: string | null): string {
  const full = formatTime(t, dz, sourceZone);
  const m = /^\d{4}-\d{2}-\d{2} (\d{2}:\d{2}:\d{2})/.exec(full);
  return m ? (m[1] as string) : full;
}

/** ISO 8601 with offset in the display zone (JSON keeps the source's own ISO; this is for text that wants ISO). */
export function formatIso(t: string | number | null | undefined, dz: DisplayZone, sourceZone?: string | null): string {
  const ms = toMs(t);
  if (ms === null) return '';
  const c = clockFor(dz, typeof t === 'string' ? t : null, sourceZone);
  if ('offset' in c) {
    const w = wallParts(ms, c.offset);
    return `${w.date}T${w.time}${formatOffset(c.offset)}`;
  }
  return isoInZone(ms, c.zone);
}

/** What column headers say: "UTC", "Europe/Prague", or "source clock". */
export function zoneLabel(dz: DisplayZone, sourceWord = 'source clock'): string {
  if (dz.choice === 'utc') return 'UTC';
  if (dz.choice === 'source') return sourceWord;
  return dz.operatorZone;
}

/** "Start (Europe/Prague)". */
export function timeHeader(name: string, dz: DisplayZone, sourceWord?: string): string {
  return `${name} (${zoneLabel(dz, sourceWord)})`;
}

/** The IANA zone a time entered in a form means, under a display zone ("source" has no one zone: the operator's). */
export function inputZone(dz: DisplayZone): string {
  return dz.choice === 'utc' ? 'UTC' : dz.operatorZone;
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A wall-clock "YYYY-MM-DD[THH:MM[:SS]]" on the clock of an IANA zone → epoch ms, or null when it is no
 * real date (2024-02-31). Two passes settle the offset across a DST change.
 */
export function wallToMs(wall: string, zone: string): number | null {
  const m = WALL_RE.exec(wall.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const first = naive - offsetAt(naive, zone) * 60000;
  return naive - offsetAt(first, zone) * 60000;
}

/** "YYYY-MM-DDTHH:MM" for an <input type="datetime-local">, on the clock of `zone`. */
export function msToInput(ms: number, zone: string): string {
  return wallTime(ms, zone).slice(0, 16).replace(' ', 'T');
}

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isBareDate(s: string): boolean {
  return BARE_DATE.test(s.trim());
}

/**
 * A search bound as ISO 8601 with offset. A bare date means the whole day: "from" is its first second,
 * "to" the start of the next day, so `--from 2024-05-01 --to 2024-05-01` covers 1 May. Times without an
 * offset are read on `zone`'s clock. Null when it is no date.
 */
export function rangeBound(s: string, edge: 'from' | 'to', zone: string): string | null {
  const v = s.trim();
  if (isoOffsetMinutes(v) !== null) return Number.isFinite(Date.parse(v)) ? v : null;
  const ms = wallToMs(v, zone);
  if (ms === null) return null;
  if (edge === 'to' && BARE_DATE.test(v)) {
    const [y, mo, d] = v.split('-').map(Number) as [number, number, number];
    const next = new Date(Date.UTC(y, mo - 1, d + 1));
    const nextMs = wallToMs(next.toISOString().slice(0, 10), zone);
    return nextMs === null ? null : isoInZone(nextMs, zone);
  }
  return isoInZone(ms, zone);
}

/**
 * Seconds as "m:ss" or "h:mm:ss". One rounding rule everywhere (whole seconds elapsed, rounded down, as
 * a running call's clock shows them); "" for no value.
 */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '';
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

/** "1,234" (thousands separators, the same in every view). */
export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

/** "1 call", "2 calls", "1,147 records". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
