/**
 * The `sip_packets` part of `active_call_info` as a SIP ladder (docs/VOIPMONITOR.md, "active_call_info").
 *
 * With `active_call_info = yes` the sniffer (2026.04.0, calltable.cpp sSipPacketInfo::getJson) sends one
 * object per SIP packet of the call's main branch, in capture order:
 *   {"time":<unix µs>,"src_ip":"127.0.0.2","src_port":"5060","dst_ip":"127.0.0.3","dst_port":"5060",
 *    "sip":"INVITE sip:5093@127.0.0.3 SIP/2.0","sip_len":599,"packet_len":641,"cseq_m":1,"cseq_n":1}
 * `sip` is the packet's first line, `cseq_m` the sniffer's method number (calltable.h: 1 INVITE, 2 BYE,
 * 3 CANCEL, 10 ACK, …; a response carries its request's). Without the option it sends the text
 * "active call info is disabled (option active_call_info)" instead of the array.
 *
 * Every entry is untrusted (the first line is whatever a device on the network sent): times, addresses
 * and ports are checked, lines are bounded and stripped of control and bidirectional-override
 * characters, and the ladder keeps at most MAX_MESSAGES entries.
 */
import { isIP } from 'node:net';
import type { SipLadder, SipMessage } from '../../domain/sip-ladder';
import type { IsoFormatter } from './values';
// The renderer finds a message's lane by this same name (src-shared/sip-ladder-text.ts).
import { partyOf } from '../../../src-shared/sip-ladder-text';

/** Entries read from the reply (the sniffer closes a call past max_sip_packets_in_call: 20,000 in its code, 2,000 in its sample config). */
export const MAX_INPUT = 5000;
/** Messages shown in one ladder, after folding duplicate captures. */
export const MAX_MESSAGES = 500;
/** Characters of a first line kept (a request line with a long URI still reads whole). */
export const MAX_LINE = 300;
/** Ladder lanes; messages between further parties still show, in words. */
export const MAX_PARTIES = 12;
/** The same packet seen on two capture interfaces arrives microseconds apart; a retransmission takes ≥ 500 ms (RFC 3261 T1). */
const DUPLICATE_WINDOW_US = 2000;

export const SIP_OFF_NOTE = 'The sensor does not keep SIP messages for live calls (its option active_call_info is off).';

/** The sniffer's method numbers (calltable.h #defines). */
const METHODS: Record<number, string> = {
  1: 'INVITE', 2: 'BYE', 3: 'CANCEL', 4: 'REGISTER', 5: 'MESSAGE', 6: 'INFO', 7: 'SUBSCRIBE', 8: 'OPTIONS', 9: 'NOTIFY', 10: 'ACK', 11: 'PRACK', 12: 'PUBLISH', 13: 'REFER', 14: 'UPDATE',
};

// C0/C1 controls, DEL, and the bidirectional overrides/isolates that could make a line read as something else.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function safeLine(s: string): string {
  const clean = s.replace(UNSAFE, '\ufffd').trim();
  return clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE - 1)}…` : clean;
}

function address(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 45) return null;
  return isIP(v) ? v : null;
}

function port(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : null;
}

/** Unix µs between 2000 and 2100; anything else is not a capture time. */
function captureUs(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return null;
  return v >= 946_684_800_000_000 && v < 4_102_444_800_000_000 ? v : null;
}

interface Raw {
  us: number;
  src: string;
  srcPort: number | null;
  dst: string;
  dstPort: number | null;
  line: string;
  kind: SipMessage['kind'];
  method: string | null;
  status: number | null;
  cseq: string | null;
  sipBytes: number | null;
  copies: number;
}

function entry(x: unknown): Raw | null {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return null;
  const o = x as Record<string, unknown>;
  const us = captureUs(o['time']);
  const src = address(o['src_ip']);
  const dst = address(o['dst_ip']);
  if (us === null || src === null || dst === null || typeof o['sip'] !== 'string') return null;
  const line = safeLine(o['sip'].slice(0, 4 * MAX_LINE));
  if (!line) return null;
  const resp = /^SIP\/2\.0 ([1-6]\d\d)(?: |$)/.exec(line);
  const req = resp ? null : /^([A-Z][A-Z-]{1,19}) \S+ SIP\/2\.0$/.exec(line);
  const m = typeof o['cseq_m'] === 'number' ? METHODS[o['cseq_m']] ?? null : null;
  const method = req ? (req[1] as string) : m;
  const n = o['cseq_n'];
  const cseqN = typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : null;
  const sipLen = o['sip_len'];
  return {
    us, src, srcPort: port(o['src_port']), dst, dstPort: port(o['dst_port']), line,
    kind: resp ? 'response' : req ? 'request' : 'other',
    method,
    status: resp ? Number(resp[1]) : null,
    cseq: cseqN !== null && method ? `${cseqN} ${m ?? method}` : null,
    sipBytes: typeof sipLen === 'number' && Number.isInteger(sipLen) && sipLen >= 0 && sipLen <= 1_000_000 ? sipLen : null,
    copies: 1,
  };
}

const sameMessage = (a: Raw, b: Raw) =>
  a.src === b.src && a.srcPort === b.srcPort && a.dst === b.dst && a.dstPort === b.dstPort && a.line === b.line && a.cseq === b.cseq && a.sipBytes === b.sipBytes && Math.abs(a.us - b.us) <= DUPLICATE_WINDOW_US;

/** "2026-12-01T13:17:57+01:00" + µs → "2026-12-01T13:17:57.158+01:00". */
function isoMs(formatter: IsoFormatter, us: number): string | null {
  const s = formatter.fromUnix(Math.floor(us / 1e6));
  if (!s) return null;
  const ms = String(Math.floor((us % 1e6) / 1000)).padStart(3, '0');
  return `${s.slice(0, 19)}.${ms}${s.slice(19)}`;
}

function empty(state: SipLadder['state'], note: string): SipLadder {
  return { state, note, messages: [], parties: [], omitted: 0, rejected: 0 };
}

/**
 * `value` is the reply's `sip_packets`; `callerIp` (the call's `callerip`) tells which side is the caller.
 */
export function parseSipLadder(value: unknown, formatter: IsoFormatter, callerIp: string | null = null): SipLadder {
  if (value === undefined) return empty('unavailable', 'The sensor\'s reply carries no SIP messages for this call (an older sniffer may not send them).');
  if (typeof value === 'string') {
    if (/disabled/i.test(value) && /active_call_info/.test(value)) return empty('disabled', SIP_OFF_NOTE);
    return empty('unavailable', `The sensor sent no SIP messages for this call: "${safeLine(value.slice(0, 160))}".`);
  }
  if (!Array.isArray(value)) return empty('unavailable', 'The sensor sent the SIP messages of this call in a form Callboard does not read.');

  const input = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  let omitted = value.length - input.length;
  let rejected = 0;
  const raw: Raw[] = [];
  for (const x of input) {
    const e = entry(x);
    if (e) raw.push(e);
    else rejected++;
  }
  // Capture order from two interfaces can interleave by a few µs: sort by time, stably.
  raw.sort((a, b) => a.us - b.us);
  const folded: Raw[] = [];
  for (const e of raw) {
    let dup: Raw | undefined;
    for (let i = folded.length - 1; i >= 0 && i >= folded.length - 8; i--) {
      const f = folded[i] as Raw;
      if (sameMessage(f, e)) {
        dup = f;
        break;
      }
    }
    if (dup) dup.copies++;
    else folded.push(e);
  }
  if (folded.length > MAX_MESSAGES) {
    omitted += folded.length - MAX_MESSAGES;
    folded.length = MAX_MESSAGES;
  }
  const first = folded[0];
  const callerMsg = (callerIp && folded.find((m) => m.src === callerIp)) || first;
  const caller = callerMsg ? partyOf(callerMsg.src, callerMsg.srcPort) : null;
  const parties: string[] = [];
  const lane = (p: string) => {
    if (!parties.includes(p) && parties.length < MAX_PARTIES) parties.push(p);
  };
  if (caller) lane(caller);
  const messages: SipMessage[] = [];
  for (const m of folded) {
    const time = isoMs(formatter, m.us);
    if (!time) {
      rejected++;
      continue;
    }
    const from = partyOf(m.src, m.srcPort);
    const to = partyOf(m.dst, m.dstPort);
    lane(from);
    lane(to);
    messages.push({
      time, offsetUs: m.us - (first as Raw).us, src: m.src, srcPort: m.srcPort, dst: m.dst, dstPort: m.dstPort, firstLine: m.line,
      kind: m.kind, method: m.method, status: m.status, cseq: m.cseq,
      direction: from === caller ? 'from-caller' : to === caller ? 'from-called' : 'other',
      sipBytes: m.sipBytes, copies: m.copies,
    });
  }
  const notes: string[] = [];
  if (omitted) notes.push(`Only the first ${MAX_MESSAGES.toLocaleString('en')} messages are shown; ${omitted.toLocaleString('en')} more are not.`);
  if (rejected) notes.push(`${rejected.toLocaleString('en')} ${rejected === 1 ? 'entry' : 'entries'} from the sensor had no valid time, address or first line and ${rejected === 1 ? 'is' : 'are'} left out.`);
  return { state: 'available', note: notes.length ? notes.join(' ') : null, messages, parties, omitted, rejected };
}
