/**
 * Renders simulated state in the sniffer's JSON dialect (docs/VOIPMONITOR.md, Wire protocol: listcalls): positional rows,
 * IPv4 as host-order integers, floats with 6 decimals, "/" escaped, summary row only when parameters
 * were given, the bare object for limit:0.
 */
import { FLOAT_COLUMNS, LISTCALLS_COLUMNS, REGISTER_COLUMNS } from './columns';
import type { Scenario, SimCall } from './scenario';

type Cell = string | number | boolean | null;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The sniffer prints local time; the simulated sensor runs in UTC unless told otherwise. */
export function sensorTime(unix: number, offsetMin = 0): string {
  const d = new Date((unix + offsetMin * 60) * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function encodeString(s: string): string {
  return JSON.stringify(s).replace(/\//g, '\\/');
}

export function encodeRow(row: Cell[], floats?: Set<number>): string {
  let out = '[';
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (i) out += ',';
    if (v === null || v === undefined) out += 'null';
    else if (typeof v === 'string') out += encodeString(v);
    else if (typeof v === 'boolean') out += v ? 'true' : 'false';
    else if (floats?.has(i)) out += Number.isFinite(v) ? v.toFixed(6) : 'null';
    else out += String(Math.trunc(v));
  }
  return out + ']';
}

export function callRow(c: SimCall, now: number, offsetMin = 0): Cell[] {
  const age = Math.max(0, now - c.start);
  const answered = c.failCode === null && age >= c.ringSec;
  const talk = answered ? age - c.ringSec : 0;
  const lastSip = c.failCode !== null ? (age >= c.ringSec ? c.failCode : 180) : answered ? 200 : age >= 1 ? 180 : 100;
  const degraded = answered && c.degradeAfter >= 0 && talk >= c.degradeAfter;
  const pkts = answered ? talk * 50 : 0;
  const lossPct = degraded ? 4 + ((c.start % 7) * 0.9) : 0.0;
  const lostAbs = Math.round((pkts * lossPct) / 100);
  // As the real sniffer (2026.04.0): a direction without RTP reports MOS 45 with null average and
  // minimum; with RTP but before its first 10 s interval is scored, 45 / 0 / 45; then real values.
  const scored = answered && talk >= 10;
  const mosNow = degraded ? 31 + (c.start % 5) : 41 + (c.start % 3);
  const noRtp = [45, null, null, 45, null, null, 45, null, null];
  const unscored = [45, 0, 45, 45, 0, 45, 45, 0, 45];
  const mos9 = !answered ? noRtp : !scored ? unscored : [mosNow, degraded ? 36 : mosNow, degraded ? 30 : mosNow, Math.min(45, mosNow + 1), degraded ? 36 : mosNow, degraded ? 30 : mosNow, mosNow, degraded ? 36 : mosNow, degraded ? 30 : mosNow];
  const dstMos9 = !answered ? noRtp : !scored ? unscored : [43, 43, 42, 43, 43, 42, 42, 42, 41];
  const jit = answered ? c.jitterBase * (degraded ? 12 : 1) : null;
  const intl = c.caller.startsWith('+');
  return [
    c.ref, c.callId, sensorTime(c.start, offsetMin), c.start, now, age, talk, c.caller, c.called,
    null, null, intl, false, c.callerName ? `${c.callerName} ${c.caller}` : null, 'sip.example.invalid',
    'sip.example.invalid', 'sim-ua/1.0', answered ? 'sim-pbx/2.0' : null, c.callerIp, c.calledIp, null, null,
    0, 0, 255, 255, null, lastSip,
    // Without RTP the real sniffer reports callercodec -1 and an uninitialised calledcodec (often 0).
    answered ? c.callerIp : null, answered ? c.calledIp : null, null, null, answered ? c.codec : -1, answered ? c.codec : 0,
    ...mos9, ...dstMos9,
    jit, jit, jit === null ? null : jit * 1.5, jit === null ? null : 0.3, jit === null ? null : 0.3, jit === null ? null : 0.9,
    answered ? pkts : null, answered ? pkts : null, answered ? lostAbs : null, answered ? 0 : null,
    answered ? lossPct : null, answered ? 0 : null, answered ? lossPct : null, answered ? 0 : null,
    -1, 65534,
  ];
}

// ---------------------------------------------------------------------------------------------
// listcalls parameters and filters (a faithful subset of filter_call.cpp)

function numberPattern(p: string): RegExp {
  const esc = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${esc}$`);
}

function ipText(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

type FilterObj = Record<string, unknown>;

function matches(c: SimCall, row: Cell[], f: FilterObj): boolean {
  const s = (k: string): string | null => (typeof f[k] === 'string' && f[k] !== '' ? (f[k] as string) : typeof f[k] === 'number' ? String(f[k]) : null);
  const conds: boolean[] = [];
  const caller = s('caller');
  const called = s('called');
  if (caller) {
    const re = numberPattern(caller);
    conds.push(s('callerd_type') === '0' ? re.test(c.caller) || re.test(c.called) : re.test(c.caller));
  }
  if (called) conds.push(numberPattern(called).test(c.called));
  const callid = s('callid');
  if (callid) conds.push(c.callId === callid);
  const sip1 = s('sipcallerip');
  if (sip1) conds.push(ipText(c.callerIp) === sip1 || (s('sipcallerdip_type') === '0' && ipText(c.calledIp) === sip1));
  const sip2 = s('sipcalledip');
  if (sip2) conds.push(ipText(c.calledIp) === sip2);
  const codec = s('codec');
  if (codec) conds.push(row[32] === Number(codec));
  if (s('connected') === '1') conds.push((row[6] as number) > 0);
  if (!conds.length) return true;
  return s('OR') === '1' ? conds.some(Boolean) : conds.every(Boolean);
}

export function parseParams(rest: string): Record<string, unknown> | null {
  const t = rest.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const valueStr = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

export function renderListcalls(sc: Scenario, rest: string, offsetMin = 0): string {
  const hasParams = rest.trim().length > 0;
  const p = parseParams(rest) ?? {};
  const filters: FilterObj[] = [];
  for (const key of ['filter', 'form_filters']) {
    const f = p[key];
    if (Array.isArray(f)) for (const x of f) { if (x && typeof x === 'object') filters.push(x as FilterObj); }
    else if (f && typeof f === 'object') filters.push(f as FilterObj);
  }
  const rows: Array<{ c: SimCall; row: Cell[] }> = [];
  for (const c of sc.calls.values()) {
    const row = callRow(c, sc.now, offsetMin);
    if (filters.every((f) => matches(c, row, f))) rows.push({ c, row });
  }
  const sortField = (valueStr(p['sort_field']) ?? 'calldate_num').toLowerCase();
  let idx = LISTCALLS_COLUMNS.findIndex((n) => n.toLowerCase() === sortField);
  if (idx < 0) idx = 3;
  const desc = (valueStr(p['sort_dir']) ?? 'desc').toLowerCase().startsWith('desc');
  rows.sort((a, b) => {
    const x = a.row[idx] ?? null;
    const y = b.row[idx] ?? null;
    const cmp = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return desc ? -cmp : cmp;
  });
  const total = rows.length;
  const limitRaw = valueStr(p['limit']);
  const limit = limitRaw !== null && /^-?\d+$/.test(limitRaw) ? Number(limitRaw) : -1;
  const summary: Record<string, unknown> = { total, is_receiver: 0, is_server: 0, id_sensor: -1 };
  if (valueStr(p['sensor_map'])?.toLowerCase() === 'yes') summary['sensors'] = { '-1': total };
  if (limit === 0) return JSON.stringify(summary);
  const shown = limit > 0 ? rows.slice(0, limit) : rows;
  const parts: string[] = [JSON.stringify(LISTCALLS_COLUMNS)];
  if (hasParams) parts.push(`[${JSON.stringify(summary)}]`);
  for (const r of shown) parts.push(encodeRow(r.row, FLOAT_COLUMNS));
  return `[${parts.join(',')}]`;
}

const REASONS: Record<number, string> = { 100: 'Trying', 180: 'Ringing', 200: 'OK', 404: 'Not Found', 480: 'Temporarily Unavailable', 486: 'Busy Here', 487: 'Request Terminated', 503: 'Service Unavailable', 603: 'Decline' };

/**
 * The call's SIP packets as the real sniffer 2026.04.0 sends them with `active_call_info = yes`
 * (calltable.cpp sSipPacketInfo::getJson): capture order, unix µs, ports as strings, the first line,
 * the sniffer's CSeq method number (1 INVITE, 10 ACK). One capture interface: each packet once.
 */
export function sipPackets(c: SimCall, now: number): Array<Record<string, string | number>> {
  const age = Math.max(0, now - c.start);
  const a = ipText(c.callerIp);
  const b = ipText(c.calledIp);
  const uri = `sip:${c.called}@${b}`;
  const out: Array<Record<string, string | number>> = [];
  const add = (atSec: number, fromCaller: boolean, line: string, len: number, cseqM: number) =>
    out.push({ time: Math.round((c.start + atSec) * 1e6) + 158_434, src_ip: fromCaller ? a : b, src_port: '5060', dst_ip: fromCaller ? b : a, dst_port: '5060', sip: line, sip_len: len, packet_len: len + 42, cseq_m: cseqM, cseq_n: 1 });
  // Only what has happened by the scenario clock: the same moments callRow's lastSIPresponseNum follows.
  const at = (t: number, fromCaller: boolean, line: string, len: number, cseqM: number) => {
    if (Math.floor(t) <= age) add(t, fromCaller, line, len, cseqM);
  };
  at(0, true, `INVITE ${uri} SIP/2.0`, 563, 1);
  at(0.0055, false, 'SIP/2.0 100 Trying', 220, 1);
  const t180 = c.failCode !== null ? 0.011 : Math.min(1, c.ringSec);
  if (t180 < c.ringSec || c.failCode !== null) at(t180, false, 'SIP/2.0 180 Ringing', 270, 1);
  const code = c.failCode ?? 200;
  at(c.ringSec, false, `SIP/2.0 ${code} ${REASONS[code] ?? 'Failed'}`, code === 200 ? 542 : 236, 1);
  at(c.ringSec + 0.0056, true, code === 200 ? `ACK ${uri}:5060 SIP/2.0` : `ACK ${uri} SIP/2.0`, 292, 10);
  return out;
}

export function activeCallInfo(sc: Scenario, ref: string, offsetMin = 0, keepSip = false): string {
  const c = sc.calls.get(ref.toLowerCase());
  if (!c) return 'call not found';
  const row = callRow(c, sc.now, offsetMin);
  const call: Record<string, Cell> = {};
  LISTCALLS_COLUMNS.forEach((n, i) => (call[n] = row[i] ?? null));
  const answered = row[6] !== 0;
  // The real sniffer prints stream addresses and ports as strings and times in unix microseconds.
  const t0 = (c.start + c.ringSec) * 1e6 + 937_171;
  const t1 = sc.now * 1e6 + 536_614;
  const streams = answered
    ? [
        { src_ip: ipText(c.callerIp), src_port: '40000', dst_ip: ipText(c.calledIp), dst_port: '50000', time: t0, time_last: t1, ssrc: (c.start * 7) >>> 0, codec: c.codec, received: row[58], lost: row[60], jitter_avg: row[53], jitter_max: row[54] },
        { src_ip: ipText(c.calledIp), src_port: '50000', dst_ip: ipText(c.callerIp), dst_port: '40000', time: t0 + 18, time_last: t1, ssrc: (c.start * 13) >>> 0, codec: c.codec, received: row[59], lost: row[61], jitter_avg: row[56], jitter_max: row[57] },
      ]
    : [];
  const sip = keepSip ? sipPackets(c, sc.now) : 'active call info is disabled (option active_call_info)';
  // The sniffer escapes "/" in every string (tools_global.cpp json_string_escape); "/" appears nowhere else.
  return JSON.stringify({ call, sip_packets: sip, rtp_streams: streams }).replace(/\//g, '\\/');
}

// ---------------------------------------------------------------------------------------------
// registrations

export interface SimRegistration {
  user: string;
  ip: number;
  port: number;
  state: number;
  expires: number;
  at: number;
  ua: string;
}

export function seedRegistrations(count: number, seed: number, now: number): SimRegistration[] {
  const out: SimRegistration[] = [];
  let a = seed >>> 0;
  for (let i = 0; i < count; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    out.push({ user: String(1000 + i), ip: 0x0a000000 + 1 + (a % 250), port: 5060 + (a % 20), state: a % 13 === 0 ? 2 : a % 17 === 0 ? 5 : 1, expires: 3600, at: now - (a % 3000), ua: `sim-phone/${1 + (a % 3)}.0` });
  }
  return out;
}

export function renderRegisters(regs: SimRegistration[], rest: string, offsetMin = 0): string {
  const p = parseParams(rest) ?? {};
  const states = valueStr(p['states']);
  const names = ['', 'OK', 'Failed', 'UnknownMessageOK', 'ManyRegMessages', 'Expired', 'Unregister'];
  const f = p['filter'] && typeof p['filter'] === 'object' ? (p['filter'] as Record<string, unknown>) : {};
  const fromNum = valueStr(f['from_num']);
  let list = regs.filter((r) => (!states || states.split(',').map((s) => s.trim().toLowerCase()).includes((names[r.state] ?? '').toLowerCase())) && (!fromNum || numberPattern(fromNum).test(r.user)));
  const limit = Number(valueStr(p['limit']) ?? 0);
  if (limit > 0) list = list.slice(0, limit);
  const header = JSON.stringify(REGISTER_COLUMNS);
  if (!list.length) return `[${header}]`;
  const rows = list.map((r, i) =>
    encodeRow(
      [i + 1, -1, 0, sensorTime(r.at, offsetMin), r.ip, 0x0a0000fe, null, null, null, null, r.port, 5060, r.user, null, 'sip.example.invalid', r.user,
        'sip.example.invalid', r.user, ipText(r.ip), r.user, 'sip.example.invalid', r.expires, sensorTime(r.at + r.expires, offsetMin), r.state, r.ua,
        40.5 + (i % 20), 0, false, null, null, null, null, null],
      new Set([25]),
    ),
  );
  return `[${header}, [{"total": ${list.length}}],${rows.join(',')}]`;
}
