// The previous clock.ts of the call-history mapper, verbatim but for import paths: the reference the
// rewritten mapper is held to (row-mapping-equivalence.test.ts). Not used by the product.
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
import { offsetMinutes } from '../../../../src-main/connectors/voipmonitor/values';

/** "YYYY-MM-DD HH:MM:SS[.ffffff]", checked by character (a regex per row is measurable at 100,000 rows). */
function isWall(s: string): boolean {
  if (s.length !== 19 && !(s.length > 20 && s.length <= 26 && s.charCodeAt(19) === 46)) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const want = i === 4 || i === 7 ? 45 : i === 10 ? 32 : i === 13 || i === 16 ? 58 : i === 19 ? 46 : -1;
    if (want >= 0 ? c !== want : c < 48 || c > 57) return false;
  }
  return true;
}

function digits(s: string, a: number, b: number): number {
  let v = 0;
  for (let i = a; i < b; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

function suffixOf(off: number): string {
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** "00".."59": two-digit fields without padStart per row. */
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DAY = 86_400_000;

export class SensorClock {
  private readonly byHour = new Map<number, { off: number; suffix: string }>();
  private readonly byQuarter = new Map<number, number>();
  private readonly suffixes = new Map<number, string>();
  private readonly zone: string | undefined;
  // Rows come in calldate order, so consecutive lookups mostly hit the same hour, quarter and day:
  // one comparison instead of a Map lookup.
  private lastHour = NaN;
  private lastHourHit: { off: number; suffix: string } = { off: 0, suffix: '+00:00' };
  private lastQuarter = NaN;
  private lastQuarterOff = 0;
  private lastDay = NaN;
  private lastDayText = '';
  /** The instant of the wall time last read by iso() (a field, so no result object per row). */
  ms = NaN;

  constructor(zone: string | undefined) {
    // Resolved once: asking Intl for the system zone on every row costs more than the row itself.
    this.zone = zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
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
      s = suffixOf(off);
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
   * no date. The row mapper's path: digits by arithmetic, no Date and no result object per field.
   */
  iso(wall: string | null): string | null {
    this.ms = NaN;
    if (!wall || !isWall(wall)) return null;
    const year = digits(wall, 0, 4);
    if (year === 0) return null;
    const naive = Date.UTC(year, digits(wall, 5, 7) - 1, digits(wall, 8, 10), digits(wall, 11, 13), digits(wall, 14, 16), digits(wall, 17, 19));
    if (!Number.isFinite(naive)) return null;
    const { off, suffix } = this.offsetForWall(naive);
    const frac = wall.length > 19 ? wall.slice(19, 23) : '';
    this.ms = naive - off * 60000 + (frac ? Math.round(Number(frac) * 1000) : 0);
    return `${wall.slice(0, 10)}T${wall.slice(11, 19)}${frac}${suffix}`;
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
      this.lastDayText = new Date(day * DAY).toISOString().slice(0, 10);
      this.lastDay = day;
    }
    const sec = (w - day * DAY) / 1000;
    const h = Math.floor(sec / 3600);
    const m = Math.floor((sec % 3600) / 60);
    return `${this.lastDayText}T${TWO[h]}:${TWO[m]}:${TWO[sec % 60]}${this.suffix(off)}`;
  }

  /** Instant → "YYYY-MM-DD HH:MM:SS" on the sensor's clock. */
  toWall(ms: number): string {
    const off = this.offsetAt(ms);
    return new Date(Math.floor(ms / 1000) * 1000 + off * 60000).toISOString().slice(0, 19).replace('T', ' ');
  }
}
