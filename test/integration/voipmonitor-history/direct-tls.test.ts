/**
 * Direct TLS to a sensor's CDR database with the certificate pinned: a real MariaDB with a
 * throwaway certificate and the schema the real sniffer created (test/helpers/sensor-db.ts).
 * First contact asks (fingerprint = openssl's), the pin lets the search through, a different pin
 * refuses before any credential is sent, and a server without TLS is refused in words.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createVoipmonitorCdrSource } from '../../../src-main/connectors/voipmonitor/history/cdr-source';
import { voipmonitorProfileSchema, type VoipmonitorProfile } from '../../../src-main/profiles/schema';
import { TrustRequiredError } from '../../../src-main/core/trust';
import type { CdrQuery } from '../../../src-main/domain/cdr';
import { startSensorDb, startSensorDbs, seedCdrs, sensorDbUnavailableReason, type SensorDb } from '../../helpers/sensor-db';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { errorOf } from '../../helpers/error-of';
import { startVoipmonitorSim } from '../../sims/voipmonitor';
import { testConnection, acceptIdentity } from '../../../src-main/services/connection-test';
import { sensorPoolFor } from '../../../src-main/connectors/voipmonitor/live-source';

const why = sensorDbUnavailableReason();
if (why && process.env['CI'] === 'true') throw new Error(`CI=true: the direct-TLS database tests must run, but ${why}.`);
if (why) process.stdout.write(`Direct-TLS sensor database tests skipped: ${why}.\n`);

describe.runIf(!why)('sensor database over direct TLS with a pinned certificate', () => {
  let db: SensorDb;
  let plain: SensorDb;
  let ro: { user: string; password: string };
  let fingerprint: string;
  let ctx: FakeContext;
  const day = new Date();
  day.setHours(0, 0, 0, 0);
  const q = (id: string): CdrQuery => ({ profileId: id, from: day.toISOString(), to: new Date(day.getTime() + 86_399_000).toISOString(), limit: 1000 });
  const profile = (over: Record<string, unknown>, port = db.port): VoipmonitorProfile =>
    voipmonitorProfileSchema.parse({ id: 'tls', name: 'TLS', kind: 'voipmonitor', timeoutMs: 8000, transport: { type: 'tcp', host: '127.0.0.1', port: 1 }, database: { via: 'direct', host: '127.0.0.1', port, database: 'voipmonitor', user: ro.user, ...over } });
  const search = (p: VoipmonitorProfile) => createVoipmonitorCdrSource(ctx, p).search(q(p.id), { signal: new AbortController().signal, onPage: () => {} });

  beforeAll(async () => {
    [db, plain] = (await startSensorDbs({ tls: true }, {})) as [SensorDb, SensorDb];
    seedCdrs(db, 30);
    ro = db.createReadOnlyUser();
    plain.sql(`CREATE USER '${ro.user}'@'127.0.0.1' IDENTIFIED BY '${ro.password}'; GRANT SELECT ON voipmonitor.cdr TO '${ro.user}'@'127.0.0.1';`);
    fingerprint = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: db.certPem ?? '', encoding: 'utf8' }).trim().split('=')[1] ?? '';
    ctx = await fakeContext();
    await ctx.secrets.set('tls', 'dbPassword', ro.password);
  }, 120_000);
  afterAll(async () => {
    await ctx?.cleanup();
    await db?.stop();
    await plain?.stop();
  });

  it('first contact is a question with the fingerprint openssl shows', async () => {
    const e = await errorOf(search(profile({})));
    expect(e).toBeInstanceOf(TrustRequiredError);
    expect((e as TrustRequiredError).identity).toMatchObject({ kind: 'tls', fingerprint, subject: expect.stringContaining('sensor-db.test') });
  });

  it('the pinned certificate lets the search through, on TLS', async () => {
    const before = Number(db.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SSL_ACCEPTS'").trim());
    const r = await search(profile({ tlsCertSha256: fingerprint }));
    expect(r.fetched).toBe(30);
    expect(Number(db.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SSL_ACCEPTS'").trim())).toBeGreaterThan(before);
  });

  it('a different pin is refused before any login is attempted', async () => {
    const other = fingerprint.replace(/^[0-9A-F]{2}/, (h) => (h === '00' ? '01' : '00'));
    const counters = () => db.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('ACCESS_DENIED_ERRORS', 'CONNECTIONS') ORDER BY VARIABLE_NAME").trim().split('\n').map(Number);
    const [deniedBefore, connsBefore] = counters();
    const e = await errorOf(search(profile({ tlsCertSha256: other })));
    expect(e.code).toBe('connection');
    expect(e.message).toMatch(/has changed: pinned/);
    const [deniedAfter, connsAfter] = counters();
    expect(deniedAfter).toBe(deniedBefore);
    // Two connections since the first reading: the probe (it hangs up after the TLS handshake) and
    // the second reading itself. The real login was never started.
    expect((connsAfter ?? 0) - (connsBefore ?? 0)).toBe(2);
  });

  it('a server without TLS is refused in words, the password never sent', async () => {
    const e = await errorOf(search(profile({ tlsCertSha256: fingerprint }, plain.port)));
    expect(e.code).toBe('connection');
    expect(e.message).toMatch(/does not offer TLS/);
  });
});

describe.runIf(!why)('"Test connection" of a sensor with a direct TLS database', () => {
  it('shows the certificate on first contact, pins it when the operator confirms, then reports the database', async () => {
    const db = await startSensorDb({ tls: true });
    const sim = await startVoipmonitorSim({ scenario: { count: 1, seed: 2, startTime: Math.floor(Date.now() / 1000) - 10 } });
    const ctx = await fakeContext();
    try {
      const ro = db.createReadOnlyUser();
      await ctx.profiles.upsert({ id: 'vt', name: 'VT', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: sim.port }, database: { via: 'direct', host: '127.0.0.1', port: db.port, user: ro.user } } as never);
      await ctx.secrets.set('vt', 'dbPassword', ro.password);
      const first = await testConnection(ctx, 'vt');
      expect(first.ok).toBe(false);
      expect(first.trust?.kind).toBe('tls');
      ctx.platform.answer = true;
      const saved = await acceptIdentity(ctx, 'vt', first.trust!.fingerprint);
      expect(saved.kind === 'voipmonitor' && saved.database?.tlsCertSha256).toBe(first.trust!.fingerprint);
      expect(ctx.platform.requests.at(-1)?.changes.some((c) => c.label === 'Pinned CDR database certificate (SHA-256)')).toBe(true);
      const second = await testConnection(ctx, 'vt');
      expect(second).toMatchObject({ ok: true, message: expect.stringMatching(/CDR database .*every table and column/) });
    } finally {
      await sensorPoolFor(ctx).closeAll();
      await ctx.cleanup();
      await sim.stop();
      await db.stop();
    }
  }, 120_000);
});

describe.runIf(!why)('sensor database with a CA-issued certificate', () => {
  let db: SensorDb;
  let ro: { user: string; password: string };
  let fingerprint: string;
  let ctx: FakeContext;
  const day = new Date();
  day.setHours(0, 0, 0, 0);
  const q: CdrQuery = { profileId: 'ca', from: day.toISOString(), to: new Date(day.getTime() + 86_399_000).toISOString(), limit: 1000 };
  const profile = (pin?: string, host = '127.0.0.1'): VoipmonitorProfile =>
    voipmonitorProfileSchema.parse({ id: 'ca', name: 'CA', kind: 'voipmonitor', timeoutMs: 8000, transport: { type: 'tcp', host: '127.0.0.1', port: 1 }, database: { via: 'direct', host, port: db.port, database: 'voipmonitor', user: ro.user, ...(pin ? { tlsCertSha256: pin } : {}) } });
  const search = (p: VoipmonitorProfile, ca?: string) => createVoipmonitorCdrSource(ctx, p, ca ? { ca } : {}).search(q, { signal: new AbortController().signal, onPage: () => {} });
  const counters = () => db.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('ACCESS_DENIED_ERRORS', 'SSL_ACCEPTS') ORDER BY VARIABLE_NAME").trim().split('\n').map(Number);

  beforeAll(async () => {
    db = await startSensorDb({ tls: 'ca' });
    seedCdrs(db, 20);
    ro = db.createReadOnlyUser();
    fingerprint = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: db.certPem ?? '', encoding: 'utf8' }).trim().split('=')[1] ?? '';
    ctx = await fakeContext();
    await ctx.secrets.set('ca', 'dbPassword', ro.password);
  }, 120_000);
  afterAll(async () => {
    await ctx?.cleanup();
    await db?.stop();
  });

  it('first contact shows the certificate with its issuer, not the CA', async () => {
    const e = await errorOf(search(profile()));
    expect(e).toBeInstanceOf(TrustRequiredError);
    expect((e as TrustRequiredError).identity).toMatchObject({ fingerprint, subject: expect.stringContaining('sensor-db.test'), issuer: expect.stringContaining('Callboard test CA') });
  });

  it('pinned and issued by a CA this workstation trusts: the chain and the address are verified, then the search runs', async () => {
    const [, acceptsBefore] = counters();
    const r = await search(profile(fingerprint), db.caPem ?? '');
    expect(r.fetched).toBe(20);
    expect(counters()[1]).toBeGreaterThan(acceptsBefore ?? 0);
  });

  it('pinned but issued by a CA nobody here trusts: refused in words before the password is sent', async () => {
    const [deniedBefore] = counters();
    const e = await errorOf(search(profile(fingerprint)));
    expect(e.code).toBe('connection');
    expect(e.message).toMatch(/TLS certificate of the sensor database .* issued by a CA this workstation does not trust/);
    expect(counters()[0]).toBe(deniedBefore);
  });

  it('pinned and trusted, but for another name: refused before the password is sent', async () => {
    // "localhost" reaches the same server, but the certificate names 127.0.0.1 and sensor-db.test.
    const [deniedBefore] = counters();
    const e = await errorOf(search(profile(fingerprint, 'localhost'), db.caPem ?? ''));
    expect(e.code).toBe('connection');
    expect(e.message).toMatch(/does not name localhost/);
    expect(counters()[0]).toBe(deniedBefore);
  });

  it('a different pin is refused even though the CA vouches for the certificate', async () => {
    const other = fingerprint.replace(/^[0-9A-F]{2}/, (h) => (h === '00' ? '01' : '00'));
    const [deniedBefore] = counters();
    const e = await errorOf(search(profile(other), db.caPem ?? ''));
    expect(e.message).toMatch(/has changed: pinned/);
    expect(counters()[0]).toBe(deniedBefore);
  });
});
