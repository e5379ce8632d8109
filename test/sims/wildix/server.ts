/**
 * Protocol-faithful Wildix WMS API simulator on https://127.0.0.1 (self-signed): verifies every S2S
 * JWT from the request it actually received (verify.ts), accepts Basic auth for configured users,
 * and serves CallHistory, Colleagues, CallQueues, Presence and Originate from seed data.
 */
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { parseStr, type PhpMap, type PhpValue } from '../../../src-main/connectors/wildix/php-compat';
import { verifyS2s, parsedBody, type SimApp } from './verify';
import { generateWildixSeed, type WildixRecord, type WildixSeed } from './seed';

export type WildixFault = 'non-json' | 'empty-500' | 'bad-shape' | 'error-envelope' | 'huge' | 'stall' | 'not-found' | 'forbidden';

export interface WildixSimOptions {
  apps?: SimApp[];
  basicUsers?: Record<string, string>;
  seed?: WildixSeed;
  /** The PBX clock (ms); tokens are checked against it and it goes out in the Date header. */
  now?: () => number;
  leewaySec?: number;
  checkIss?: boolean;
  /** Largest page the PBX hands out, whatever `count` asks for. */
  maxCount?: number;
  /** False: no Date header (clock correction impossible). */
  sendDate?: boolean;
  /** Largest request body accepted. */
  maxBodyBytes?: number;
  /** Fixed port (demo); 0 or absent: any free port. */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  target: string;
  status: number;
  reason: string | null;
  auth: 's2s' | 'basic' | 'none';
}

export interface RecordedOriginate {
  contentType: string;
  body: PhpMap;
  by: string;
}

export interface WildixSim {
  url: string;
  port: number;
  /** The simulator's certificate (PEM) for the client's `ca` option, and its SHA-256 fingerprint for pinning. */
  ca: string;
  fingerprint256: string;
  requests: RecordedRequest[];
  originates: RecordedOriginate[];
  seed: WildixSeed;
  setFault(f: WildixFault | null): void;
  stop(): Promise<void>;
}

export const DEFAULT_APP: SimApp = { id: 'a1b2c3d4e5f6', name: 'callboard', secret: 'S3cr3t-K3y-For-Tests-0123456789' };

const HISTORY_DATE_FIELDS = new Set(['start', 'answer', 'end']);

/** Accepts both date styles seen in S2S clients: "02/06/2020 00:01" and "2020-06-02 00:01:00". */
function normaliseDate(v: string, upper: boolean): string | null {
  let m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (m) return `${m[3]}-${m[2]}-${m[1]} ${m[4]}:${m[5]}:${m[6] ?? (upper ? '59' : '00')}`;
  m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (m) return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? (upper ? '59' : '00')}`;
  return null;
}

const isNum = (s: string) => /^-?\d+(\.\d+)?$/.test(s);

function compareValues(a: string, b: string): number {
  if (isNum(a) && isNum(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

class BadRequest extends Error {}

function str(v: PhpValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** filter / search / sort / paging as the WMS list endpoints document them (docs/WILDIX.md, What works). */
/** Last filtered+sorted list per data set, so paging through 50,000 rows does not re-sort for every page. */
const listCache = new WeakMap<WildixRecord[], { key: string; rows: WildixRecord[] }>();

function listQuery(records: WildixRecord[], p: PhpMap, defaults: { count: number; sort: string; searchFields: string[] }, maxCount: number) {
  const { start: _s, count: _c, fields: _f, ...selection } = p;
  const key = JSON.stringify(selection);
  const cached = listCache.get(records);
  const rows = cached && cached.key === key ? cached.rows : selectRows(records, p, defaults);
  listCache.set(records, { key, rows });
  return pageOf(rows, p, defaults, maxCount);
}

function selectRows(records: WildixRecord[], p: PhpMap, defaults: { count: number; sort: string; searchFields: string[] }): WildixRecord[] {
  let rows = records;
  const filter = p.filter;
  if (filter !== undefined) {
    if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) throw new BadRequest('Invalid filter');
    for (const [field, cond] of Object.entries(filter)) {
      if (typeof cond === 'string') {
        rows = rows.filter((r) => r[field] === cond);
      } else if (cond && typeof cond === 'object' && !Array.isArray(cond)) {
        const isDate = HISTORY_DATE_FIELDS.has(field);
        const fromRaw = str(cond.from);
        const toRaw = str(cond.to);
        const from = fromRaw === undefined ? undefined : isDate ? normaliseDate(fromRaw, false) : fromRaw;
        const to = toRaw === undefined ? undefined : isDate ? normaliseDate(toRaw, true) : toRaw;
        if (from === null || to === null) throw new BadRequest(`Invalid date in filter ${field}`);
        rows = rows.filter((r) => {
          const v = r[field];
          if (v === undefined) return false;
          if (from !== undefined && compareValues(v, from) < 0) return false;
          if (to !== undefined && compareValues(v, to) > 0) return false;
          return true;
        });
      } else if (Array.isArray(cond) || (cond && typeof cond === 'object')) {
        const set = new Set(Object.values(cond).filter((x): x is string => typeof x === 'string'));
        rows = rows.filter((r) => set.has(r[field] ?? ''));
      }
    }
  }
  const search = str(p.search);
  if (search) {
    const fields = (str(p.searchFields) ?? defaults.searchFields.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
    const needle = search.toLowerCase();
    rows = rows.filter((r) => fields.some((f) => (r[f] ?? '').toLowerCase().includes(needle)));
  }
  const sort = str(p.sort) ?? defaults.sort;
  const dir = (str(p.dir) ?? 'DESC').toUpperCase() === 'ASC' ? 1 : -1;
  if (!/^[a-z_A-Z]{1,40}$/.test(sort)) throw new BadRequest('Invalid sort');
  return [...rows].sort((a, b) => dir * compareValues(a[sort] ?? '', b[sort] ?? ''));
}

function pageOf(rows: WildixRecord[], p: PhpMap, defaults: { count: number }, maxCount: number) {
  const start = Number(str(p.start) ?? '0');
  const count = Math.min(Number(str(p.count) ?? String(defaults.count)), maxCount);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(count) || count < 1) throw new BadRequest('Invalid start or count');
  let page = rows.slice(start, start + count);
  const fields = str(p.fields);
  if (fields) {
    const keep = fields.split(',').map((s) => s.trim());
    page = page.map((r) => Object.fromEntries(keep.filter((k) => k in r).map((k) => [k, r[k] as string])));
  }
  return { total: String(rows.length), records: page };
}

export async function startWildixSim(opts: WildixSimOptions = {}): Promise<WildixSim> {
  const apps = opts.apps ?? [DEFAULT_APP];
  const seed = opts.seed ?? generateWildixSeed();
  const now = opts.now ?? Date.now;
  const maxCount = opts.maxCount ?? 1000;
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024;
  const pems = await generate([{ name: 'commonName', value: 'wildix-sim.localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  const requests: RecordedRequest[] = [];
  const originates: RecordedOriginate[] = [];
  let fault: WildixFault | null = null;

  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBodyBytes) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      void handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks)).then(({ status, body, rec }) => {
        requests.push(rec);
        if (opts.sendDate === false) res.sendDate = false;
        else res.setHeader('Date', new Date(now()).toUTCString());
        if (status === -1) return; // stall: never answer
        res.writeHead(status, body ? { 'Content-Type': 'application/json; charset=utf8' } : {});
        res.end(body);
      });
    });
  });

  const history = seed.history;

  async function handle(method: string, target: string, headers: Record<string, string | string[] | undefined>, raw: Buffer) {
    const rec: RecordedRequest = { method, target, status: 0, reason: null, auth: 'none' };
    const reply = (status: number, json: unknown) => {
      rec.status = status;
      if (json && typeof json === 'object' && 'reason' in json) rec.reason = String((json as { reason: unknown }).reason);
      return { status, body: json === undefined ? '' : JSON.stringify(json), rec };
    };
    const error = (status: number, reason: string) => reply(status, { type: 'error', reason, result: null });

    // Authentication first: nothing is served or executed for an unauthenticated request.
    const authz = typeof headers.authorization === 'string' ? headers.authorization : '';
    let by: string;
    if (authz.startsWith('Basic ')) {
      rec.auth = 'basic';
      const [user, ...rest] = Buffer.from(authz.slice(6), 'base64').toString('utf8').split(':');
      const pass = rest.join(':');
      if (!user || !opts.basicUsers || opts.basicUsers[user] !== pass) return error(401, 'Unauthorized');
      by = `user:${user}`;
    } else {
      rec.auth = 's2s';
      const v = await verifyS2s(
        { method, target, headers, body: raw },
        { apps, nowSec: Math.floor(now() / 1000), leewaySec: opts.leewaySec ?? 0, checkIss: opts.checkIss ?? true },
      );
      if (!v.ok) return error(401, v.reason);
      by = `app:${v.app.id}`;
    }

    switch (fault) {
      case 'non-json':
        return { status: 200, body: '<html>Service Unavailable</html>', rec: { ...rec, status: 200 } };
      case 'empty-500':
        return reply(500, undefined);
      case 'bad-shape':
        return reply(200, { type: 'result', result: { total: 'many', records: 'none' } });
      case 'error-envelope':
        return error(400, 'Number should not be empty');
      case 'huge':
        return reply(200, { type: 'result', result: { total: '1', records: [{ id: '1', blob: 'x'.repeat(20 * 1024 * 1024) }] } });
      case 'stall':
        rec.status = -1;
        return { status: -1, body: '', rec };
      case 'not-found':
        return error(404, 'Not found');
      case 'forbidden':
        return error(403, 'Forbidden');
      default:
    }

    const q = target.indexOf('?');
    const path = (q < 0 ? target : target.slice(0, q)).toLowerCase().replace(/\/+$/, '');
    const params = q < 0 ? {} : parseStr(target.slice(q + 1));
    try {
      if (method === 'GET' && path === '/api/v1/pbx/callhistory') {
        return reply(200, { type: 'result', result: listQuery(history, params, { count: 100, sort: 'start', searchFields: ['from_number', 'to_number', 'from_name', 'to_name'] }, maxCount) });
      }
      if (method === 'GET' && path === '/api/v1/pbx/colleagues') {
        return reply(200, { type: 'result', result: listQuery(seed.colleagues, params, { count: 1500, sort: 'dn', searchFields: ['name', 'extension', 'email'] }, 5000) });
      }
      if (method === 'GET' && path === '/api/v1/pbx/settings/callqueues') {
        return reply(200, { type: 'result', result: { total: String(seed.queues.length), records: seed.queues.map((x) => ({ id: x.id, name: x.name, strategy: x.strategy })) } });
      }
      let m = /^\/api\/v1\/pbx\/settings\/callqueues\/([^/]+)$/.exec(path);
      if (method === 'GET' && m) {
        const queue = seed.queues.find((x) => x.id === m?.[1]);
        return queue ? reply(200, { type: 'result', result: queue }) : error(404, 'Not found');
      }
      m = /^\/api\/v1\/user\/([^/]+)\/presence$/.exec(path);
      if (method === 'GET' && m) {
        const pr = seed.presence.get(m[1] as string);
        return pr ? reply(200, { type: 'result', result: pr }) : error(404, 'Not found');
      }
      if (method === 'GET' && path === '/api/v2/call-control/list-calls') {
        const user = str(params.user);
        if (!user || !seed.presence.has(user)) return error(404, 'User not found');
        return reply(200, { type: 'result', result: { calls: seed.activeCalls.get(user) ?? [] } });
      }
      if (method === 'POST' && path === '/api/v1/originate') {
        const body = parsedBody({ method, target, headers, body: raw });
        const need = ['channel', 'context', 'exten', 'priority'];
        // The real PBX answers a malformed Originate with HTTP 500 and an empty body (docs/WILDIX.md, Errors you may see).
        if (need.some((k) => typeof body[k] !== 'string' || body[k] === '')) return reply(500, undefined);
        originates.push({ contentType: String(headers['content-type'] ?? ''), body, by });
        return reply(200, { type: 'result', result: {} });
      }
      return error(404, 'Not found');
    } catch (e) {
      if (e instanceof BadRequest) return error(400, e.message);
      return reply(500, undefined);
    }
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: pems.cert,
    fingerprint256: new X509Certificate(pems.cert).fingerprint256,
    requests,
    originates,
    seed,
    setFault: (f) => {
      fault = f;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { generateWildixSeed, DEFAULT_APP as WILDIX_DEFAULT_APP };
