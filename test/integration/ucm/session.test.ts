import { describe, it, expect, afterEach } from 'vitest';
import { rig, sharedCert, type Rig } from './helpers';
import { md5Token, UcmSession } from '../../../src-main/connectors/ucm/session';
import { CallboardError } from '../../../src-main/core/errors';
import { TrustRequiredError } from '../../../src-main/core/trust';
import { makeSimCert } from '../../sims/ucm/sim';

let r: Rig | null = null;
afterEach(async () => {
  await r?.sim.stop();
  r = null;
});

async function fails(p: Promise<unknown>): Promise<CallboardError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CallboardError);
    return e as CallboardError;
  }
  throw new Error('expected a failure');
}

describe('UCM session', () => {
  it('computes the guide token', () => {
    expect(md5Token('0000000891268968', 'cdrapi123')).toBe('f6cbb7818d08cbcd09549a382a3f14f9');
  });

  it('logs in with challenge + md5 token and sends the cookie in the JSON body', async () => {
    r = await rig();
    const s = r.session();
    const body = (await s.call('getSystemStatus')) as Record<string, string>;
    expect(body['system-time']).toMatch(/UTC\+02:00$/);
    expect(r.sim.requests.map((q) => q.action)).toEqual(['challenge', 'login', 'getSystemStatus']);
    expect(r.sim.requests[2]!.status).toBe(0);
    expect(s.stats.logins).toBe(1);
  });

  it('renews before the 10-minute idle expiry and reuses the cookie within it', async () => {
    r = await rig();
    const s = r.session();
    await s.call('getSystemStatus');
    r.clock.advance(500_000);
    await s.call('getSystemStatus');
    expect(s.stats.logins).toBe(1);
    r.clock.advance(560_000); // past the client's 540 s renewal point, before the UCM's 600 s
    await s.call('getSystemStatus');
    expect(s.stats.logins).toBe(2);
    expect(r.sim.requests.filter((q) => q.status === -6)).toHaveLength(0);
  });

  it('logs in again once and retries once on -6 (cookie dropped by the UCM)', async () => {
    r = await rig();
    const s = r.session();
    await s.call('getSystemStatus');
    r.sim.dropSessions();
    const body = (await s.call('listAccount')) as { account: unknown[] };
    expect(body.account.length).toBeGreaterThan(0);
    expect(r.sim.requests.map((q) => `${q.action}:${q.status}`).slice(-4)).toEqual(['listAccount:-6', 'challenge:0', 'login:0', 'listAccount:0']);
  });

  it('surfaces a repeated -6 after one retry instead of looping', async () => {
    r = await rig();
    const s = r.session();
    await s.call('getSystemStatus');
    r.sim.failNext('listAccount', -6, 5);
    const e = await fails(s.call('listAccount'));
    expect(e.details.status).toBe(-6);
    expect(r.sim.requests.filter((q) => q.action === 'listAccount')).toHaveLength(2);
  });

  it('does not stampede: concurrent requests share one login', async () => {
    r = await rig();
    const s = r.session();
    await Promise.all(Array.from({ length: 8 }, () => s.call('getSystemStatus')));
    expect(r.sim.counts().logins).toBe(1);
    expect(r.sim.counts().challenges).toBe(1);
  });

  it('wrong password: -37 with a plain message, never retried automatically', async () => {
    r = await rig({ password: 'wrong' });
    const s = r.session();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => s.call('getSystemStatus')));
    expect(results.every((x) => x.status === 'rejected')).toBe(true);
    const e = (results[0] as PromiseRejectedResult).reason as CallboardError;
    expect(e.code).toBe('auth');
    expect(e.details.status).toBe(-37);
    expect(e.message).toContain('UCM "HQ"');
    expect(e.message).toContain('rejected the password for API user "cdrapi"');
    expect(e.message).not.toContain('wrong');
    // One failed login only, although four requests were made: the failure is latched.
    expect(r.sim.counts().failedLogins).toBe(1);
    await r.secrets.set('hq', 'password', 'cdrapi123');
    await s.call('getSystemStatus');
    expect(r.sim.counts().failedLogins).toBe(1);
  });

  it('lockout: after 5 failures the UCM answers -68 and the client says what to do', async () => {
    r = await rig({ password: 'wrong' });
    for (let i = 0; i < 5; i++) {
      const s = new UcmSession(r.profile, r.secrets, r.clock.now);
      const e = await fails(s.call('getSystemStatus'));
      expect(e.details.status).toBe(-37);
    }
    expect(r.sim.banned()).toBe(true);
    await r.secrets.set('hq', 'password', 'cdrapi123');
    const s = r.session();
    const e = await fails(s.call('getSystemStatus'));
    expect(e.details.status).toBe(-68);
    expect(e.message).toMatch(/locked out/);
    // Latched while banned: no further attempt reaches the UCM.
    const before = r.sim.counts().challenges;
    await fails(s.call('getSystemStatus'));
    expect(r.sim.counts().challenges).toBe(before);
    r.clock.advance(301_000);
    await s.call('getSystemStatus');
    expect(s.loggedIn).toBe(true);
  });

  it('permission denied on an action: -47 names the action', async () => {
    r = await rig({ users: [{ user: 'cdrapi', password: 'cdrapi123', permissions: new Set(['getSystemStatus']) }] });
    const e = await fails(r.session().call('listAccount'));
    expect(e.details.status).toBe(-47);
    expect(e.message).toContain('"listAccount"');
  });

  it('IP not allowed: -47 on challenge explains the allow-lists', async () => {
    r = await rig({ users: [{ user: 'cdrapi', password: 'cdrapi123', allowedCidrs: ['10.0.0.0/8'] }] });
    const e = await fails(r.session().call('getSystemStatus'));
    expect(e.details.status).toBe(-47);
    expect(e.message).toMatch(/permitted IPs/);
  });

  it('first contact throws TrustRequiredError with the certificate details', async () => {
    r = await rig({ pin: false });
    const e = await fails(r.session().call('getSystemStatus'));
    expect(e).toBeInstanceOf(TrustRequiredError);
    const id = (e as TrustRequiredError).identity;
    expect(id.fingerprint).toBe(r.sim.fingerprint);
    expect(id.subject).toContain('UCM6304');
    expect(id.validTo).toMatch(/^\d{4}-/);
    expect(r.sim.requests).toHaveLength(0); // nothing was sent before the certificate was accepted
  });

  it('a changed certificate is a hard error naming both fingerprints', async () => {
    const other = await makeSimCert('UCM6304');
    r = await rig({ cert: other });
    const pinnedTo = (await import('node:crypto')).X509Certificate;
    const pin = new pinnedTo((await sharedCert()).cert).fingerprint256;
    const s = new UcmSession({ ...r.profile, tlsCertSha256: pin }, r.secrets, r.clock.now);
    const e = await fails(s.call('getSystemStatus'));
    expect(e).not.toBeInstanceOf(TrustRequiredError);
    expect(e.message).toContain(pin);
    expect(e.message).toContain(r.sim.fingerprint);
    expect(r.sim.requests).toHaveLength(0);
  });

  it('malformed replies become protocol errors, not crashes', async () => {
    r = await rig();
    const s = r.session();
    await s.call('getSystemStatus');
    r.sim.rawNext('listAccount', '<html>proxy error</html>');
    expect((await fails(s.call('listAccount'))).message).toMatch(/not JSON/);
    r.sim.rawNext('listAccount', '{"status":0}', 502);
    expect((await fails(s.call('listAccount'))).message).toMatch(/HTTP 502/);
    r.sim.rawNext('listAccount', '{"hello":1}');
    expect((await fails(s.call('listAccount'))).code).toBe('protocol');
  });

  it('logout invalidates the cookie on the UCM', async () => {
    r = await rig();
    const s = r.session();
    await s.call('getSystemStatus');
    expect(r.sim.counts().activeSessions).toBe(1);
    await s.logout();
    expect(r.sim.counts().activeSessions).toBe(0);
  });
});
