/**
 * The row mapper (rows.ts + clock.ts) was rewritten for speed: shape checks fused with digit reads,
 * the date part read once per day, cached address and codec texts, ready MOS numbers. This test
 * holds it to the previous mapping (kept verbatim in ./reference) over random rows: random cells and
 * NULLs in every column, malformed times, and wall times on the days of DST changes in zones with
 * whole-hour, half-hour and 45-minute offsets, in random order and in calldate order (the mapper's
 * caches follow the order), each sequence through one clock of each kind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SensorClock } from '../../../src-main/connectors/voipmonitor/history/clock';
import { rowToRecord } from '../../../src-main/connectors/voipmonitor/history/rows';
import { SELECT_COLUMNS } from '../../../src-main/connectors/voipmonitor/history/query';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import { offsetMinutes } from '../../../src-main/connectors/voipmonitor/values';
import { SensorClock as SensorClockV1 } from './reference/clock-v1';
import { rowToRecord as rowToRecordV1 } from './reference/rows-v1';

const ZONES = ['Europe/Prague', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Asia/Kolkata', 'UTC'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The calendar days (in each zone) on which its offset changes, found by scanning 2025–2027 hourly. */
function transitionDays(zone: string): string[] {
  const days: string[] = [];
  const start = Date.UTC(2025, 0, 1);
  let prev = offsetMinutes(zone, start);
  for (let t = start; t < Date.UTC(2028, 0, 1); t += 3_600_000) {
    const off = offsetMinutes(zone, t);
    if (off !== prev) days.push(new Date(t + off * 60_000).toISOString().slice(0, 10));
    prev = off;
  }
  return days;
}
const DAYS = Object.fromEntries(ZONES.map((z) => [z, transitionDays(z)])) as Record<string, string[]>;

const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, s]) => `${pad(h)}:${pad(m)}:${pad(s)}`);
const fraction = fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 6 }).chain((n) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => `.${pad(v, n)}`)));
const anyDay = fc.tuple(fc.integer({ min: 1971, max: 2037 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`);
const malformed = fc.oneof(
  fc.constant('0000-00-00 00:00:00'),
  fc.constant('2026-03-29T02:30:00'),
  fc.constant('2026-03-29 02:30:00.'),
  fc.constant(''),
  fc.string({ maxLength: 30 }),
  // Digits in the right places but out of range: the previous mapping rolled these over (Date.UTC).
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(
    ([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`,
  ),
);

function wall(zone: string): fc.Arbitrary<string | null> {
  const dstDay = fc.constantFrom(...DAYS[zone]!.concat(['2026-12-01']));
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(dstDay, time, fraction).map(([d, t, f]) => `${d} ${t}${f}`) },
    { weight: 2, arbitrary: fc.tuple(anyDay, time).map(([d, t]) => `${d} ${t}`) },
    { weight: 1, arbitrary: malformed },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

const orNull = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });
const smallInt = (max: number) => orNull(fc.integer({ min: 0, max }));

type Cell = string | number | null | Buffer;

/**
 * The short form of a full IPv6 text as inet_ntop() writes it (what MySQL's INET6_NTOA and the sniffer's
 * GUI show): the WHATWG URL host serializer does RFC 5952's compression; inet_ntop also writes an
 * address whose first 96 bits are zero ("::a.b.c.d"), or 80 zero bits then ffff ("::ffff:a.b.c.d"),
 * with its last 32 bits dotted (glibc inet_ntop6: a leading zero run of 6 groups, or of 5 before ffff).
 */
function ntopShort(ip: string): string {
  const w = ip.split(':').map((g) => parseInt(g, 16));
  const zeros = w.findIndex((x) => x !== 0);
  const dotted = `${w[6]! >> 8}.${w[6]! & 255}.${w[7]! >> 8}.${w[7]! & 255}`;
  if (zeros === 6) return `::${dotted}`;
  if (zeros === 5 && w[5] === 0xffff) return `::ffff:${dotted}`;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/** The previous mapping's record (full IPv6 text) with its IPv6 text in short form. */
function shortIpv6(r: CdrRecord): CdrRecord {
  const short = (ip: string | null | undefined) => (ip && ip.includes(':') ? ntopShort(ip) : ip);
  if (!r.quality) return r;
  return { ...r, quality: { ...r.quality, callerIp: short(r.quality.callerIp) ?? null, calledIp: short(r.quality.calledIp) ?? null } };
}

/**
 * 16-byte cells whose groups are often zero (random bytes almost never hold the zero runs that "::"
 * shortens), and now and then the IPv4-compatible and IPv4-mapped forms.
 */
const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 0xffff }));
const ipv6Cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }),
  fc.array(group, { minLength: 8, maxLength: 8 }).map((gs) => Uint8Array.from(gs.flatMap((g) => [g >> 8, g & 255]))),
  fc.tuple(fc.boolean(), fc.uint8Array({ minLength: 4, maxLength: 4 })).map(([mapped, v4]) => Uint8Array.from([...new Array<number>(10).fill(0), mapped ? 255 : 0, mapped ? 255 : 0, ...v4])),
).map((b) => Buffer.from(b));

function row(zone: string): fc.Arbitrary<Cell[]> {
  const cells: Record<string, fc.Arbitrary<Cell>> = {
    ID: fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String),
    calldate: wall(zone),
    callend: wall(zone),
    duration: smallInt(90_000),
    connect_duration: smallInt(90_000),
    caller: orNull(fc.string({ maxLength: 20 })),
    callername: orNull(fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }))),
    called: orNull(fc.string({ maxLength: 20 })),
    caller_domain: orNull(fc.domain()),
    called_domain: orNull(fc.domain()),
    sipcallerip: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(167772161, 3232235777, 2130706433), fc.integer({ min: 0, max: 0xffffffff }).map(String), fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Buffer.from(b)), ipv6Cell, fc.constant(null)),
    sipcalledip: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(167772161, 3232235521), fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Buffer.from(b)), fc.constant(null)),
    lastSIPresponseNum: orNull(fc.oneof(fc.integer({ min: 100, max: 699 }), fc.constantFrom(200, 486, 487, 408, 480, 600, 503))),
    lastSIPresponse: orNull(fc.constantFrom('200 OK', '486 Busy Here', '487 Request Terminated', '')),
    whohanged: orNull(fc.constantFrom('caller', 'callee')),
    a_payload: orNull(fc.oneof(fc.integer({ min: -1, max: 400 }), fc.constantFrom(0, 8, 18, 9, 101))),
    b_payload: orNull(fc.oneof(fc.integer({ min: -1, max: 400 }), fc.constantFrom(0, 8, 18, 9))),
    a_mos_adapt_mult10: smallInt(60),
    b_mos_adapt_mult10: smallInt(60),
    mos_min_mult10: smallInt(60),
    a_avgjitter_mult10: smallInt(65_535),
    b_avgjitter_mult10: smallInt(65_535),
    a_packet_loss_perc_mult1000: smallInt(100_000),
    b_packet_loss_perc_mult1000: smallInt(100_000),
    id_sensor: smallInt(65_535),
    fbasename: orNull(fc.string({ minLength: 1, maxLength: 40 })),
  };
  return fc.tuple(...SELECT_COLUMNS.map((c) => cells[c.replace(/^[a-z]+\./, '')]!));
}

const sequence = fc.constantFrom(...ZONES).chain((zone) => fc.tuple(fc.constant(zone), fc.array(row(zone), { minLength: 1, maxLength: 60 }), fc.boolean()));

describe('row mapping: the rewritten mapper equals the previous one', () => {
  it('on random rows, NULLs and malformed times, across DST changes in several zones, in any order', () => {
    fc.assert(
      fc.property(sequence, ([zone, rows, sorted]) => {
        const at = SELECT_COLUMNS.indexOf('c.calldate');
        if (sorted) rows.sort((a, b) => String(a[at]).localeCompare(String(b[at])));
        const now = new SensorClock(zone);
        const before = new SensorClockV1(zone);
        for (const r of rows) expect(rowToRecord(r, 'vm', now)).toStrictEqual(shortIpv6(rowToRecordV1(r, 'vm', before)));
      }),
      { numRuns: 400 },
    );
  });

  it('on a day of calls in calldate order through one clock, as a search maps them', () => {
    for (const zone of ZONES) {
      const now = new SensorClock(zone);
      const before = new SensorClockV1(zone);
      for (const day of DAYS[zone]!) {
        for (let s = 0; s < 86_400; s += 97) {
          const t = `${day} ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
          const end = `${day} ${pad(Math.floor((s + 61) / 3600) % 24)}:${pad(Math.floor((s + 61) / 60) % 60)}:${pad((s + 61) % 60)}`;
          const r: Cell[] = SELECT_COLUMNS.map(() => null);
          r[SELECT_COLUMNS.indexOf('c.ID')] = String(s + 1);
          r[SELECT_COLUMNS.indexOf('c.calldate')] = t;
          r[SELECT_COLUMNS.indexOf('c.callend')] = end;
          r[SELECT_COLUMNS.indexOf('c.duration')] = 61;
          r[SELECT_COLUMNS.indexOf('c.connect_duration')] = s % 3 ? 50 : null;
          r[SELECT_COLUMNS.indexOf('c.sipcallerip')] = 167772160 + (s % 5000);
          r[SELECT_COLUMNS.indexOf('c.a_mos_adapt_mult10')] = s % 46;
          const got = rowToRecord(r, 'vm', now);
          expect(got).toStrictEqual(rowToRecordV1(r, 'vm', before));
        }
      }
    }
  });
});
