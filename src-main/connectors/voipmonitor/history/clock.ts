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
import { offsetMinutes } from '../values';

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

export class SensorClock {
  private readonly byHour = new Map<string, { off: number; suffix: string }>();
  private readonly byQuarter = new Map<number, number>();
  private readonly zone: string | undefined;

  constructor(zone: string | undefined) {
    // Resolved once: asking Intl for the system zone on every row costs more than the row itself.
    this.zone = zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /** Offset in minutes at an instant. */
  offsetAt(ms: number): number {
    const q = Math.floor(ms / 900_000);
    let off = this.byQuarter.get(q);
    if (off === undefined) {
      off = offsetMinutes(this.zone, ms);
      if (this.byQuarter.size > 50_000) this.byQuarter.clear();
      this.byQuarter.set(q, off);
    }
    return off;
  }

  private offsetForWall(naiveMs: number, hourKey: string): { off: number; suffix: string } {
    let hit = this.byHour.get(hourKey);
    if (!hit) {
      // Two passes settle the offset across a DST change.
      const off = this.offsetAt(naiveMs - this.offsetAt(naiveMs) * 60000);
      hit = { off, suffix: suffixOf(off) };
      if (this.byHour.size > 50_000) this.byHour.clear();
      this.byHour.set(hourKey, hit);
    }
    return hit;
  }

  /** "2026-12-01 10:36:57" → { iso: "2026-12-01T10:36:57+01:00", ms }; null for no date. */
  parse(wall: string | null): { iso: string; ms: number } | null {
    if (!wall || !isWall(wall)) return null;
    const year = digits(wall, 0, 4);
    if (year === 0) return null;
    const naive = Date.UTC(year, digits(wall, 5, 7) - 1, digits(wall, 8, 10), digits(wall, 11, 13), digits(wall, 14, 16), digits(wall, 17, 19));
    if (!Number.isFinite(naive)) return null;
    const { off, suffix } = this.offsetForWall(naive, wall.slice(0, 13));
    const frac = wall.length > 19 ? wall.slice(19, 23) : '';
    return { iso: `${wall.slice(0, 10)}T${wall.slice(11, 19)}${frac}${suffix}`, ms: naive - off * 60000 + (frac ? Math.round(Number(frac) * 1000) : 0) };
  }

  /** Instant → ISO 8601 with the sensor's offset (whole seconds). */
  isoAt(ms: number): string {
    const off = this.offsetAt(ms);
    return `${new Date(Math.floor(ms / 1000) * 1000 + off * 60000).toISOString().slice(0, 19)}${suffixOf(off)}`;
  }

  /** Instant → "YYYY-MM-DD HH:MM:SS" on the sensor's clock. */
  toWall(ms: number): string {
    const off = this.offsetAt(ms);
    return new Date(Math.floor(ms / 1000) * 1000 + off * 60000).toISOString().slice(0, 19).replace('T', ' ');
  }
}
