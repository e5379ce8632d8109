/**
 * Secret canary for Wildix error text: a PBX (or a proxy in front of it) that echoes the request's
 * Authorization header, JWT or app secret in its `reason` must not put any of them into an operator
 * message (renderer, CLI, audit) or a log line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WildixClient } from '../../../src-main/connectors/wildix/client';
import { cleanServerText as cleanReason } from '../../../src-main/core/log';
import type { HttpExchange, HttpRequest } from '../../../src-main/connectors/wildix/https-transport';
import { CallboardError } from '../../../src-main/core/errors';
import { setLogLevel, setLogSink } from '../../../src-main/core/log';
import { wildixProfileSchema } from '../../../src-main/profiles/schema';
import { MemorySecretStore } from '../../helpers/memory-secrets';

const APP_SECRET = 'CANARY-wildix-app-secret-7f3a9c';
const BASIC_PASSWORD = 'CANARY-wildix-basic-pw-51e0';

const logLines: string[] = [];
afterEach(() => {
  setLogSink((l) => process.stderr.write(l + '\n'));
  setLogLevel('warn');
  logLines.length = 0;
});

function profile(auth: 's2s' | 'basic') {
  return wildixProfileSchema.parse({
    id: 'echo',
    name: 'Echo PBX',
    kind: 'wildix',
    baseUrl: 'https://pbx.example.com',
    timeZone: 'UTC',
    ...(auth === 's2s' ? { appId: 'a1b2c3', appName: 'callboard' } : { auth: 'basic', basicUser: 'operator' }),
  });
}

/** A PBX that answers `status` and quotes everything it received in `reason`. */
function echoing(status: number, type: 'error' | 'warning' = 'error'): { exchange: HttpExchange; seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  const exchange: HttpExchange = async (req) => {
    seen.push(req);
    const auth = req.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
    const jwt = auth.replace(/^Bearer /, '');
    const reason = `rejected Authorization: ${auth} (token ${jwt}; creds ${auth.replace(/^Basic /, '')}; key ${APP_SECRET} pw ${BASIC_PASSWORD})`;
    return { status, headers: {}, body: Buffer.from(JSON.stringify({ type, reason, result: null })) };
  };
  return { exchange, seen };
}

/** Any 24-character piece of the credential: a reason cut at 200 characters must not show part of a token either. */
function pieces(credential: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 24 <= credential.length; i += 8) out.push(credential.slice(i, i + 24));
  return out;
}

async function failure(p: Promise<unknown>): Promise<CallboardError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CallboardError);
  return e as CallboardError;
}

describe('Wildix error text never carries a credential', () => {
  for (const auth of ['s2s', 'basic'] as const) {
    for (const status of [401, 403, 404, 400, 500]) {
      it(`${auth}, HTTP ${status}: the echoed token/header/secret is cut from the message and the log`, async () => {
        setLogLevel('debug');
        setLogSink((l) => logLines.push(l));
        const secrets = new MemorySecretStore();
        await secrets.set('echo', 'appSecret', APP_SECRET);
        await secrets.set('echo', 'basicPassword', BASIC_PASSWORD);
        const { exchange, seen } = echoing(status);
        const client = await WildixClient.open({ secrets, now: Date.now }, profile(auth), { exchange });
        const e = await failure(client.call('GET', '/api/v1/PBX/Colleagues/', (await import('zod')).z.unknown()));
        const sent = seen[0]!.headers.find(([n]) => n === 'Authorization')![1];
        const credential = sent.split(' ')[1]!;
        expect(credential.length).toBeGreaterThan(10);
        // The reason is still shown (the operator needs the PBX's words), only the credentials are gone.
        expect(e.message).toContain('rejected Authorization');
        for (const text of [e.message, JSON.stringify(e.details), ...logLines]) {
          for (const piece of pieces(credential)) expect(text).not.toContain(piece);
          expect(text).not.toContain(APP_SECRET);
          expect(text).not.toContain(BASIC_PASSWORD);
        }
      });
    }
  }

  it('a warning reason (returned to callers such as originate) is cleaned too', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('echo', 'appSecret', APP_SECRET);
    const { exchange, seen } = echoing(200, 'warning');
    const client = await WildixClient.open({ secrets, now: Date.now }, profile('s2s'), { exchange });
    const r = await client.call('POST', '/api/v1/Originate/', (await import('zod')).z.unknown(), { body: { channel: 'PJSIP/100' } });
    const jwt = seen[0]!.headers.find(([n]) => n === 'Authorization')![1].slice('Bearer '.length);
    expect(r.reason).toContain('rejected Authorization');
    for (const piece of pieces(jwt)) expect(r.reason).not.toContain(piece);
    expect(r.reason).not.toContain(APP_SECRET);
  });

  it('cleanReason keeps ordinary PBX text', () => {
    expect(cleanReason('Cannot handle token with iat prior to 2024-06-01T12:00:00+0000')).toBe('Cannot handle token with iat prior to 2024-06-01T12:00:00+0000');
    expect(cleanReason('Expired token')).toBe('Expired token');
    expect(cleanReason('x Bearer abc.def.ghi y')).toBe('x Bearer [redacted] y');
  });
});
