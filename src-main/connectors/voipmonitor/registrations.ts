/**
 * `listregisters {}` (docs/VOIPMONITOR.md, Wire protocol: listregisters). Always sent with a JSON argument: the bare command
 * makes the sniffer read one byte past the end of its buffer.
 */
import { CallboardError } from '../../core/errors';
import type { JsonArg } from './commands';
import { int, ip, IsoFormatter, num, str } from './values';

export const REGISTER_STATES: Record<number, string> = { 1: 'OK', 2: 'Failed', 3: 'UnknownMessageOK', 4: 'ManyRegMessages', 5: 'Expired', 6: 'Unregister' };

export { registrationSchema, type Registration } from '../../domain/voipmonitor';
import type { RegistrationState } from '../../domain/voipmonitor';
import type { Registration } from '../../domain/voipmonitor';

export interface RegistrationsFilter {
  user?: string;
  states?: RegistrationState[];
  limit?: number;
}

export function listregistersArgs(f: RegistrationsFilter = {}): { [k: string]: JsonArg } {
  const a: { [k: string]: JsonArg } = {};
  if (f.states?.length) a['states'] = f.states.join(',');
  if (f.limit !== undefined) a['limit'] = f.limit;
  if (f.user) {
    if (!/^[0-9A-Za-z+*#%_.@-]{1,64}$/.test(f.user)) throw new CallboardError('usage', `The user filter "${f.user.slice(0, 40)}" contains characters that cannot be searched for.`);
    a['filter'] = { from_num: f.user };
  }
  return a;
}

/**
 * `calldate` and `expires_at` are the sensor's local wall-clock time without an offset
 * ("2026-12-01 10:36:29", register.cpp): they become ISO 8601 with the sensor zone's offset, so an
 * operator in another zone reads them right.
 */
export function parseRegistrations(sensor: string, body: Buffer, formatter: IsoFormatter = new IsoFormatter(undefined)): Registration[] {
  if (body.length === 0) return [];
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CallboardError('protocol', `Sensor ${sensor} sent a listregisters reply that is not valid JSON.`);
  }
  if (!Array.isArray(data) || !Array.isArray(data[0])) throw new CallboardError('protocol', `Sensor ${sensor} sent a listregisters reply without a header row.`);
  const header = (data[0] as unknown[]).map((h) => (typeof h === 'string' ? h : ''));
  const at = new Map(header.map((n, i) => [n, i]));
  const out: Registration[] = [];
  for (let i = 1; i < data.length && out.length < 100_000; i++) {
    const r = data[i];
    if (!Array.isArray(r) || (r.length === 1 && typeof r[0] === 'object')) continue; // summary row
    const g = (n: string): unknown => {
      const idx = at.get(n);
      return idx === undefined ? undefined : r[idx];
    };
    const stateNum = int(g('state'));
    const sipAlg = g('is_sipalg_detected');
    const local = (v: unknown): string | null => {
      const t = str(v);
      return t ? formatter.fromLocal(t) : null;
    };
    out.push({
      sensor,
      id: str(g('ID')) ?? String(i),
      user: str(g('digestusername')) ?? str(g('from_num')) ?? '',
      fromNum: str(g('from_num')),
      toNum: str(g('to_num')),
      contactNum: str(g('contact_num')),
      domain: str(g('from_domain')) ?? str(g('to_domain')),
      state: stateNum !== null ? (REGISTER_STATES[stateNum] ?? `state ${stateNum}`) : 'unknown',
      lastChange: local(g('calldate')),
      expiresAt: local(g('expires_at')),
      expiresSec: int(g('expires')),
      clientIp: ip(g('sipcallerip')),
      clientPort: int(g('sipcallerport')),
      serverIp: ip(g('sipcalledip')),
      serverPort: int(g('sipcalledport')),
      userAgent: str(g('ua')),
      responseMs: num(g('rrd_avg')),
      sipAlg: typeof sipAlg === 'boolean' ? sipAlg : sipAlg === 1 ? true : sipAlg === 0 ? false : null,
    });
  }
  return out;
}
