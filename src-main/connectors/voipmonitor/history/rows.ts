/**
 * One `cdr` row (as an array, in SELECT_COLUMNS order) → the shared CdrRecord. Units as the sniffer
 * stores them: MOS and jitter x10, loss percent x1000, IPv4 as INT UNSIGNED (or VARBINARY with
 * `ipv6 = yes`), times naive sensor-local.
 */
import type { CdrRecord } from '../../../domain/cdr';
import { SocketAddress } from 'node:net';
import { codecName, ip, mos } from '../values';
import type { SensorClock } from './clock';
import { BUSY_CODES, COL, NO_ANSWER_CODES } from './query';

type Cell = string | number | null | Buffer;

// Column positions and helpers bound once: this runs 100,000 times per search, and module bindings
// can be getters under some loaders.
const mosOf = mos;
const ipOf = ip;
const nameOf = codecName;
const at = (name: string): number => {
  const i = COL[name];
  if (i === undefined) throw new Error(`no column ${name}`);
  return i;
};
const I = {
  ID: at('ID'), calldate: at('calldate'), callend: at('callend'), duration: at('duration'), connect: at('connect_duration'),
  caller: at('caller'), callername: at('callername'), called: at('called'), callerDomain: at('caller_domain'), calledDomain: at('called_domain'),
  callerIp: at('sipcallerip'), calledIp: at('sipcalledip'), code: at('lastSIPresponseNum'), response: at('lastSIPresponse'), whohanged: at('whohanged'),
  aPayload: at('a_payload'), bPayload: at('b_payload'), aMos: at('a_mos_adapt_mult10'), bMos: at('b_mos_adapt_mult10'), mosMin: at('mos_min_mult10'),
  aJitter: at('a_avgjitter_mult10'), bJitter: at('b_avgjitter_mult10'), aLoss: at('a_packet_loss_perc_mult1000'), bLoss: at('b_packet_loss_perc_mult1000'),
  sensor: at('id_sensor'), callId: at('fbasename'),
} as const;
const BUSY = new Set(BUSY_CODES);
// Sensor records have no PBX legs or recordings; one shared empty array each instead of 200,000 (never mutated).
const NO_LEGS: CdrRecord['legs'] = [];
const NO_FILES: string[] = [];
const NO_ANSWER = new Set(NO_ANSWER_CODES);

function n(v: Cell | undefined): number | null {
  if (v === null || v === undefined) return null;
  const x = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(x) ? x : null;
}

function str(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
}

// A sensor's IPv6 peers repeat row after row: each is formatted once (bounded, like values.ts' ip()).
const v6Memo = new Map<string, string>();

/**
 * 16 bytes → RFC 5952 text (lower case, the longest run of zero groups as "::", IPv4-mapped as
 * ::ffff:a.b.c.d), by Node's own formatter (libuv's inet_ntop), as the live view and the sensor's
 * INET6_NTOA show it; every 16 bytes are an address, so this cannot throw.
 */
function ipv6(v: Buffer): string {
  const hex = v.toString('hex');
  let s = v6Memo.get(hex);
  if (s === undefined) {
    s = new SocketAddress({ address: hex.replace(/(.{4})(?!$)/g, '$1:'), family: 'ipv6' }).address;
    if (v6Memo.size > 100_000) v6Memo.clear();
    v6Memo.set(hex, s);
  }
  return s;
}

/**
 * An address column as text: INT UNSIGNED IPv4 (a number, or its digits as text) through values.ts'
 * ip() and its cache, or the VARBINARY of `ipv6 = yes` sensors (4 bytes for an IPv4 peer, 16 for IPv6).
 */
export function ipText(v: Cell | undefined): string | null {
  if (Buffer.isBuffer(v)) {
    if (v.length === 4) return `${v[0]}.${v[1]}.${v[2]}.${v[3]}`;
    if (v.length === 16) return ipv6(v);
    return null;
  }
  const x = typeof v === 'number' ? v : n(v);
  return x === null ? null : ipOf(x);
}

/**
 * MOS x10 → MOS for the whole-number values the sniffer stores (10..45), as ready numbers: a table
 * read stores no new number object per field. Anything else goes through values.ts' rule.
 */
const MOS_BY_X10: Array<number | null> = Array.from({ length: 46 }, (_, i) => mosOf(i));
function mosX10(v: number | null): number | null {
  return v !== null && v >= 0 && v <= 45 && Number.isInteger(v) ? MOS_BY_X10[v]! : mosOf(v);
}

const div = (v: number | null, by: number) => (v === null ? null : Math.round((v / by) * 1000) / 1000);

export function dispositionOf(connect: number | null, code: number | null): string {
  if (connect !== null) return 'ANSWERED';
  if (code !== null && BUSY.has(code)) return 'BUSY';
  if (code !== null && NO_ANSWER.has(code)) return 'NO ANSWER';
  return 'FAILED';
}

// The codec names of the usual payload numbers, looked up without the generic coercion per row.
const CODEC_BY_PAYLOAD: Array<string | null> = Array.from({ length: 128 }, (_, i) => nameOf(i));
const codecNameOf = (v: number): string | null => (v < 128 && Number.isInteger(v) ? CODEC_BY_PAYLOAD[v]! : nameOf(v));

function codecOf(a: number | null, b: number | null): string | null {
  const an = a === null || a < 0 ? null : codecNameOf(a);
  const bn = b === null || b < 0 ? null : codecNameOf(b);
  if (an && bn && an !== bn) return `${an}/${bn}`;
  return an ?? bn;
}

export function rowToRecord(row: Cell[], profileId: string, clock: SensorClock): CdrRecord {
  const startIso = clock.iso(str(row[I.calldate])) ?? '';
  const endIso = clock.iso(str(row[I.callend]));
  const endMs = clock.ms;
  const duration = n(row[I.duration]) ?? 0;
  const connect = n(row[I.connect]);
  const code = n(row[I.code]);
  let answer: string | null = null;
  if (startIso && connect !== null && endIso !== null) {
    // Answer = end - connect_duration (whole seconds on the sensor clock).
    answer = clock.isoAt(endMs - connect * 1000);
  }
  const callerName = str(row[I.callername]);
  return {
    id: str(row[I.ID]) ?? '',
    profileId,
    source: 'voipmonitor',
    callId: str(row[I.callId]),
    start: startIso,
    answer,
    end: endIso,
    durationSec: duration,
    billsec: connect ?? 0,
    caller: str(row[I.caller]) ?? '',
    callerName: callerName ? callerName : null,
    callee: str(row[I.called]) ?? '',
    disposition: dispositionOf(connect, code),
    legs: NO_LEGS,
    recordFiles: NO_FILES,
    extra: {
      callerDomain: str(row[I.callerDomain]),
      calledDomain: str(row[I.calledDomain]),
      hungUpBy: str(row[I.whohanged]),
    },
    quality: {
      mosCaller: mosX10(n(row[I.aMos])),
      mosCalled: mosX10(n(row[I.bMos])),
      mosMin: mosX10(n(row[I.mosMin])),
      jitterCaller: div(n(row[I.aJitter]), 10),
      jitterCalled: div(n(row[I.bJitter]), 10),
      lossCaller: div(n(row[I.aLoss]), 1000),
      lossCalled: div(n(row[I.bLoss]), 1000),
      codec: codecOf(n(row[I.aPayload]), n(row[I.bPayload])),
      lastSipCode: code,
      lastSipResponse: str(row[I.response]) ?? (code !== null ? String(code) : null),
      sensorId: n(row[I.sensor]),
      callerIp: ipText(row[I.callerIp]),
      calledIp: ipText(row[I.calledIp]),
      connectDurationSec: connect,
    },
  };
}
