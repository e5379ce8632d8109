import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { CompactSign } from 'jose';
import { startWildixSim, DEFAULT_APP, type WildixSim } from '../../sims/wildix/server';
import { signRequest, type SignedRequest } from '../../../src-main/connectors/wildix/s2s-token';
import { phpJsonEncode, httpBuildQuery } from '../../../src-main/connectors/wildix/php-compat';
import { testWildix } from '../../../src-main/connectors/wildix/tester';
import { CallboardError } from '../../../src-main/core/errors';
import { TrustRequiredError } from '../../../src-main/core/trust';
import { contextFor, profileFor, rawRequest } from './helpers';
import type { AppContext } from '../../../src-main/core/context';

let sim: WildixSim;
const OTHER_APP = { id: 'ffeeddccbbaa', name: 'other-app', secret: 'another-secret-0987654321' };

beforeAll(async () => {
  sim = await startWildixSim({ apps: [DEFAULT_APP, OTHER_APP], basicUsers: { admin: 'pa55:word' } });
});
afterAll(async () => {
  await sim.stop();
});

const nowSec = () => Math.floor(Date.now() / 1000);
const app = () => ({ baseUrl: sim.url, appId: DEFAULT_APP.id, appName: DEFAULT_APP.name, secret: DEFAULT_APP.secret });

async function signedGet(extra: Partial<Parameters<typeof signRequest>[1]> = {}): Promise<SignedRequest> {
  return signRequest(app(), {
    method: 'GET',
    endpoint: '/api/v1/PBX/CallHistory/',
    params: { fields: 'id,start', filter: { start: { from: '2026-03-01 00:00:00', to: '2026-03-02 23:59:59' }, disposition: 'NO ANSWER' }, start: 0, count: 5 },
    headers: [['X-Trace-Id', 'abc-123']],
    iat: nowSec(),
    ...extra,
  });
}

function withHeader(h: [string, string][], name: string, value: string): [string, string][] {
  return h.map(([n, v]) => (n.toLowerCase() === name.toLowerCase() ? [n, value] : [n, v]));
}

describe('Wildix simulator verifies every S2S request from the bytes it received', () => {
  it('accepts an untouched signed GET', async () => {
    const s = await signedGet();
    const r = await rawRequest(sim, 'GET', s.target, s.headers);
    expect(r.status).toBe(200);
    expect((r.json as { type: string }).type).toBe('result');
  });

  it('rejects a changed method', async () => {
    const s = await signedGet();
    const r = await rawRequest(sim, 'DELETE', s.target, s.headers);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ type: 'error', reason: 'Request signature mismatch' });
  });

  it('rejects a changed path', async () => {
    const s = await signedGet();
    const r = await rawRequest(sim, 'GET', s.target.replace('/CallHistory/', '/Colleagues/'), s.headers);
    expect(r.status).toBe(401);
  });

  it.each([
    ['count', 'count=5', 'count=6'],
    ['start', 'start=0', 'start=1'],
    ['fields', 'fields=id%2Cstart', 'fields=id%2Cstart%2Cend'],
    ['nested filter', '%5Bfrom%5D=2026-03-01', '%5Bfrom%5D=2026-02-01'],
    ['filter value', 'NO+ANSWER', 'ANSWERED'],
  ])('rejects a changed query parameter (%s)', async (_label, from, to) => {
    const s = await signedGet();
    expect(s.target).toContain(from);
    const r = await rawRequest(sim, 'GET', s.target.replace(from, to), s.headers);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ reason: 'Request signature mismatch' });
  });

  it('rejects an added query parameter', async () => {
    const s = await signedGet();
    const r = await rawRequest(sim, 'GET', s.target + '&sort=id', s.headers);
    expect(r.status).toBe(401);
  });

  it('rejects a changed signed header', async () => {
    const s = await signedGet();
    const r = await rawRequest(sim, 'GET', s.target, withHeader(s.headers, 'X-Trace-Id', 'abc-124'));
    expect(r.status).toBe(401);
  });

  it('rejects a changed body and a changed body encoding', async () => {
    const body = { channel: 'Local/108@users', context: 'users', exten: '16144841500', priority: '1' };
    const s = await signRequest(app(), { method: 'POST', endpoint: '/api/v1/Originate/', body, headers: [['Content-Type', 'application/x-www-form-urlencoded']], iat: nowSec() });
    const tampered = await rawRequest(sim, 'POST', s.target, s.headers, httpBuildQuery({ ...body, exten: '900123456' }));
    expect(tampered.status).toBe(401);
    expect(sim.originates.length).toBe(0);
    const ok = await rawRequest(sim, 'POST', s.target, s.headers, httpBuildQuery(body));
    expect(ok.status).toBe(200);
    expect(sim.originates.at(-1)?.body).toEqual(body);
    // Same fields as JSON with the signed content type: the server parses the same map, so it passes;
    // JSON under the signed form content type parses differently and fails.
    const asJsonWrongType = await rawRequest(sim, 'POST', s.target, s.headers, phpJsonEncode(body));
    expect(asJsonWrongType.status).toBe(401);
  });

  it('rejects another app id, a wrong iss and a wrong secret', async () => {
    const s = await signedGet();
    const otherId = await rawRequest(sim, 'GET', s.target, withHeader(s.headers, 'X-APP-ID', OTHER_APP.id));
    expect(otherId.status).toBe(401);
    const unknownId = await rawRequest(sim, 'GET', s.target, withHeader(s.headers, 'X-APP-ID', 'nope'));
    expect(unknownId.json).toMatchObject({ reason: 'Unknown application' });

    const wrongIss = await signRequest({ ...app(), appName: 'someone-else' }, { method: 'GET', endpoint: '/api/v1/PBX/Colleagues/', iat: nowSec() });
    const r1 = await rawRequest(sim, 'GET', wrongIss.target, wrongIss.headers);
    expect(r1.json).toMatchObject({ reason: 'Invalid issuer' });

    const wrongSecret = await signRequest({ ...app(), secret: 'not-the-secret' }, { method: 'GET', endpoint: '/api/v1/PBX/Colleagues/', iat: nowSec() });
    const r2 = await rawRequest(sim, 'GET', wrongSecret.target, wrongSecret.headers);
    expect(r2.status).toBe(401);
    expect(r2.json).toMatchObject({ reason: 'Signature verification failed' });
  });

  it('rejects a token whose payload was edited after signing', async () => {
    const s = await signedGet();
    const [h, p, sig] = s.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { exp: number };
    claims.exp += 3600;
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    const r = await rawRequest(sim, 'GET', s.target, withHeader(s.headers, 'Authorization', `Bearer ${forged}`));
    expect(r.status).toBe(401);
  });

  it('rejects expired and future tokens', async () => {
    const expired = await signedGet({ iat: nowSec() - 301 });
    const r1 = await rawRequest(sim, 'GET', expired.target, expired.headers);
    expect(r1.json).toMatchObject({ reason: 'Expired token' });
    const future = await signedGet({ iat: nowSec() + 30 });
    const r2 = await rawRequest(sim, 'GET', future.target, future.headers);
    expect(r2.status).toBe(401);
    expect(String((r2.json as { reason: string }).reason)).toMatch(/iat/);
  });

  it('accepts a token signed with the header list as an object (Python clients)', async () => {
    const s = await signedGet({ headers: [] });
    const claims = JSON.parse(Buffer.from(s.token.split('.')[1] as string, 'base64url').toString('utf8')) as { sign: { headers: unknown } };
    claims.sign.headers = { '0': 'Host', '1': 'X-APP-ID' };
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
      .sign(new TextEncoder().encode(DEFAULT_APP.secret));
    const r = await rawRequest(sim, 'GET', s.target, withHeader(s.headers, 'Authorization', `Bearer ${token}`));
    expect(r.status).toBe(200);
  });
});

describe('Wildix leeway is configurable on the simulator', () => {
  it('accepts a slightly future token only within the leeway', async () => {
    const lenient = await startWildixSim({ leewaySec: 10 });
    try {
      const s = await signRequest({ ...app(), baseUrl: lenient.url }, { method: 'GET', endpoint: '/api/v1/PBX/Colleagues/', iat: nowSec() + 5 });
      expect((await rawRequest(lenient, 'GET', s.target, s.headers)).status).toBe(200);
      const far = await signRequest({ ...app(), baseUrl: lenient.url }, { method: 'GET', endpoint: '/api/v1/PBX/Colleagues/', iat: nowSec() + 60 });
      expect((await rawRequest(lenient, 'GET', far.target, far.headers)).status).toBe(401);
    } finally {
      await lenient.stop();
    }
  });
});

describe('Wildix client authentication and TLS', () => {
  it('signs in with S2S over a pinned certificate (tester message)', async () => {
    const p = profileFor(sim);
    const ctx = (await contextFor(p)) as unknown as AppContext;
    expect(await testWildix(ctx, p)).toBe('Signed in to Wildix 127.0.0.1 with app callboard; 42 colleagues; checked on a fresh connection.');
  });

  it('verifies against a test-supplied CA when nothing is pinned', async () => {
    const p = profileFor(sim, { tlsCertSha256: undefined });
    const ctx = (await contextFor(p)) as unknown as AppContext;
    expect(await testWildix(ctx, p, { ca: sim.ca })).toMatch(/^Signed in/);
  });

  it('asks the operator to trust an unknown certificate and sends nothing before', async () => {
    const p = profileFor(sim, { tlsCertSha256: undefined });
    const ctx = (await contextFor(p)) as unknown as AppContext;
    const before = sim.requests.length;
    const err = await testWildix(ctx, p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrustRequiredError);
    expect((err as TrustRequiredError).identity.fingerprint).toBe(sim.fingerprint256);
    expect(sim.requests.length).toBe(before);
  });

  it('refuses a changed certificate when one is pinned', async () => {
    const p = profileFor(sim, { tlsCertSha256: 'AA:' + sim.fingerprint256.slice(3) });
    const ctx = (await contextFor(p)) as unknown as AppContext;
    const before = sim.requests.length;
    await expect(testWildix(ctx, p)).rejects.toThrow(/has changed/);
    expect(sim.requests.length).toBe(before);
  });

  it('uses Basic auth when the profile says so, and reports a wrong password', async () => {
    const p = profileFor(sim, { auth: 'basic', basicUser: 'admin' });
    const ctx = await contextFor(p);
    await ctx.secrets.set(p.id, 'basicPassword', 'pa55:word');
    expect(await testWildix(ctx as unknown as AppContext, p)).toBe('Signed in to Wildix 127.0.0.1 with user admin; 42 colleagues; checked on a fresh connection.');
    expect(sim.requests.at(-1)?.auth).toBe('basic');
    await ctx.secrets.set(p.id, 'basicPassword', 'wrong-password');
    const err = await testWildix(ctx as unknown as AppContext, p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).code).toBe('auth');
    expect((err as CallboardError).message).toMatch(/rejected the password of user admin/);
    expect((err as CallboardError).message).not.toContain('wrong-password');
  });

  it('reports a wrong app secret as a token problem without leaking it', async () => {
    const p = profileFor(sim);
    const ctx = await contextFor(p);
    await ctx.secrets.set(p.id, 'appSecret', 'definitely-wrong-secret');
    const err = (await testWildix(ctx as unknown as AppContext, p).catch((e: unknown) => e)) as CallboardError;
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/rejected the token .*app ID\/secret and this workstation's clock/);
    expect(err.message).not.toContain('definitely-wrong-secret');
  });

  it('reports a missing secret as a configuration problem', async () => {
    const p = profileFor(sim);
    const ctx = await contextFor(p);
    await ctx.secrets.clear(p.id, 'appSecret');
    await expect(testWildix(ctx as unknown as AppContext, p)).rejects.toMatchObject({ code: 'config' });
  });

  it('corrects for a workstation clock far ahead of the PBX using the Date header', async () => {
    const p = profileFor(sim, { id: 'skewed' });
    const ctx = (await contextFor(p, () => Date.now() + 10 * 60_000)) as unknown as AppContext;
    const before = sim.requests.length;
    expect(await testWildix(ctx, p)).toMatch(/^Signed in/);
    const seen = sim.requests.slice(before).map((r) => r.status);
    expect(seen).toEqual([401, 200]);
  });

  it('explains the clock when the PBX gives no Date header to correct with', async () => {
    const noDate = await startWildixSim({ sendDate: false });
    try {
      const p = profileFor(noDate, { id: 'skewed2' });
      const ctx = (await contextFor(p, () => Date.now() - 10 * 60_000)) as unknown as AppContext;
      await expect(testWildix(ctx, p)).rejects.toThrow(/clock \(PBX said: Expired token\)/);
    } finally {
      await noDate.stop();
    }
  });
});
