/**
 * HTTPS keep-alive and TLS session resumption against the UCM simulator: one connection for a burst of
 * API calls while the server keeps it open, a resumed (and still pin-checked) handshake after the
 * server closed it, a clean fallback when the server closes every connection, and side-effect actions
 * (dial, hang-up) on a connection of their own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rig, type Rig } from './helpers';
import { listChannels } from '../../../src-main/connectors/ucm/channels';
import { ucmDial } from '../../../src-main/connectors/ucm/actions';
import { HttpsPool, pinnedJson } from '../../../src-main/connectors/tls/pinned-https';

let r: Rig | null = null;
afterEach(async () => {
  await r?.connections.closeAll();
  await r?.sim.stop();
  r = null;
});

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe('UCM HTTPS connections', () => {
  it('reuses one TLS connection for consecutive requests while the server keeps it open', async () => {
    r = await rig();
    const s = r.session();
    for (let i = 0; i < 8; i++) await listChannels(s);
    // challenge + login + 16 channel list requests
    expect(s.stats.requests).toBe(18);
    expect(r.sim.counts().tlsConnections).toBe(1);
    expect(s.https.stats.connections).toBe(1);
    await s.logout();
  });

  it('after the server closed an idle connection, reconnects with a resumed TLS session and checks the pin again', async () => {
    r = await rig({ keepAliveTimeoutMs: 2000 });
    const s = r.session();
    await listChannels(s);
    await sleep(2300);
    await listChannels(s);
    const c = r.sim.counts();
    expect(c.tlsConnections).toBe(2);
    expect(c.tlsResumed).toBe(1);
    expect(s.https.stats).toMatchObject({ connections: 2, resumed: 1 });
    await s.logout();
  });

  it('never resumes a session into a different pin: the new pin meets a full handshake and is refused', async () => {
    r = await rig({ keepAliveTimeoutMs: 2000 });
    const pool = new HttpsPool();
    const ask = (pin: string) =>
      pinnedJson({ pool, idempotent: true, url: `${r!.sim.url}/api`, json: { request: { action: 'challenge', user: 'cdrapi', version: '1.0' } }, pinSha256: pin, unpinned: 'trust-required', timeoutMs: 5000, maxBytes: 65536, what: 'UCM sim' });
    const good = r.profile.tlsCertSha256!;
    await ask(good);
    await sleep(2300);
    await ask(good);
    expect(pool.stats.resumed).toBe(1);
    await sleep(2300);
    const wrong = (good.startsWith('AA') ? 'BB' : 'AA') + good.slice(2);
    await expect(ask(wrong)).rejects.toThrow(/has changed: pinned/);
    expect(pool.stats.resumed).toBe(1);
    pool.close();
  });

  it('falls back to one connection per request when the server closes each one', async () => {
    r = await rig({ keepAlive: false });
    const s = r.session();
    for (let i = 0; i < 3; i++) await listChannels(s);
    expect(r.sim.counts().tlsConnections).toBe(8);
    // From the second connection on, the TLS session is resumed.
    expect(r.sim.counts().tlsResumed).toBeGreaterThanOrEqual(6);
    await s.logout();
  });

  it('dial goes over a connection of its own, never a kept-alive one', async () => {
    r = await rig();
    const deps = { secrets: r.secrets, now: r.clock.now, connections: r.connections };
    await ucmDial(deps, r.profile, { caller: '1000', callee: '1005', outbound: false });
    const before = r.sim.counts().tlsConnections;
    await ucmDial(deps, r.profile, { caller: '1000', callee: '1006', outbound: false });
    expect(r.sim.counts().tlsConnections).toBe(before + 1);
    expect(r.sim.dials).toHaveLength(2);
  });
});
