/**
 * Sensor health: `getversion`, `sniffer_stat` (JSON, values mostly strings) and `pcapstat`
 * ("lo : pdropsCount [0] pcapdrop [0] ifdrop [0]"). Capture drops are shown beside MOS: a MOS drop
 * with capture drops may be the sensor's fault, not the network's.
 */
import { CallboardError } from '../../core/errors';
import { int, str } from './values';

export { sensorHealthSchema, type SensorHealth } from '../../domain/voipmonitor';
import type { SensorHealth } from '../../domain/voipmonitor';

export function parseVersion(sensor: string, body: Buffer): string {
  const v = body.toString('utf8').trim();
  if (!/^[0-9A-Za-z._ ()+-]{1,64}$/.test(v)) throw new CallboardError('protocol', `Sensor ${sensor} answered getversion with something that is not a version; is this a VoIPmonitor manager port?`);
  return v;
}

export interface SnifferStat {
  version: string | null;
  uptimeSec: number | null;
  bufferDrops: number | null;
  activeCalls: number | null;
  traffic: string | null;
  memoryFull: boolean | null;
  initializing: boolean;
}

export function parseSnifferStat(sensor: string, body: Buffer): SnifferStat {
  let o: unknown;
  try {
    o = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CallboardError('protocol', `Sensor ${sensor} sent a sniffer_stat reply that is not valid JSON.`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new CallboardError('protocol', `Sensor ${sensor} sent a sniffer_stat reply that is not an object.`);
  const r = o as Record<string, unknown>;
  const pb = str(r['pbStatString']) ?? '';
  const calls = /calls\s*\[?\s*(\d+)/.exec(pb) ?? /calls_active=(\d+)/.exec(pb);
  const traffic = /(\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?)?Mb\/s)/.exec(pb);
  const mem = r['memory_is_full'];
  return {
    version: str(r['version']),
    uptimeSec: int(r['uptime']),
    bufferDrops: int(r['pbCountPacketDrop']),
    activeCalls: calls ? Number(calls[1]) : null,
    traffic: traffic ? (traffic[1] ?? null) : null,
    memoryFull: mem === undefined ? null : mem === true || mem === '1' || mem === 1 || mem === 'yes',
    initializing: r['initializing'] !== undefined && r['initializing'] !== '0' && r['initializing'] !== 0 && r['initializing'] !== false,
  };
}

/**
 * One entry per capture interface. With several interfaces (`interface = eth0,eth1`) the sniffer puts
 * them on ONE line separated by " | " (verified on the real sniffer 2026.04.0:
 * "lo : pdropsCount [0] pcapdrop [0] ifdrop [0] | lo : pdropsCount [0] ..."); newlines are accepted too.
 */
export function parsePcapstat(body: Buffer): SensorHealth['interfaces'] {
  const out: SensorHealth['interfaces'] = [];
  for (const line of body.toString('utf8').split(/\n|\s\|\s/).slice(0, 64)) {
    const m = /^\s*([^\s:]{1,64})\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const field = (n: string): number | null => {
      const f = new RegExp(`${n}\\s*\\[(\\d+)\\]`).exec(m[2] ?? '');
      return f ? Number(f[1]) : null;
    };
    out.push({ name: m[1] ?? '', pdrops: field('pdropsCount'), pcapdrop: field('pcapdrop'), ifdrop: field('ifdrop') });
  }
  return out;
}
