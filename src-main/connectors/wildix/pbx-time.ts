/**
 * Wildix call history speaks naive PBX-local wall time ("2015-03-11 13:32:36"). These helpers turn
 * it into ISO 8601 with the PBX's offset and back, for an IANA zone (profile `timeZone`, default
 * this workstation's). Offsets are cached per wall-clock hour: 50,000 rows touch a few hundred hours,
 * and Intl formatting is the slow part.
 */
const WALL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function digits(s: string, a: number, b: number): number {
  let v = 0;
  for (let i = a; i < b; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

export class PbxClock {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly hourOffsets = new Map<string, { off: number; suffix: string }>();

  constructor(readonly zone: string = Intl.DateTimeFormat().resolvedOptions().timeZone) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Zone offset in minutes at an instant. */
  offsetAt(ms: number): number {
    const p: Record<string, string> = {};
    for (const part of this.fmt.formatToParts(new Date(ms))) p[part.type] = part.value;
    const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
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
      const a = Math.abs(off);
      cached = { off, suffix: `${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}` };
      if (this.hourOffsets.size > 100_000) this.hourOffsets.clear();
      this.hourOffsets.set(hourKey, cached);
    }
    return { iso: `${wall.slice(0, 10)}T${wall.slice(11)}${cached.suffix}`, ms: naive - cached.off * 60000 };
  }

  /** Instant → "YYYY-MM-DD HH:MM:SS" on the PBX clock, for filters. */
  toWall(ms: number): string {
    const p: Record<string, string> = {};
    for (const part of this.fmt.formatToParts(new Date(ms))) p[part.type] = part.value;
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  }
}

/** ISO 8601 from the query; without an offset it is the operator's own zone (cdr.ts). */
export function parseQueryTime(s: string): number | null {
  // A bare date would parse as UTC midnight; the operator means their own midnight.
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? `${s.trim()}T00:00:00` : s);
  return Number.isFinite(t) ? t : null;
}
