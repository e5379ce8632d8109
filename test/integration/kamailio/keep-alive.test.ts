/**
 * Polling a real kamailio reuses one verified TLS connection: xhttp answers HTTP/1.1 on the proxy's TLS
 * listener and keeps the TCP connection (tcp_connection_lifetime), so a poll every 2 s costs one
 * request, not a handshake. Figures are printed for docs/KAMAILIO.md.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { kamailioSkipReason, startKamailio, type TestKamailio } from '../../helpers/kamailio';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { kamailioProfileSchema, type KamailioProfile } from '../../../src-main/profiles/schema';
import { freshKamailioRpc, kamailioRpcFor } from '../../../src-main/connectors/kamailio/rpc';

const why = kamailioSkipReason();
const N = 40;

describe.skipIf(why !== null)(`Kamailio JSON-RPC connection reuse${why ? ` (skipped: ${why})` : ''}`, () => {
  let k: TestKamailio;
  let ctx: FakeContext;
  let profile: KamailioProfile;
  beforeAll(async () => {
    k = await startKamailio();
    profile = kamailioProfileSchema.parse({ id: 'edge', name: 'Edge', kind: 'kamailio', rpcUrl: k.rpcUrl, user: k.user, tlsCertSha256: k.certFingerprint });
    ctx = await fakeContext([profile], Date.now());
    await ctx.secrets.set('edge', 'rpcPassword', k.password);
  });
  afterAll(async () => {
    await ctx?.connections.closeAll();
    await k?.stop();
    await ctx?.cleanup();
  });

  it(`${N} sequential dlg.list polls open one TLS connection (timed beside ${N} fresh ones)`, async () => {
    const pooled = kamailioRpcFor(ctx, profile);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) expect(await pooled.call('dlg.list')).toEqual([]);
    const pooledMs = performance.now() - t0;
    const fresh = freshKamailioRpc(ctx, profile);
    const t1 = performance.now();
    for (let i = 0; i < N; i++) expect(await fresh.call('dlg.list')).toEqual([]);
    const freshMs = performance.now() - t1;
    console.log(`kamailio dlg.list x${N}: kept-alive ${pooledMs.toFixed(0)} ms (${pooled.connectionStats?.connections} connection), fresh connections ${freshMs.toFixed(0)} ms`);
    expect(pooled.connectionStats).toMatchObject({ connections: 1, requests: N, staleRetries: 0 });
    // Which is faster is a benchmark's claim (bench/kamailio.bench.ts, docs/KAMAILIO.md), not a test's: on
    // a loaded 2-core CI machine the two wall times cross.
  });
});
