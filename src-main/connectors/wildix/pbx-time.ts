/**
 * Wildix call history speaks naive PBX-local wall time ("2015-03-11 13:32:36"). These helpers turn
 * it into ISO 8601 with the PBX's offset and back, for an IANA zone (profile `timeZone`, default
 * this workstation's). Offsets are cached per wall-clock hour: 50,000 rows touch a few hundred hours,
 * and Intl formatting is the slow part.
 */
import { formatOffset, offsetAt, wallTime } from '../../../src-shared/time-format';

const WALL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function digits(s: string, a: number, b: number): number {
  let v = 0;
  for (let i = a; i < b; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

export class PbxClock {
  private readonly hourOffsets = new Map<string, { off: number; suffix: string }>();

  constructor(readonly zone: string = Intl.DateTimeFormat().resolvedOptions().timeZone) {
    // An unknown zone name is a configuration error (RangeError), not silently UTC.
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  }

  /** Zone offset in minutes at an instant. */
  offsetAt(ms: number): number {
    return offsetAt(ms, this.zone);
  }

  /** "YYYY-MM-DD HH:MM:SS" PBX-local → ISO 8601 with offset, or null if it is no date ("", "0000-00-00 …"). */
  toIso(wall: string | undefined): string | null {
    return this.parse(wall)?.iso ?? null;
  }

  /** Like toIso, plus the instant, so callers need no second Date.parse. */
  parse(wall: string | undefined): { iso: string; ms: number } | null {
    if (!wall || wall.length !== 19 || !WALL.test(wall)) return null;
    // Fixed positions after the shape check: cheaper than regex captures on 150,000 timestamps.
    const year = digits(wall, 0, 4);
    if (year === 0) return null;
    const naive = Date.UTC(year, digits(wall, 5, 7) - 1, digits(wall, 8, 10), digits(wall, 11, 13), digits(wall, 14, 16), digits(wall, 17, 19));
    if (!Number.isFinite(naive)) return null;
    const hourKey = wall.slice(0, 13);
    let cached = this.hourOffsets.get(hourKey);
    if (cached === undefined) {
      // Two passes settle the offset across a DST change.
      const off = this.offsetAt(naive - this.offsetAt(naive) * 60000);
      cached = { off, suffix: formatOffset(off) };
      if (this.hourOffsets.size > 100_000) this.hourOffsets.clear();
      this.hourOffsets.set(hourKey, cached);
    }
    return { iso: `${wall.slice(0, 10)}T${wall.slice(11)}${cached.suffix}`, ms: naive - cached.off * 60000 };
  }

  /** Instant → "YYYY-MM-DD HH:MM:SS" on the PBX clock, for filters. */
  toWall(ms: number): string {
    return wallTime(ms, this.zone);
  }
}

/** ISO 8601 from the query; without an offset it is the operator's own zone (cdr.ts). */
export function parseQueryTime(s: string): number | null {
  // A bare date would parse as UTC midnight; the operator means their own midnight.
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? `${s.trim()}T00:00:00` : s);
  return Number.isFinite(t) ? t : null;
}
