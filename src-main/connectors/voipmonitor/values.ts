/**
 * Coercion of single values from sensor JSON: every value is untrusted, so each helper accepts only
 * the types the protocol documents and returns null for anything else.
 */
import { CallboardError } from '../../core/errors';
import { formatOffset, offsetAt, systemZone } from '../../../src-shared/time-format';

const MAX_STR = 512;

export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.length > MAX_STR ? v.slice(0, MAX_STR) : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function int(v: unknown): number | null {
  const n = num(v);
  return n === null ? null : Math.trunc(n);
}

/** IPv4 as unsigned 32-bit host-order integer (docs/VOIPMONITOR.md, Wire protocol: listcalls), IPv6 as a string; 0 means "none". */
const ipMemo = new Map<number, string>();

export function ip(v: unknown): string | null {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v <= 0 || v > 0xffffffff) return null;
    // A sensor sees the same few thousand addresses on every poll.
    let s = ipMemo.get(v);
    if (s === undefined) {
      s = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
      if (ipMemo.size > 100_000) ipMemo.clear();
      ipMemo.set(v, s);
    }
    return s;
  }
  if (typeof v === 'string' && v.length <= 64 && /^[0-9A-Fa-f:.]+$/.test(v)) return v;
  return null;
}

/** Sniffer MOS is x10 (45 = 4.5); 0 and out-of-range values mean "no measurement". */
export function mos(v: unknown): number | null {
  const n = num(v);
  if (n === null || n < 10 || n > 45) return null;
  return Math.round(n) / 10;
}

const CODECS: Record<number, string> = {
  0: 'PCMU', 3: 'GSM', 4: 'G723', 8: 'PCMA', 9: 'G722', 12: 'QCELP', 13: 'CN', 18: 'G729', 97: 'iLBC', 98: 'Speex',
  301: 'SILK', 302: 'SILK8', 303: 'SILK12', 304: 'SILK16', 305: 'SILK24', 306: 'iSAC16', 307: 'iSAC32',
  311: 'Opus', 312: 'Opus8', 313: 'Opus12', 314: 'Opus16', 315: 'Opus24', 316: 'Opus48', 320: 'AMR', 321: 'AMR-WB',
};

const CODEC_NUMBERS = new Map(Object.entries(CODECS).map(([n, name]) => [name.toUpperCase(), Number(n)]));

/** "PCMA" or "8" → the sniffer's payload number, null when unknown. */
export function codecNumber(nameOrNumber: string): number | null {
  const t = nameOrNumber.trim();
  if (/^\d{1,4}$/.test(t)) return Number(t);
  return CODEC_NUMBERS.get(t.toUpperCase()) ?? null;
}

export function codecName(v: unknown): string | null {
  const n = int(v);
  if (n === null || n < 0) return null;
  return CODECS[n] ?? `codec ${n}`;
}

/** Validates an IANA zone name once (profile setting), so a typo is a config error, not a crash. */
export function checkTimeZone(tz: string | undefined, profileId: string): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw new CallboardError('config', `The time zone "${tz.slice(0, 64)}" of profile "${profileId}" is not a valid IANA zone name (e.g. "Europe/Prague").`);
  }
}

/** Offset in minutes of `tz` (default: this computer's zone) at instant `ms` (positive east of UTC). */
export function offsetMinutes(tz: string | undefined, ms: number): number {
  return offsetAt(ms, tz ?? systemZone());
}

/**
 * Formats unix seconds as ISO 8601 with the sensor zone's offset. Offsets are cached per quarter hour
 * because Intl is slow and 20,000 rows share a handful of instants' offsets.
 */
export class IsoFormatter {
  private cache = new Map<number, number>();
  /** Call start times repeat poll after poll: memoise the formatted string per second. */
  private memo = new Map<number, string | null>();
  constructor(private readonly tz: string | undefined) {}

  private offset(ms: number): number {
    const bucket = Math.floor(ms / 900_000);
    let o = this.cache.get(bucket);
    if (o === undefined) {
      if (this.cache.size > 1000) this.cache.clear();
      o = offsetMinutes(this.tz, ms);
      this.cache.set(bucket, o);
    }
    return o;
  }

  fromUnix(sec: number): string | null {
    const hit = this.memo.get(sec);
    if (hit !== undefined) return hit;
    const out = this.format(sec);
    if (this.memo.size > 200_000) this.memo.clear();
    this.memo.set(sec, out);
    return out;
  }

  private format(sec: number): string | null {
    if (!Number.isFinite(sec) || sec <= 0 || sec > 4102444800) return null;
    const ms = Math.floor(sec) * 1000;
    const off = this.offset(ms);
    const local = new Date(ms + off * 60000).toISOString().slice(0, 19);
    return `${local}${formatOffset(off)}`;
  }

  /** "YYYY-MM-DD HH:MM:SS[.mmm]" in the sensor's local time. */
  fromLocal(text: string): string | null {
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?$/.exec(text);
    if (!m) return null;
    const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    // Two passes settle the offset around DST changes.
    let guess = wall - this.offset(wall) * 60000;
    guess = wall - this.offset(guess) * 60000;
    return this.fromUnix(guess / 1000);
  }
}
