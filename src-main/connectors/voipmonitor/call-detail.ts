/**
 * `active_call_info` (voipmonitor-manager.md §6): one live call with all its columns and its RTP streams.
 */
import { CallboardError } from '../../core/errors';
import { codecName, int, ip, num, str } from './values';

export { rtpStreamSchema, callDetailSchema, type RtpStream, type CallDetail } from '../../domain/voipmonitor';
import type { RtpStream, CallDetail } from '../../domain/voipmonitor';

const IP_FIELDS = new Set(['callerip', 'calledip', 'callerip_encaps', 'calledip_encaps', 'rtp_src', 'rtp_dst']);

function time(v: unknown): string | null {
  const n = num(v);
  if (n !== null && n > 0) return new Date(n > 1e12 ? n : n * 1000).toISOString();
  return str(v);
}

export function parseCallDetail(sensor: string, key: string, body: Buffer): CallDetail {
  const text = body.toString('utf8');
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
  const sp = r['sip_packets'];
  return { sensor, key, fields, rtpStreams: streams, sipPacketsNote: typeof sp === 'string' ? sp.slice(0, 200) : null };
}
