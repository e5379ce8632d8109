/**
 * UCM times are naive local wall-clock strings ("2024-05-28 10:00:12"). The UCM's UTC offset comes from
 * getSystemStatus "system-time" ("23-11-2022 14:37:26 UTC+08:00" or "2022-11-23 …"), docs/UCM.md §7.
 */

/** Parses the "UTC±hh:mm" suffix of system-time into minutes east of UTC; null when absent. */
export function parseUcmOffset(systemTime: string): number | null {
  const m = /UTC\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$/i.exec(systemTime.trim());
  if (!m) return /UTC\s*$/i.test(systemTime.trim()) ? 0 : null;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (mins > 14 * 60) return null;
  return m[1] === '-' ? -mins : mins;
}

export { formatOffset } from '../../../src-shared/time-format';

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** "2024-05-28 10:00:12" + "+08:00" → "2024-05-28T10:00:12+08:00"; empty/zero/garbage → null. */
export function ucmLocalToIso(value: string, offset: string): string | null {
  if (value.length !== 19 || !NAIVE.test(value) || value.startsWith('0000')) return null;
  return `${value.slice(0, 10)}T${value.slice(11)}${offset}`;
}

/**
 * An ISO 8601 instant (with or without offset; without one it is read in this workstation's zone, as
 * the query schema says) as the UCM's naive local time "YYYY-MM-DDTHH:MM:SS".
 */
export function isoToUcmLocal(iso: string, offsetMinutes: number): string | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(iso)) return null;
  const t = Date.parse(/T/.test(iso) ? iso : `${iso}T00:00:00`);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + offsetMinutes * 60_000);
  return d.toISOString().slice(0, 19);
}

/** Seconds between two ISO strings, or null. */
export function secondsBetween(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  const d = (Date.parse(b) - Date.parse(a)) / 1000;
  return Number.isFinite(d) ? d : null;
}
