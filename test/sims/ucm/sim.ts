/**
 * A protocol-faithful fake Grandstream UCM "HTTPS API (New)" (docs/UCM.md §8) on 127.0.0.1 only.
 *
 * It rejects what the device rejects: unknown user / disallowed IP → -47 on challenge, wrong md5 token →
 * -37, 5 failures → -68 for 300 s, single-use challenges, expired (600 s idle, sliding) or unknown
 * cookie → -6, missing permission → -47, bad cdrapi parameters → silently empty `cdr_root`.
 * Time is injectable (`now`) so tests can expire cookies and bans without waiting.
 */
import https from 'node:https';
import { createHash, randomInt, X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { generateUcmCdrs, naive, seedAccounts, seedChannels, type SimAccount, type SimBridged, type SimCdrEntry, type SimUnbridged } from './seed';

export interface SimUser {
  user: string;
  password: string;
  enabled?: boolean;
  /** IPv4 CIDRs; empty/absent = any. */
  allowedCidrs?: string[];
  /** Allowed actions; absent = all. challenge/login/logout are always allowed. */
  permissions?: Set<string>;
}

export interface UcmSimOptions {
  port?: number;
  users?: SimUser[];
  cdrs?: SimCdrEntry[];
  accounts?: SimAccount[];
  /** Milliseconds since the epoch, injectable. */
  now?: () => number;
  /** UCM time zone offset in minutes east of UTC. Default +120. */
  tzOffsetMinutes?: number;
  /** system-time date order: 'dmy' (UCM6302 capture) or 'ymd'. */
  systemTimeFormat?: 'dmy' | 'ymd';
  /** Reuse a certificate (e.g. to test a changed one, pass a different one). */
  cert?: { cert: string; key: string };
  idleTimeoutSec?: number;
  lockoutAfter?: number;
  lockoutSec?: number;
  /** Milliseconds before a dialled call becomes bridged; null = stays ringing. */
  dialBridgeDelayMs?: number | null;
  latencyMs?: number;
  /**
   * Persistent connections as a real UCM's web server keeps them (HTTP/1.1 keep-alive with a
   * `Keep-Alive: timeout=N` hint, TLS session tickets). false: answer every request with
   * `Connection: close`, like a server that does not keep connections.
   */
  keepAlive?: boolean;
  /** Idle time after which the server closes a kept-alive connection. Default 5000 ms. */
  keepAliveTimeoutMs?: number;
}

export interface SimRequestRecord {
  action: string;
  /** Parameters without cookie/token. */
  params: Record<string, unknown>;
  status: number | 'cdr_root' | 'raw';
}

export interface UcmSim {
  url: string;
  port: number;
  fingerprint: string;
  cert: { cert: string; key: string };
  stop(): Promise<void>;
  /** Every API request, in order. */
  requests: SimRequestRecord[];
  /** dialExtension / dialOutbound calls exactly as they reached the PBX. */
  dials: Array<{ action: string; params: Record<string, string> }>;
  hangups: string[];
  channels: { bridged: SimBridged[]; unbridged: SimUnbridged[] };
  accounts: SimAccount[];
  cdrs: SimCdrEntry[];
  /** Answer the next `count` requests of `action` with this status (or '*' for any action). */
  failNext(action: string, status: number, count?: number): void;
  /** Answer the next request of `action` with this raw body/HTTP status. */
  rawNext(action: string, body: string, httpStatus?: number): void;
  /** cdrapi ignores offset (repeats the first page), like the buggy firmware S15 guards against. */
  repeatPages: boolean;
  latencyMs: number;
  /** Cumulative ms spent inside the simulator's handlers (for benchmarks). */
  handlerMs(): number;
  counts(): { challenges: number; logins: number; failedLogins: number; activeSessions: number; tlsConnections: number; tlsResumed: number };
  /** Invalidate every session (as if the UCM rebooted). */
  dropSessions(): void;
  /** The client IP failure counter and ban state. */
  banned(ip?: string): boolean;
}

const KNOWN_CDR_PARAMS = new Set(['action', 'cookie', 'format', 'numRecords', 'offset', 'caller', 'callee', 'startTime', 'endTime', 'minDur', 'maxDur', 'timeFilterType', 'callerName', 'answeredby', 'AnsweredBy']);

function ipv4ToInt(ip: string): number | null {
  const m = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return null;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}
function inCidr(ip: string, cidr: string): boolean {
  const [net, bitsS] = cidr.split('/');
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(net ?? '');
  if (a === null || b === null) return false;
  const bits = bitsS === undefined ? 32 : /\./.test(bitsS) ? (ipv4ToInt(bitsS) ?? 0).toString(2).replace(/0/g, '').length : Number(bitsS);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) === (b & mask);
}

// ---- cdrapi filters ----------------------------------------------------------------------------

type Matcher = (v: string) => boolean;

function partyMatcher(value: string): Matcher | null {
  if (value === '' || value.startsWith(',') || value.includes(',,') || !/^[0-9A-Za-z+*#@_,-]+$/.test(value)) return null;
  const ms: Matcher[] = [];
  for (const item of value.split(',')) {
    if (item === '') continue;
    if (/[@_]/.test(item)) {
      if ((item.match(/-/g) ?? []).length > 1) continue; // ignored per the legacy guide
      const re = new RegExp('^' + item.replace(/[+*#-]/g, (c) => '\\' + c).replace(/@/g, '.*').replace(/_/g, '.') + '$');
      ms.push((v) => re.test(v));
    } else if (/^\d+-\d+$/.test(item)) {
      const [lo, hi] = item.split('-').map(Number) as [number, number];
      if (lo === 0 && hi === 0) ms.push((v) => v === '' || !/^\d+$/.test(v));
      else ms.push((v) => /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi);
    } else if (item.includes('-')) {
      return null;
    } else ms.push((v) => v === item);
  }
  return (v) => ms.some((m) => m(v));
}

/** Parses a cdrapi time to naive UCM-local "YYYY-MM-DD HH:MM:SS"; null = invalid. */
function cdrTime(value: string, nowMs: number, tz: number): string | null {
  if (value === 'now') return naive(Math.floor(nowMs / 1000) + tz * 60);
  if (/^\d{10}$/.test(value)) return naive(Number(value) + tz * 60);
  const m = /^(?:(\d{4}-\d{2}-\d{2})T)?(\d{2}:\d{2})(:\d{2})?(\.\d{3})?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!m) return null;
  const date = m[1] ?? '2000-01-01';
  const local = `${date} ${m[2]}${m[3] ?? ':00'}`;
  if (!m[5]) return local;
  const t = Date.parse(`${date}T${m[2]}${m[3] ?? ':00'}${m[5]}`);
  if (Number.isNaN(t)) return null;
  return naive(Math.floor(t / 1000) + tz * 60);
}

interface Indexed {
  json: string;
  start: string;
  end: string;
  parties: string[];
  billsec: number;
  callerName: string;
}

function indexEntry(e: SimCdrEntry): Indexed {
  const rec = e as Record<string, unknown>;
  const main = (typeof rec.main_cdr === 'object' && rec.main_cdr ? rec.main_cdr : rec) as Record<string, string>;
  const legs = Object.keys(rec).filter((k) => k.startsWith('sub_cdr_')).map((k) => rec[k] as Record<string, string>);
  let end = main.end ?? '';
  for (const l of legs) if ((l.end ?? '') > end) end = l.end ?? '';
  const parties = [main.src ?? '', main.dst ?? '', ...legs.flatMap((l) => [l.src ?? '', l.dst ?? ''])];
  return { json: JSON.stringify(e), start: main.start ?? '', end, parties, billsec: Number(main.billsec ?? 0), callerName: main.caller_name ?? legs[0]?.caller_name ?? '' };
}

export async function startUcmSim(options: UcmSimOptions = {}): Promise<UcmSim> {
  const now = options.now ?? Date.now;
  const tz = options.tzOffsetMinutes ?? 120;
  const idleMs = (options.idleTimeoutSec ?? 600) * 1000;
  const lockoutAfter = options.lockoutAfter ?? 5;
  const lockoutMs = (options.lockoutSec ?? 300) * 1000;
  const users = new Map((options.users ?? [{ user: 'cdrapi', password: 'cdrapi123' }]).map((u) => [u.user, u]));
  const cert = options.cert ?? (await makeSimCert());
  const fingerprint = new X509Certificate(cert.cert).fingerprint256;

  const cdrs = options.cdrs ?? generateUcmCdrs({ count: 250 });
  let indexed = cdrs.map(indexEntry);
  const accounts = options.accounts ?? seedAccounts();
  const channels = seedChannels(Math.floor(now() / 1000) + tz * 60);
  const challenges = new Map<string, string>(); // `${user}|${ip}` → challenge
  const sessions = new Map<string, { user: string; lastSeen: number }>();
  const failures = new Map<string, { count: number; bannedUntil: number }>();
  const faults: Array<{ action: string; status: number; count: number }> = [];
  const raws: Array<{ action: string; body: string; httpStatus: number }> = [];
  const requests: SimRequestRecord[] = [];
  const dials: UcmSim['dials'] = [];
  const hangups: string[] = [];
  const counters = { challenges: 0, logins: 0, failedLogins: 0, tlsConnections: 0, tlsResumed: 0 };
  const keepAlive = options.keepAlive ?? true;
  let handlerTime = 0;
  let chanSeq = 0x300;
  const timers = new Set<NodeJS.Timeout>();
  const filterCache = new Map<string, number[]>();

  const localNow = () => naive(Math.floor(now() / 1000) + tz * 60);

  function isBanned(ip: string): boolean {
    const f = failures.get(ip);
    return !!f && f.bannedUntil > now();
  }

  function envelope(status: number, response?: unknown): unknown {
    return response === undefined ? { status } : { response, status };
  }

  function page<T>(items: T[], key: string, p: Record<string, unknown>): unknown {
    const per = Math.max(1, Number(p.item_num ?? 1000) || 1000);
    const pageNo = Math.max(1, Number(p.page ?? 1) || 1);
    const total = items.length;
    return envelope(0, { [key]: items.slice((pageNo - 1) * per, pageNo * per), total_item: total, total_page: Math.max(1, Math.ceil(total / per)), page: pageNo });
  }

  function cdrapi(p: Record<string, unknown>): string {
    const empty = '{"cdr_root":[]}';
    for (const [k, v] of Object.entries(p)) {
      if (!KNOWN_CDR_PARAMS.has(k)) return empty;
      if (typeof v !== 'string' && typeof v !== 'number') return empty;
      if (String(v) === '') return empty;
    }
    for (const k of ['numRecords', 'offset', 'minDur', 'maxDur']) if (p[k] !== undefined && !/^\d+$/.test(String(p[k]))) return empty;
    const num = Math.min(1000, p.numRecords === undefined ? 1000 : Number(p.numRecords));
    const offset = sim.repeatPages ? 0 : Number(p.offset ?? 0);
    const matchers: Array<[Matcher, 'caller' | 'callee']> = [];
    for (const k of ['caller', 'callee'] as const) {
      if (p[k] === undefined) continue;
      const m = partyMatcher(String(p[k]));
      if (!m) return empty;
      matchers.push([m, k]);
    }
    const from = p.startTime === undefined ? null : cdrTime(String(p.startTime), now(), tz);
    const to = p.endTime === undefined ? null : cdrTime(String(p.endTime), now(), tz);
    if ((p.startTime !== undefined && !from) || (p.endTime !== undefined && !to)) return empty;
    const byEnd = p.timeFilterType === 'End';
    const minDur = p.minDur === undefined ? -1 : Number(p.minDur);
    const maxDur = p.maxDur === undefined ? Infinity : Number(p.maxDur);
    const callerName = p.callerName === undefined ? null : String(p.callerName).toLowerCase();
    const cacheKey = JSON.stringify([p.caller, p.callee, from, to, byEnd, minDur, maxDur, callerName]);
    let hits = filterCache.get(cacheKey);
    if (!hits) {
      hits = [];
      for (let i = 0; i < indexed.length; i++) {
        const e = indexed[i]!;
        const t = byEnd ? e.end : e.start;
        if (from && t < from) continue;
        if (to && t > to) continue;
        if (e.billsec < minDur || e.billsec > maxDur) continue;
        if (callerName !== null && !e.callerName.toLowerCase().includes(callerName)) continue;
        // "Filters based on src (caller) or dst (callee)": each filter matches either party.
        if (!matchers.every(([m]) => e.parties.some((x) => m(x)))) continue;
        hits.push(i);
      }
      if (filterCache.size > 8) filterCache.clear();
      filterCache.set(cacheKey, hits);
    }
    const slice = hits.slice(offset, offset + num);
    return '{"cdr_root":[' + slice.map((i) => indexed[i]!.json).join(',') + ']}';
  }

  function newChannel(ext: string): string {
    return `PJSIP/${ext}-${(chanSeq++).toString(16).padStart(8, '0')}`;
  }

  function dial(action: string, p: Record<string, string>): unknown {
    const caller = p.caller ?? '';
    const target = action === 'dialExtension' ? (p.callee ?? '') : (p.outbound ?? '');
    if (!caller || !target) return envelope(-1, { error_msg: 'Invalid parameters!' });
    if (!accounts.some((a) => a.extension === caller)) return envelope(-16);
    if (action === 'dialExtension' && !accounts.some((a) => a.extension === target)) return envelope(-16);
    if (!/^[0-9*#+]{1,32}$/.test(target)) return envelope(-15);
    dials.push({ action, params: { ...p } });
    const ch = newChannel(caller);
    const uniq = `${Math.floor(now() / 1000)}.${chanSeq}`;
    channels.unbridged.push({ channel: ch, state: 'Ringing', callernum: caller, callername: '', connectednum: target, connectedname: '', service: 'normal', alloc_time: localNow(), uniqueid: uniq, linkedid: uniq });
    const delay = options.dialBridgeDelayMs === undefined ? 50 : options.dialBridgeDelayMs;
    if (delay !== null) {
      const t = setTimeout(() => {
        timers.delete(t);
        const i = channels.unbridged.findIndex((c) => c.channel === ch);
        if (i < 0) return;
        channels.unbridged.splice(i, 1);
        const other = action === 'dialExtension' ? newChannel(target) : newChannel('trunk_1');
        channels.bridged.push({
          channel1: ch, channel2: other, callerid1: caller, callerid2: target, name1: '', name2: '', uniqueid1: uniq, uniqueid2: `${uniq}1`,
          bridge_time: localNow(), bridge_timestamp: String(Math.floor(now() / 1000)), bridge_id: `b-${chanSeq}`,
          inbound_trunk_name: '', outbound_trunk_name: action === 'dialOutbound' ? 'Carrier' : '', dial_service: 'normal',
        });
      }, delay);
      t.unref();
      timers.add(t);
    }
    return envelope(0, { need_apply: 'no' });
  }

  function hangup(channel: string): unknown {
    if (!channel) return envelope(-1, { error_msg: 'Invalid parameters!' });
    const bi = channels.bridged.findIndex((b) => b.channel1 === channel || b.channel2 === channel);
    if (bi >= 0) {
      const b = channels.bridged.splice(bi, 1)[0]!;
      hangups.push(channel);
      const end = localNow();
      const entry: SimCdrEntry = { cdr: `${b.uniqueid1}-${b.callerid1}`, AcctId: String(900000 + hangups.length), src: b.callerid1, dst: b.callerid2, channel: b.channel1, dstchannel: b.channel2, start: b.bridge_time, answer: b.bridge_time, end, duration: '0', billsec: '0', disposition: 'ANSWERED' };
      cdrs.push(entry); // re-indexed by the push hook below
      return envelope(0, { need_apply: 'no' });
    }
    const ui = channels.unbridged.findIndex((u) => u.channel === channel);
    if (ui >= 0) {
      channels.unbridged.splice(ui, 1);
      hangups.push(channel);
      return envelope(0, { need_apply: 'no' });
    }
    return envelope(-16);
  }

  /** Returns a JSON value or a preformatted string body. */
  function handle(ip: string, body: unknown): { out: unknown | string; status: SimRequestRecord['status']; action: string; params: Record<string, unknown> } {
    const invalid = { response: { error_msg: 'Invalid parameters!' }, status: -1 };
    const req = typeof body === 'object' && body !== null ? (body as { request?: unknown }).request : undefined;
    if (typeof req !== 'object' || req === null || typeof (req as { action?: unknown }).action !== 'string') return { out: invalid, status: -1, action: '?', params: {} };
    const p = req as Record<string, unknown>;
    const action = p.action as string;
    const { cookie: _c, token: _t, ...visible } = p;
    const done = (out: unknown): ReturnType<typeof handle> => ({
      out,
      status: typeof out === 'string' ? 'cdr_root' : ((out as { status: number }).status ?? 0),
      action,
      params: visible,
    });

    const fi = faults.findIndex((f) => f.action === action || (f.action === '*' && action !== 'challenge' && action !== 'login'));
    if (fi >= 0) {
      const f = faults[fi]!;
      if (--f.count <= 0) faults.splice(fi, 1);
      return done(envelope(f.status));
    }

    if (action === 'challenge') {
      counters.challenges++;
      const u = users.get(String(p.user ?? ''));
      if (isBanned(ip)) return done(envelope(-68));
      if (!u || u.enabled === false || (u.allowedCidrs?.length && !u.allowedCidrs.some((c) => inCidr(ip, c)))) return done(envelope(-47));
      const challenge = String(randomInt(0, 2 ** 47)).padStart(16, '0').slice(-16);
      challenges.set(`${u.user}|${ip}`, challenge);
      return done(envelope(0, { challenge }));
    }
    if (action === 'login') {
      counters.logins++;
      if (isBanned(ip)) return done(envelope(-68));
      const u = users.get(String(p.user ?? ''));
      const key = `${String(p.user ?? '')}|${ip}`;
      const challenge = challenges.get(key);
      challenges.delete(key); // single use, even when the token is wrong
      const ok = !!u && u.enabled !== false && !!challenge && p.token === createHash('md5').update(challenge + u.password, 'utf8').digest('hex');
      if (!ok) {
        counters.failedLogins++;
        const f = failures.get(ip) ?? { count: 0, bannedUntil: 0 };
        f.count++;
        if (f.count >= lockoutAfter) {
          f.bannedUntil = now() + lockoutMs;
          f.count = 0;
        }
        failures.set(ip, f);
        return done(envelope(-37));
      }
      failures.delete(ip);
      const cookie = `sid${randomInt(100_000_000, 9_999_999_999)}-${Math.floor(now() / 1000)}`;
      sessions.set(cookie, { user: u!.user, lastSeen: now() });
      return done(envelope(0, { cookie }));
    }

    const cookie = String(p.cookie ?? '');
    const s = sessions.get(cookie);
    if (!s || now() - s.lastSeen > idleMs) {
      sessions.delete(cookie);
      return done(envelope(-6));
    }
    s.lastSeen = now();
    if (action === 'logout') {
      sessions.delete(cookie);
      return done({ status: 0 });
    }
    const u = users.get(s.user);
    if (u?.permissions && !u.permissions.has(action)) return done(envelope(-47));

    switch (action) {
      case 'cdrapi': {
        const { cookie: _x, action: _a, ...rest } = p;
        return done(cdrapi({ action, cookie, ...rest }));
      }
      case 'getSystemStatus': {
        const t = Math.floor(now() / 1000) + tz * 60;
        const n = naive(t);
        const date = options.systemTimeFormat === 'ymd' ? n.slice(0, 10) : `${n.slice(8, 10)}-${n.slice(5, 7)}-${n.slice(0, 4)}`;
        const sign = tz < 0 ? '-' : '+';
        const off = `${sign}${String(Math.floor(Math.abs(tz) / 60)).padStart(2, '0')}:${String(Math.abs(tz) % 60).padStart(2, '0')}`;
        return done(envelope(0, { 'part-number': '9610006822A', 'serial-number': '20EZ8Y7L807EB0EC', 'up-time': '1 02:42:53', 'idle-time': '00:00:00', 'system-time': `${date} ${n.slice(11)} UTC${off}`, mac: 'C0:74:AD:00:00:01' }));
      }
      case 'getSystemGeneralStatus':
        return done(envelope(0, { 'product-model': 'UCM6304  V1.0A', 'base-version': '1.0.33.30', 'prog-version': '1.0.33.30', 'boot-version': '1.0.33.1' }));
      case 'listBridgedChannels':
        return done(page(channels.bridged, 'channel', p));
      case 'listUnBridgedChannels':
        return done(page(channels.unbridged, 'channel', p));
      case 'listAccount':
        return done(page(accounts, 'account', p));
      case 'Hangup':
        return done(hangup(String(p.channel ?? p.Channel ?? '')));
      case 'dialExtension':
      case 'dialOutbound': {
        const strs: Record<string, string> = {};
        for (const [k, v] of Object.entries(visible)) strs[k] = String(v);
        return done(dial(action, strs));
      }
      default:
        return done(envelope(-1, { error_msg: 'Invalid parameters!' }));
    }
  }

  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    const ip = req.socket.remoteAddress ?? '';
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const t0 = performance.now();
      const send = (httpStatus: number, text: string, type = 'application/json;charset=UTF-8') => {
        res.writeHead(httpStatus, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...(keepAlive ? {} : { Connection: 'close' }) });
        res.end(text);
        handlerTime += performance.now() - t0;
      };
      if (req.method !== 'POST' || req.url !== '/api') {
        requests.push({ action: '?', params: {}, status: -1 });
        send(200, JSON.stringify({ response: { error_msg: 'Invalid parameters!' }, status: -1 }));
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      const action = String(((body as { request?: { action?: unknown } } | null)?.request?.action) ?? '?');
      const ri = raws.findIndex((r) => r.action === action);
      if (ri >= 0) {
        const r = raws.splice(ri, 1)[0]!;
        requests.push({ action, params: {}, status: 'raw' });
        send(r.httpStatus, r.body, 'text/html');
        return;
      }
      const { out, status, params } = handle(ip, body);
      requests.push({ action, params, status });
      const text = typeof out === 'string' ? out : JSON.stringify(out);
      if (sim.latencyMs > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          send(200, text);
        }, sim.latencyMs);
        timers.add(t);
      } else send(200, text);
    });
  });

  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5000;
  server.on('secureConnection', (socket: import('node:tls').TLSSocket) => {
    counters.tlsConnections++;
    if (socket.isSessionReused()) counters.tlsResumed++;
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const sim: UcmSim = {
    url: `https://127.0.0.1:${port}`,
    port,
    fingerprint,
    cert,
    requests,
    dials,
    hangups,
    channels,
    accounts,
    cdrs,
    repeatPages: false,
    latencyMs: options.latencyMs ?? 0,
    failNext(action, status, count = 1) {
      faults.push({ action, status, count });
    },
    rawNext(action, body, httpStatus = 200) {
      raws.push({ action, body, httpStatus });
    },
    handlerMs: () => handlerTime,
    counts: () => ({ ...counters, activeSessions: sessions.size }),
    dropSessions: () => sessions.clear(),
    banned: (ip = '127.0.0.1') => isBanned(ip),
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  // cdrs may be replaced wholesale by tests through sim.cdrs.push; keep the index in sync on demand.
  const origPush = cdrs.push.bind(cdrs);
  cdrs.push = (...items: SimCdrEntry[]) => {
    const n = origPush(...items);
    indexed = cdrs.map(indexEntry);
    filterCache.clear();
    return n;
  };
  return sim;
}

/** A self-signed certificate like a UCM's factory one. */
export async function makeSimCert(cn = 'UCM6304'): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'Grandstream' }], { keySize: 2048, algorithm: 'sha256' });
  return { cert: pems.cert, key: pems.private };
}
