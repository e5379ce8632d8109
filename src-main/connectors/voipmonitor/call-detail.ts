/**
 * `active_call_info` (docs/VOIPMONITOR.md, "active_call_info"): one live call with all its columns, its
 * RTP streams and, when the sensor keeps them, its SIP messages (sip-ladder.ts).
 */
import { CallboardError } from '../../core/errors';
import { codecName, int, ip, IsoFormatter, num, str } from './values';
import { parseSipLadder } from './sip-ladder';

export { rtpStreamSchema, callDetailSchema, type RtpStream, type CallDetail } from '../../domain/voipmonitor';
import type { RtpStream, CallDetail } from '../../domain/voipmonitor';

const IP_FIELDS = new Set(['callerip', 'calledip', 'callerip_encaps', 'calledip_encaps', 'rtp_src', 'rtp_dst']);

/**
 * Stream times are unix MICROseconds in the real sniffer ("time":1796121389937171, verified on
 * 2026.04.0); seconds and milliseconds are accepted too, told apart by magnitude.
 */
function unixSeconds(n: number): number {
  if (n > 1e14) return n / 1e6;
  if (n > 1e11) return n / 1e3;
  return n;
}

export function parseCallDetail(sensor: string, key: string, body: Buffer, formatter: IsoFormatter = new IsoFormatter(undefined)): CallDetail {
  const time = (v: unknown): string | null => {
    const n = num(v);
    return n !== null && n > 0 ? formatter.fromUnix(Math.floor(unixSeconds(n))) : null;
  };
  // The sniffer escapes only \\ " / \b \f \n \r \t in strings (tools_global.cpp json_string_escape), so a SIP
  // first line with another control byte would make the whole reply invalid JSON. Outside strings its JSON
  // has no control characters, so replacing them everywhere keeps the reply readable and changes no structure.
  const text = body.toString('utf8').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd');
  if (/^\s*call not found/i.test(text)) {
    throw new CallboardError('not_found', `Sensor ${sensor} no longer has that call; it has probably ended.`);
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new CallboardError('protocol', `Sensor ${sensor} sent an active_call_info reply that is not valid JSON.`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new CallboardError('protocol', `Sensor ${sensor} sent an active_call_info reply that is not an object.`);
  const r = o as Record<string, unknown>;
  const fields: CallDetail['fields'] = {};
  const call = r['call'];
  if (call && typeof call === 'object' && !Array.isArray(call)) {
    for (const [k, v] of Object.entries(call as Record<string, unknown>).slice(0, 200)) {
      if (IP_FIELDS.has(k)) fields[k] = ip(v);
      // The sensor's local wall-clock time without an offset: give it the zone's offset.
      else if (k === 'calldate' && typeof v === 'string') fields[k] = formatter.fromLocal(v) ?? v.slice(0, 64);
      else if (typeof v === 'string') fields[k] = v.slice(0, 1024);
      else if (typeof v === 'number' || typeof v === 'boolean' || v === null) fields[k] = v;
    }
  }
  const streams: RtpStream[] = [];
  const rs = r['rtp_streams'];
  if (Array.isArray(rs)) {
    for (const s of rs.slice(0, 64)) {
      if (!s || typeof s !== 'object') continue;
      const x = s as Record<string, unknown>;
      const codecNum = int(x['codec']);
      streams.push({
        srcIp: ip(x['src_ip']),
        srcPort: int(x['src_port']),
        dstIp: ip(x['dst_ip']),
        dstPort: int(x['dst_port']),
        ssrc: typeof x['ssrc'] === 'number' ? `0x${(x['ssrc'] >>> 0).toString(16).padStart(8, '0')}` : str(x['ssrc']),
        codec: codecNum !== null ? codecName(codecNum) : str(x['codec']),
        received: int(x['received']),
        lost: int(x['lost']),
        jitterAvg: num(x['jitter_avg']),
        jitterMax: num(x['jitter_max']),
        firstSeen: time(x['time']),
        lastSeen: time(x['time_last']),
      });
    }
  }
  const callerIp = typeof fields['callerip'] === 'string' ? fields['callerip'] : null;
  return { sensor, key, fields, rtpStreams: streams, sipLadder: parseSipLadder(r['sip_packets'], formatter, callerIp) };
}
