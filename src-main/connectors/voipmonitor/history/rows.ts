/**
 * One `cdr` row (as an array, in SELECT_COLUMNS order) → the shared CdrRecord. Units as the sniffer
 * stores them: MOS and jitter x10, loss percent x1000, IPv4 as INT UNSIGNED, times naive sensor-local.
 */
import type { CdrRecord } from '../../../domain/cdr';
import { codecName, mos } from '../values';
import type { SensorClock } from './clock';
import { BUSY_CODES, COL, NO_ANSWER_CODES } from './query';

type Cell = string | number | null | Buffer;

function n(v: Cell | undefined): number | null {
  if (v === null || v === undefined) return null;
  const x = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(x) ? x : null;
}

function str(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
}

export function ipv4(v: Cell | undefined): string | null {
  const x = n(v);
  if (x === null || x <= 0 || x > 0xffffffff) return null;
  return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
}

const div = (v: number | null, by: number) => (v === null ? null : Math.round((v / by) * 1000) / 1000);

export function dispositionOf(connect: number | null, code: number | null): string {
  if (connect !== null) return 'ANSWERED';
  if (code !== null && BUSY_CODES.includes(code)) return 'BUSY';
  if (code !== null && NO_ANSWER_CODES.includes(code)) return 'NO ANSWER';
  return 'FAILED';
}

function codecOf(a: number | null, b: number | null): string | null {
  const an = a === null || a < 0 ? null : codecName(a);
  const bn = b === null || b < 0 ? null : codecName(b);
  if (an && bn && an !== bn) return `${an}/${bn}`;
  return an ?? bn;
}

export function rowToRecord(row: Cell[], profileId: string, clock: SensorClock): CdrRecord {
  const start = clock.parse(str(row[COL['calldate']!]));
  const end = clock.parse(str(row[COL['callend']!]));
  const duration = n(row[COL['duration']!]) ?? 0;
  const connect = n(row[COL['connect_duration']!]);
  const code = n(row[COL['lastSIPresponseNum']!]);
  const startIso = start?.iso ?? '';
  let answer: string | null = null;
  if (start && connect !== null && end) {
    // Answer = end - connect_duration (whole seconds on the sensor clock).
    answer = clock.isoAt(end.ms - connect * 1000);
  }
  const callerName = str(row[COL['callername']!]);
  return {
    id: str(row[COL['ID']!]) ?? '',
    profileId,
    source: 'voipmonitor',
    callId: str(row[COL['fbasename']!]),
    start: startIso,
    answer,
    end: end?.iso ?? null,
    durationSec: duration,
    billsec: connect ?? 0,
    caller: str(row[COL['caller']!]) ?? '',
    callerName: callerName ? callerName : null,
    callee: str(row[COL['called']!]) ?? '',
    disposition: dispositionOf(connect, code),
    legs: [],
    recordFiles: [],
    extra: {
      callerDomain: str(row[COL['caller_domain']!]),
      calledDomain: str(row[COL['called_domain']!]),
      hungUpBy: str(row[COL['whohanged']!]),
    },
    quality: {
      mosCaller: mos(n(row[COL['a_mos_adapt_mult10']!])),
      mosCalled: mos(n(row[COL['b_mos_adapt_mult10']!])),
      mosMin: mos(n(row[COL['mos_min_mult10']!])),
      jitterCaller: div(n(row[COL['a_avgjitter_mult10']!]), 10),
      jitterCalled: div(n(row[COL['b_avgjitter_mult10']!]), 10),
      lossCaller: div(n(row[COL['a_packet_loss_perc_mult1000']!]), 1000),
      lossCalled: div(n(row[COL['b_packet_loss_perc_mult1000']!]), 1000),
      codec: codecOf(n(row[COL['a_payload']!]), n(row[COL['b_payload']!])),
      lastSipCode: code,
      lastSipResponse: str(row[COL['lastSIPresponse']!]) ?? (code !== null ? String(code) : null),
      sensorId: n(row[COL['id_sensor']!]),
      callerIp: ipv4(row[COL['sipcallerip']!]),
      calledIp: ipv4(row[COL['sipcalledip']!]),
      connectDurationSec: connect,
    },
  };
}
