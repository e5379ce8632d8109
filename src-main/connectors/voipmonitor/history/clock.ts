/**
 * The sensor writes `calldate`/`callend` as naive DATETIME in its own local time zone (the sniffer's
 * `timezone_info_local_sensor`), so the search turns the operator's instants into the sensor's wall
 * time for the WHERE clause, and wall times back into ISO 8601 with the sensor's offset. The zone is
 * the profile's `timeZone` (default: this workstation's). Offsets are cached per wall-clock hour.
 */
import { offsetMinutes } from '../values';

const WALL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?$/;

export class SensorClock {
  private readonly byHour = new Map<string, { off: number; suffix: string }>();
  constructor(readonly zone: string | undefined) {}

  private offsetForWall(naiveMs: number, hourKey: string): { off: number; suffix: string } {
    let hit = this.byHour.get(hourKey);
    if (!hit) {
      // Two passes settle the offset across a DST change.
      const off = offsetMinutes(this.zone, naiveMs - offsetMinutes(this.zone, naiveMs) * 60000);
      const a = Math.abs(off);
      hit = { off, suffix: `${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}` };
      if (this.byHour.size > 50_000) this.byHour.clear();
      this.byHour.set(hourKey, hit);
    }
    return hit;
  }

  /** "2026-12-01 10:36:57" → { iso: "2026-12-01T10:36:57+01:00", ms }; null for no date. */
  parse(wall: string | null): { iso: string; ms: number } | null {
    if (!wall) return null;
    const m = WALL.exec(wall);
    if (!m || m[1] === '0000') return null;
    const naive = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    const { off, suffix } = this.offsetForWall(naive, wall.slice(0, 13));
    const frac = m[7] ? m[7].slice(0, 4) : '';
    return { iso: `${wall.slice(0, 10)}T${wall.slice(11, 19)}${frac}${suffix}`, ms: naive - off * 60000 + (frac ? Math.round(Number(frac) * 1000) : 0) };
  }

  /** Instant → "YYYY-MM-DD HH:MM:SS" on the sensor's clock. */
  toWall(ms: number): string {
    const off = offsetMinutes(this.zone, ms);
    return new Date(Math.floor(ms / 1000) * 1000 + off * 60000).toISOString().slice(0, 19).replace('T', ' ');
  }
}
