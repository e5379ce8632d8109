/**
 * The UCM simulator rejects on the wire what a UCM rejects (docs/UCM.md §2, §8): a reused challenge,
 * a wrong md5 token, a login without a challenge, an idle-expired / unknown / logged-out cookie and an
 * action outside the API user's permissions. Plus a secret canary over the client's session flows.
 */
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { md5Token, UcmSession } from '../../../src-main/connectors/ucm/session';
import { CallboardError } from '../../../src-main/core/errors';
import { setLogLevel, setLogSink } from '../../../src-main/core/log';
import { rig, type Rig } from './helpers';

let r: Rig | null = null;
afterEach(async () => {
  await r?.sim.stop();
  r = null;
  setLogSink((l) => process.stderr.write(l + '\n'));
  setLogLevel('warn');
});

type Reply = { status: number; response?: Record<string, unknown> };

function api(port: number, request: Record<string, unknown>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ request });
    const req = https.request(
      { host: '127.0.0.1', port, path: '/api', method: 'POST', rejectUnauthorized: false, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function challenge(port: number, user = 'cdrapi'): Promise<string> {
  const c = await api(port, { action: 'challenge', user, version: '1.0' });
  expect(c.status).toBe(0);
  return String(c.response?.challenge);
}

async function login(port: number, password = 'cdrapi123'): Promise<string> {
  const ch = await challenge(port);
  const l = await api(port, { action: 'login', user: 'cdrapi', token: md5Token(ch, password) });
  expect(l.status).toBe(0);
  return String(l.response?.cookie);
}

describe('UCM simulator rejects what the UCM rejects', () => {
  it('a challenge is single-use: the same token a second time is -37', async () => {
    r = await rig();
    const ch = await challenge(r.sim.port);
    const token = md5Token(ch, 'cdrapi123');
    expect((await api(r.sim.port, { action: 'login', user: 'cdrapi', token })).status).toBe(0);
    expect((await api(r.sim.port, { action: 'login', user: 'cdrapi', token })).status).toBe(-37);
  });

  it('a wrong md5 token is -37 and burns the challenge; a login without a challenge is -37', async () => {
    r = await rig();
    const ch = await challenge(r.sim.port);
    expect((await api(r.sim.port, { action: 'login', user: 'cdrapi', token: md5Token(ch, 'cdrapi124') })).status).toBe(-37);
    expect((await api(r.sim.port, { action: 'login', user: 'cdrapi', token: md5Token(ch, 'cdrapi123') })).status).toBe(-37);
    expect((await api(r.sim.port, { action: 'login', user: 'cdrapi', token: md5Token('0000000000000000', 'cdrapi123') })).status).toBe(-37);
    // The token is md5(challenge + password), not md5(password + challenge).
    const ch2 = await challenge(r.sim.port);
    expect((await api(r.sim.port, { action: 'login', user: 'cdrapi', token: md5Token('cdrapi123', ch2) })).status).toBe(-37);
    expect(r.sim.counts().failedLogins).toBe(4);
  });

  it('a cookie idle for more than 600 s is -6; each request slides the window', async () => {
    r = await rig();
    const cookie = await login(r.sim.port);
    r.clock.advance(590_000);
    expect((await api(r.sim.port, { action: 'getSystemStatus', cookie })).status).toBe(0);
    r.clock.advance(590_000);
    expect((await api(r.sim.port, { action: 'getSystemStatus', cookie })).status).toBe(0);
    r.clock.advance(601_000);
    expect((await api(r.sim.port, { action: 'getSystemStatus', cookie })).status).toBe(-6);
    // Expired means gone: going back in time does not revive it.
    r.clock.advance(-601_000);
    expect((await api(r.sim.port, { action: 'getSystemStatus', cookie })).status).toBe(-6);
  });

  it('an unknown, missing or logged-out cookie is -6, also for cdrapi', async () => {
    r = await rig();
    expect((await api(r.sim.port, { action: 'getSystemStatus', cookie: 'sid123456789-1717243200' })).status).toBe(-6);
    expect((await api(r.sim.port, { action: 'listAccount' })).status).toBe(-6);
    expect((await api(r.sim.port, { action: 'cdrapi', format: 'json' })).status).toBe(-6);
    const cookie = await login(r.sim.port);
    expect((await api(r.sim.port, { action: 'logout', cookie })).status).toBe(0);
    expect((await api(r.sim.port, { action: 'getSystemStatus', cookie })).status).toBe(-6);
  });

  it('an action outside the API user permissions is -47, a permitted one works', async () => {
    r = await rig({ users: [{ user: 'cdrapi', password: 'cdrapi123', permissions: new Set(['cdrapi']) }] });
    const cookie = await login(r.sim.port);
    expect((await api(r.sim.port, { action: 'dialExtension', cookie, caller: '1000', callee: '1001' })).status).toBe(-47);
    expect((await api(r.sim.port, { action: 'Hangup', cookie, channel: 'PJSIP/1000-00000001' })).status).toBe(-47);
    expect(r.sim.dials).toHaveLength(0);
    const cdr = (await api(r.sim.port, { action: 'cdrapi', cookie, format: 'json', numRecords: '1' })) as unknown as { cdr_root: unknown[] };
    expect(cdr.cdr_root).toHaveLength(1);
  });

  it('a disabled or unknown user gets no challenge (-47)', async () => {
    r = await rig({ users: [{ user: 'cdrapi', password: 'cdrapi123', enabled: false }] });
    expect((await api(r.sim.port, { action: 'challenge', user: 'cdrapi', version: '1.0' })).status).toBe(-47);
    expect((await api(r.sim.port, { action: 'challenge', user: 'admin', version: '1.0' })).status).toBe(-47);
  });
});

describe('UCM secret canary', () => {
  it('password, challenge, md5 token and cookie never reach an error message or a log line', async () => {
    const lines: string[] = [];
    setLogLevel('debug');
    setLogSink((l) => lines.push(l));
    const password = 'CANARY-ucm-password-93be';
    r = await rig({ users: [{ user: 'cdrapi', password }], password });
    // Learn the values the session will see: a raw session on the same UCM uses the same formats.
    const s = new UcmSession(r.profile, r.secrets, r.clock.now);
    await s.call('getSystemStatus'); // challenge, login, cookie
    r.sim.dropSessions();
    await s.call('listAccount'); // -6 → re-login (logged at info)
    r.sim.failNext('listAccount', -6, 2);
    const errors: unknown[] = [];
    errors.push(await s.call('listAccount').catch((e: unknown) => e)); // repeated -6 surfaces
    await r.secrets.set('hq', 'password', 'CANARY-ucm-wrong-password-1c');
    const s2 = new UcmSession(r.profile, r.secrets, r.clock.now);
    errors.push(await s2.call('getSystemStatus').catch((e: unknown) => e)); // -37
    await s.logout();
    await r.sim.stop();
    const s3 = new UcmSession(r.profile, r.secrets, r.clock.now);
    errors.push(await s3.call('getSystemStatus').catch((e: unknown) => e)); // connection refused
    r = null;

    expect(errors.every((e) => e instanceof CallboardError)).toBe(true);
    expect(lines.some((l) => l.includes('logging in again once'))).toBe(true);
    const texts = [...lines, ...errors.map((e) => `${(e as Error).message} ${JSON.stringify((e as CallboardError).details)}`)];
    for (const t of texts) {
      expect(t).not.toContain('CANARY-ucm');
      expect(t).not.toMatch(/sid\d{6,}-\d{9,}/); // a UCM cookie
      expect(t).not.toMatch(/\b[0-9a-f]{32}\b/); // an md5 token
      expect(t).not.toMatch(/\b\d{16}\b/); // a challenge
    }
  });
});
