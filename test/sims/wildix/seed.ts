/**
 * Deterministic seed data for the Wildix simulator and `npm run demo`: call history (any size,
 * 50,000 for the benchmark), colleagues with presence, and call queues. Values are strings, as the
 * WMS API returns them (docs/WILDIX.md, Sources).
 */

export type WildixRecord = Record<string, string>;

export interface WildixSeed {
  history: WildixRecord[];
  colleagues: WildixRecord[];
  presence: Map<string, { online: boolean; show: string; message: string }>;
  queues: { id: string; name: string; strategy: string; members: { stateInterface: string; penalty: string }[] }[];
  /** Per-user live calls for the v2 call-control list (field names per a third-party PRD; unverified). */
  activeCalls: Map<string, Record<string, string | number>[]>;
}

import { mulberry32 as prng } from '../prng';
export { prng };

const FIRST = ['Anna', 'Boris', 'Chloe', 'David', 'Eva', 'Filip', 'Greta', 'Hugo', 'Ines', 'Jan', 'Karla', 'Luca'];
const LAST = ['Novak', 'Rossi', 'Smith', 'Dvorak', 'Bianchi', 'Weber', 'Martin', 'Horak'];
const DISPOSITIONS = ['ANSWERED', 'ANSWERED', 'ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** "YYYY-MM-DD HH:MM:SS" of a naive PBX-local wall time held as UTC fields. */
export function wall(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export interface SeedOptions {
  historyCount?: number;
  colleagueCount?: number;
  seed?: number;
  /** Newest call start, naive PBX wall time "YYYY-MM-DD HH:MM:SS". */
  newest?: string;
}

export function generateWildixSeed(opts: SeedOptions = {}): WildixSeed {
  const rnd = prng(opts.seed ?? 42);
  const colleagueCount = opts.colleagueCount ?? 42;
  const colleagues: WildixRecord[] = [];
  const presence = new Map<string, { online: boolean; show: string; message: string }>();
  const shows = ['available', 'away', 'dnd', 'available', 'offline'];
  for (let i = 0; i < colleagueCount; i++) {
    const ext = String(100 + i);
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    colleagues.push({
      dn: `uid=${ext},ou=users,dc=acme`,
      id: String(2951000 + i),
      name,
      extension: ext,
      officePhone: `+4202${pad(i, 7)}`,
      mobilePhone: '',
      faxNumber: '',
      email: `${name.toLowerCase().replace(/ /g, '.')}@acme.example`,
      role: i === 0 ? 'admin' : 'user',
      groupDn: 'cn=Default',
      department: i % 3 === 0 ? 'Support' : 'Sales',
      language: 'en',
      dialplan: 'users',
    });
    const show = shows[i % shows.length] as string;
    presence.set(ext, { online: show !== 'offline', show, message: i % 7 === 0 ? 'In a meeting' : '' });
  }
  const queues = [
    { id: '1', name: 'Support', strategy: 'ringall', members: colleagues.filter((_, i) => i % 3 === 0).slice(0, 6) },
    { id: '2', name: 'Sales', strategy: 'leastrecent', members: colleagues.filter((_, i) => i % 3 !== 0).slice(0, 8) },
    { id: '3', name: 'Night service', strategy: 'random', members: [] as WildixRecord[] },
  ].map((q) => ({ ...q, members: q.members.map((c) => ({ stateInterface: `SIP/${c.extension}`, penalty: '0' })) }));

  const historyCount = opts.historyCount ?? 2000;
  const history: WildixRecord[] = [];
  const newest = opts.newest ?? '2026-03-02 18:00:00';
  let t = Date.parse(newest.replace(' ', 'T') + 'Z');
  for (let i = 0; i < historyCount; i++) {
    t -= 1000 * (5 + Math.floor(rnd() * 55));
    const inbound = rnd() < 0.5;
    const ext = colleagues.length ? (colleagues[Math.floor(rnd() * colleagues.length)] as WildixRecord) : { extension: '100', name: 'Anna Novak' };
    const external = `+420${600000000 + Math.floor(rnd() * 99999999)}`;
    const disposition = DISPOSITIONS[Math.floor(rnd() * DISPOSITIONS.length)] as string;
    const ring = 2 + Math.floor(rnd() * 20);
    const billsec = disposition === 'ANSWERED' ? 5 + Math.floor(rnd() * 600) : 0;
    const from = inbound ? external : (ext.extension as string);
    const to = inbound ? (ext.extension as string) : external;
    const id = String(1_000_000 + historyCount - i);
    history.push({
      id,
      start: wall(t),
      answer: disposition === 'ANSWERED' ? wall(t + ring * 1000) : '',
      end: wall(t + (ring + billsec) * 1000),
      billsec: String(billsec),
      disposition,
      from_name: inbound ? '' : (ext.name as string),
      from_number: from,
      to_name: inbound ? (ext.name as string) : '',
      to_number: to,
      src: from,
      dst: to,
      channel: inbound ? `SIP/trunk1-${(i * 7919).toString(16).padStart(8, '0')}` : `SIP/${ext.extension}-${(i * 104729).toString(16).padStart(8, '0')}`,
      dstchannel: inbound ? `SIP/${ext.extension}-${(i * 31).toString(16).padStart(8, '0')}` : `SIP/trunk1-${(i * 17).toString(16).padStart(8, '0')}`,
      lastapp: 'Dial',
      lastdata: inbound ? `SIP/${ext.extension},60` : `SIP/trunk1/${external}`,
      dest_type: inbound ? 'user' : 'external',
      type: 'call',
      userfield: '',
      cost: inbound ? '0' : String((billsec / 60).toFixed(2)),
    });
  }
  const activeCalls = new Map<string, Record<string, string | number>[]>();
  for (const c of colleagues.slice(0, 3)) {
    const ext = c.extension as string;
    activeCalls.set(ext, [
      { sipCallId: `${ext}-a84b4c76e66710@10.0.0.5`, callerNumber: '+420601234567', callerName: '', calleeNumber: ext, calleeName: c.name as string, state: 'connected', duration: 42 + Number(ext) },
    ]);
  }
  return { history, colleagues, presence, queues, activeCalls };
}
