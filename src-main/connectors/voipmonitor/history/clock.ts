/**
 * The sensor writes `calldate`/`callend` as naive DATETIME in its own local time zone (the sniffer's
 * `timezone_info_local_sensor`), so the search turns the operator's instants into the sensor's wall
 * time for the WHERE clause, and wall times back into ISO 8601 with the sensor's offset. The zone is
 * the profile's `timeZone` (default: this workstation's).
 *
 * 100,000 rows carry two or three times each and Intl is slow, so offsets are cached: per wall-clock
 * hour for parsing, per quarter hour of instants for formatting (zone offsets change on quarter
 * hours at the finest), and wall times are read at fixed positions after one shape check.
 */
import { formatOffset, systemZone, wallTime } from '../../../../src-shared/time-format';
import { offsetMinutes } from '../values';

/** Fractional part ".f" to ".ffffff" (positions 19..25): a dot, then digits only. */
function isFraction(s: string): boolean {
  if (s.length < 21 || s.length > 26 || s.charCodeAt(19) !== 46) return false;
  for (let i = 20; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Two digits at `a` as a number, or -1 when either is not a digit (check and parse in one pass). */
function two(s: string, a: number): number {
  const h = s.charCodeAt(a) - 48;
  const l = s.charCodeAt(a + 1) - 48;
  return h >= 0 && h <= 9 && l >= 0 && l <= 9 ? h * 10 + l : -1;
}

/** "00".."59": two-digit fields without padStart per row. */
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** "HH:MM:" for every minute of a day: an ISO time is then one table read and two concatenations. */
const HOUR_MINUTE = Array.from({ length: 1440 }, (_, i) => `${TWO[Math.floor(i / 60)]}:${TWO[i % 60]}:`);
const DAY = 86_400_000;

export class SensorClock {
  private readonly byHour = new Map<number, { off: number; suffix: string }>();
  private readonly byQuarter = new Map<number, number>();
  private readonly suffixes = new Map<number, string>();
  private readonly zone: string;
  // Rows come in calldate order, so consecutive lookups mostly hit the same hour, quarter and day:
  // one comparison instead of a Map lookup.
  private lastHour = NaN;
  private lastHourHit: { off: number; suffix: string } = { off: 0, suffix: '+00:00' };
  private lastQuarter = NaN;
  private lastQuarterOff = 0;
  private lastDay = NaN;
  private lastDayText = '';
  // The calendar day of the wall time last read by iso(): its text, its ISO prefix and its midnight
  // read as UTC, so a row of the same day skips the date digits and Date.UTC.
  private wallDay = '';
  private wallDayPrefix = '';
  private wallDayNaive = NaN;
  /** The instant of the wall time last read by iso() (a field, so no result object per row). */
  ms = NaN;

  constructor(zone: string | undefined) {
    // Resolved once: asking Intl for the system zone on every row costs more than the row itself.
    this.zone = zone ?? systemZone();
  }

  /** Offset in minutes at an instant. */
  offsetAt(ms: number): number {
    const q = Math.floor(ms / 900_000);
    if (q === this.lastQuarter) return this.lastQuarterOff;
    let off = this.byQuarter.get(q);
    if (off === undefined) {
      off = offsetMinutes(this.zone, ms);
      if (this.byQuarter.size > 50_000) this.byQuarter.clear();
      this.byQuarter.set(q, off);
    }
    this.lastQuarter = q;
    this.lastQuarterOff = off;
    return off;
  }

  private suffix(off: number): string {
    let s = this.suffixes.get(off);
    if (s === undefined) {
      s = formatOffset(off);
      this.suffixes.set(off, s);
    }
    return s;
  }

  /** Offset for a wall time, cached per wall-clock hour (`naiveMs` is the wall time read as UTC). */
  private offsetForWall(naiveMs: number): { off: number; suffix: string } {
    const hourKey = Math.floor(naiveMs / 3_600_000);
    if (hourKey === this.lastHour) return this.lastHourHit;
    let hit = this.byHour.get(hourKey);
    if (!hit) {
      // Two passes settle the offset across a DST change.
      const off = this.offsetAt(naiveMs - this.offsetAt(naiveMs) * 60000);
      hit = { off, suffix: this.suffix(off) };
      if (this.byHour.size > 50_000) this.byHour.clear();
      this.byHour.set(hourKey, hit);
    }
    this.lastHour = hourKey;
    this.lastHourHit = hit;
    return hit;
  }

  /**
   * "2026-12-01 10:36:57" → "2026-12-01T10:36:57+01:00", its instant left in `ms`; null (and NaN) for
   * no date or anything not shaped "YYYY-MM-DD HH:MM:SS[.ffffff]". The row mapper's path: the shape
   * is checked while the digits are read, the date part once per day, no Date and no result object.
   */
  iso(wall: string | null): string | null {
    this.ms = NaN;
    if (wall === null) return null;
    const len = wall.length;
    if ((len !== 19 && !isFraction(wall)) || wall.charCodeAt(10) !== 32 || wall.charCodeAt(13) !== 58 || wall.charCodeAt(16) !== 58) return null;
    if (!wall.startsWith(this.wallDay) || this.wallDay === '') {
      if (!this.readDay(wall)) return null;
    }
    const h = two(wall, 11);
    const m = two(wall, 14);
    const sec = two(wall, 17);
    if (h < 0 || m < 0 || sec < 0) return null;
    const naive = this.wallDayNaive + h * 3_600_000 + m * 60_000 + sec * 1000;
    if (!Number.isFinite(naive) || Math.abs(naive) > 8.64e15) return null;
    const { off, suffix } = this.offsetForWall(naive);
    if (len === 19) {
      this.ms = naive - off * 60000;
      return this.wallDayPrefix + wall.slice(11, 19) + suffix;
    }
    const frac = wall.slice(19, 23);
    this.ms = naive - off * 60000 + Math.round(Number(frac) * 1000);
    return `${this.wallDayPrefix}${wall.slice(11, 19)}${frac}${suffix}`;
  }

  /** Reads and caches the date part "YYYY-MM-DD" of a wall time; false when it is not one. */
  private readDay(wall: string): boolean {
    if (wall.charCodeAt(4) !== 45 || wall.charCodeAt(7) !== 45) return false;
    const y1 = two(wall, 0);
    const y2 = two(wall, 2);
    const mo = two(wall, 5);
    const d = two(wall, 8);
    if (y1 < 0 || y2 < 0 || mo < 0 || d < 0) return false;
    const year = y1 * 100 + y2;
    if (year === 0) return false;
    // Date.UTC as before: months and days out of range roll over, years 0..99 mean 1900..1999.
    const naive = Date.UTC(year, mo - 1, d);
    if (!Number.isFinite(naive)) return false;
    this.wallDay = wall.slice(0, 10);
    this.wallDayPrefix = `${this.wallDay}T`;
    this.wallDayNaive = naive;
    return true;
  }

  /** "2026-12-01 10:36:57" → { iso: "2026-12-01T10:36:57+01:00", ms }; null for no date. */
  parse(wall: string | null): { iso: string; ms: number } | null {
    const iso = this.iso(wall);
    return iso === null ? null : { iso, ms: this.ms };
  }

  /** Instant → ISO 8601 with the sensor's offset (whole seconds), by arithmetic (Date once per day). */
  isoAt(ms: number): string {
    const off = this.offsetAt(ms);
    const w = Math.floor(ms / 1000) * 1000 + off * 60000;
    const day = Math.floor(w / DAY);
    if (day !== this.lastDay) {
      this.lastDayText = `${new Date(day * DAY).toISOString().slice(0, 10)}T`;
      this.lastDay = day;
    }
    const sec = (w - day * DAY) / 1000;
    return this.lastDayText + HOUR_MINUTE[Math.floor(sec / 60)] + TWO[sec % 60] + this.suffix(off);
  }

  /** Instant → "YYYY-MM-DD HH:MM:SS" on the sensor's clock. */
  toWall(ms: number): string {
    return wallTime(ms, this.zone);
  }
}
