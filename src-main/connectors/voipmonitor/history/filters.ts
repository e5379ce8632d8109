/**
 * The CDR search filters in the VoIPmonitor GUI's conventions, turned into SQL conditions with
 * placeholders. Every value the operator typed becomes a bound parameter; the SQL text is made only
 * of fixed column names chosen here, so no input can change the statement's shape.
 *
 * Conventions (as in the GUI's CDR filter form):
 * - "," separates alternatives: "1001,1002" matches either;
 * - "%" is a wildcard: "100%" starts with 100, "%2002" ends with 2002 (uses the sniffer's
 *   `*_reverse` columns, so a suffix search is an index range too);
 * - "!" in front negates a term: "!100%" excludes numbers starting with 100. Negated terms all apply
 *   (AND), positive terms are alternatives (OR).
 */
import { CallboardError } from '../../../core/errors';
import net from 'node:net';
import { codecNumber } from '../values';

export type SqlValue = string | number | Buffer;

export interface Conditions {
  sql: string[];
  params: SqlValue[];
}

interface Term {
  negated: boolean;
  body: string;
}

export function terms(spec: string): Term[] {
  return spec
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t !== '!')
    .map((t) => (t.startsWith('!') ? { negated: true, body: t.slice(1).trim() } : { negated: false, body: t }))
    .filter((t) => t.body !== '');
}

/** LIKE pattern for a GUI term: "%" stays a wildcard, "_" and "\" are literal characters. */
export function likePattern(body: string): string {
  return body.replace(/[\\_]/g, (c) => `\\${c}`);
}

function reverse(s: string): string {
  return [...s].reverse().join('');
}

/** Combines positive alternatives (OR) and negations (AND NOT) into one condition. */
function combine(out: Conditions, pos: Array<[string, SqlValue[]]>, neg: Array<[string, SqlValue[]]>): void {
  if (pos.length) {
    out.sql.push(pos.length === 1 ? pos[0]![0] : `(${pos.map(([s]) => s).join(' OR ')})`);
    for (const [, p] of pos) out.params.push(...p);
  }
  for (const [s, p] of neg) {
    out.sql.push(`NOT ${s}`);
    out.params.push(...p);
  }
}

/**
 * A text column filter (caller, called, caller name). `column` and `reverseColumn` are fixed names
 * from the query builder, never operator input.
 */
export function textFilter(out: Conditions, spec: string | undefined, column: string, reverseColumn: string | null): void {
  if (!spec) return;
  const pos: Array<[string, SqlValue[]]> = [];
  const neg: Array<[string, SqlValue[]]> = [];
  for (const t of terms(spec)) {
    let cond: [string, SqlValue[]];
    const wild = t.body.indexOf('%');
    if (wild < 0) cond = [`${column} = ?`, [t.body]];
    else if (reverseColumn && wild === 0 && t.body.indexOf('%', 1) < 0 && t.body.length > 1) {
      // "%2002": the sniffer stores every number reversed too, so "ends with" is a prefix search there.
      cond = [`${reverseColumn} LIKE ?`, [`${likePattern(reverse(t.body.slice(1)))}%`]];
    } else cond = [`${column} LIKE ?`, [likePattern(t.body)]];
    // A NULL column is "not equal" to anything: without the guard NOT would drop those rows too.
    (t.negated ? neg : pos).push(t.negated ? [`COALESCE(${cond[0]}, 0)`, cond[1]] : cond);
  }
  combine(out, pos, neg);
}

/** "486", "4xx" / "4" (a class), comma lists, "!" negation → cdr.lastSIPresponseNum conditions. */
export function sipCodeFilter(out: Conditions, spec: string | undefined, column: string): void {
  if (!spec) return;
  const pos: Array<[string, SqlValue[]]> = [];
  const neg: Array<[string, SqlValue[]]> = [];
  for (const t of terms(spec)) {
    const b = t.body.toLowerCase();
    let cond: [string, SqlValue[]];
    if (/^[1-6][0-9]{2}$/.test(b)) cond = [`${column} = ?`, [Number(b)]];
    else if (/^[1-6](xx)?$/.test(b)) cond = [`${column} BETWEEN ? AND ?`, [Number(b[0]) * 100, Number(b[0]) * 100 + 99]];
    else throw new CallboardError('usage', `"${t.body.slice(0, 20)}" is not a SIP response code: use a code like 486, a class like 4xx, comma lists and "!" to exclude (!200).`);
    (t.negated ? neg : pos).push(t.negated ? [`COALESCE(${cond[0]}, 0)`, cond[1]] : cond);
  }
  combine(out, pos, neg);
}

/** IPv4 address or CIDR → inclusive range of the sniffer's INT UNSIGNED address. */
export function ipv4Range(text: string): [number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return null;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return null;
  const addr = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - bits);
  const lo = Math.floor(addr / size) * size;
  return [lo, lo + size - 1];
}

/** IPv6 address text → its 16 bytes, or null (no zone ids). */
export function ipv6Bytes(text: string): Buffer | null {
  if (!net.isIPv6(text) || text.includes('%')) return null;
  let t = text;
  // An IPv4 tail ("::ffff:10.0.0.5") becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (v4) {
    const [a, b, c, d] = v4.slice(1, 5).map(Number) as [number, number, number, number];
    t = `${t.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = t.split('::');
  const h = head ? head.split(':') : [];
  const tl = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - tl.length).fill('0'), ...tl];
  if (groups.length !== 8) return null;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** IPv6 address or CIDR → inclusive range of 16-byte values. */
export function ipv6Range(text: string): [Buffer, Buffer] | null {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const addr = ipv6Bytes(m[1]!);
  const bits = m[2] === undefined ? 128 : Number(m[2]);
  if (!addr || bits > 128) return null;
  const lo = Buffer.from(addr);
  const hi = Buffer.from(addr);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    const mask = keep === 8 ? 0xff : (0xff << (8 - keep)) & 0xff;
    lo[i] = addr[i]! & mask;
    hi[i] = (addr[i]! & mask) | (~mask & 0xff);
  }
  return [lo, hi];
}

/**
 * Caller / callee IP filters. `binary`: the sensor runs with `ipv6 = yes` and stores addresses as
 * VARBINARY(16), an IPv4 peer as its 4 bytes (INET6_ATON), an IPv6 one as 16; byte strings of one
 * length compare like the numbers they spell, so each range is bounded to its length. Otherwise the
 * column is an IPv4 INT UNSIGNED and an IPv6 filter cannot match anything, which is said in words.
 */
export function ipFilter(out: Conditions, spec: string | undefined, column: string, label: string, binary = false): void {
  if (!spec) return;
  const pos: Array<[string, SqlValue[]]> = [];
  const neg: Array<[string, SqlValue[]]> = [];
  for (const t of terms(spec)) {
    const r4 = ipv4Range(t.body);
    const r6 = r4 ? null : ipv6Range(t.body);
    if (!r4 && !r6) throw new CallboardError('usage', `The ${label} filter "${t.body.slice(0, 45)}" is not an IP address or CIDR block (10.0.0.5, 10.0.0.0/24, 2001:db8::/32).`);
    let cond: [string, SqlValue[]];
    if (!binary) {
      if (!r4) throw new CallboardError('usage', `The ${label} filter "${t.body.slice(0, 45)}" is an IPv6 address, but this sensor stores IPv4 addresses only (its sniffer runs without ipv6 = yes).`);
      cond = [`${column} BETWEEN ? AND ?`, r4];
    } else if (r4) {
      const bytes = (n: number) => {
        const b = Buffer.alloc(4);
        b.writeUInt32BE(n);
        return b;
      };
      cond = [`(LENGTH(${column}) = 4 AND ${column} BETWEEN ? AND ?)`, [bytes(r4[0]), bytes(r4[1])]];
    } else cond = [`(LENGTH(${column}) = 16 AND ${column} BETWEEN ? AND ?)`, r6!];
    (t.negated ? neg : pos).push(t.negated ? [`COALESCE(${cond[0]}, 0)`, cond[1]] : cond);
  }
  combine(out, pos, neg);
}

/** Codec names or payload numbers; a call matches when either direction used one of them. */
export function codecFilter(out: Conditions, spec: string | undefined, columns: [string, string]): void {
  if (!spec) return;
  const pos: Array<[string, SqlValue[]]> = [];
  const neg: Array<[string, SqlValue[]]> = [];
  for (const t of terms(spec)) {
    const n = codecNumber(t.body);
    if (n === null) throw new CallboardError('usage', `"${t.body.slice(0, 20)}" is not a codec Callboard knows: use a name such as PCMA, PCMU, G729, G722, Opus, or the RTP payload number.`);
    const cond: [string, SqlValue[]] = [`(${columns[0]} = ? OR ${columns[1]} = ?)`, [n, n]];
    (t.negated ? neg : pos).push(t.negated ? [`COALESCE(${cond[0]}, 0)`, cond[1]] : cond);
  }
  combine(out, pos, neg);
}

export function sensorFilter(out: Conditions, spec: string | undefined, column: string): void {
  if (!spec) return;
  const pos: Array<[string, SqlValue[]]> = [];
  const neg: Array<[string, SqlValue[]]> = [];
  for (const t of terms(spec)) {
    if (!/^\d{1,5}$/.test(t.body)) throw new CallboardError('usage', `"${t.body.slice(0, 20)}" is not a sensor id (a number, as in the sensor's id_sensor setting).`);
    const cond: [string, SqlValue[]] = [`${column} = ?`, [Number(t.body)]];
    (t.negated ? neg : pos).push(t.negated ? [`COALESCE(${cond[0]}, 0)`, cond[1]] : cond);
  }
  combine(out, pos, neg);
}
