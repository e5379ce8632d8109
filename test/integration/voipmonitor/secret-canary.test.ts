/**
 * Secret canary for VoIPmonitor: the AES key and IV (base64 as stored, and the raw bytes they decode to)
 * never appear in an error message, its details, or a log line, whatever fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { VoipmonitorSensor } from '../../../src-main/connectors/voipmonitor/sensor';
import { voipmonitorProfileSchema } from '../../../src-main/profiles/schema';
import { CallboardError } from '../../../src-main/core/errors';
import { setLogLevel, setLogSink } from '../../../src-main/core/log';
import { MemorySecretStore } from '../../helpers/memory-secrets';

const KEY_RAW = 'CanaryKeyQ7x!2pZ'; // 16 bytes
const IV_RAW = 'CanaryIvM4w#9kLr'; // 16 bytes
const b64 = (s: string) => Buffer.from(s).toString('base64');

let sim: VoipmonitorSim;
const lines: string[] = [];
beforeAll(async () => {
  sim = await startVoipmonitorSim({ aesKeyB64: b64('0123456789abcdef'), aesIvB64: b64('fedcba9876543210'), scenario: { count: 5, seed: 9 } });
  setLogLevel('debug');
  setLogSink((l) => lines.push(l));
});
afterAll(async () => {
  setLogSink((l) => process.stderr.write(l + '\n'));
  setLogLevel('warn');
  await sim.stop();
});

async function failureOf(secrets: MemorySecretStore, port: number, cipher: 'aes-128-cbc' | 'aes-256-cbc' = 'aes-128-cbc'): Promise<CallboardError> {
  const profile = voipmonitorProfileSchema.parse({ id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port }, cipher, timeoutMs: 1500 });
  const e = await VoipmonitorSensor.open({ secrets }, profile)
    .then((s) => s.listCalls())
    .then(
      () => null,
      (x: unknown) => x,
    );
  expect(e).toBeInstanceOf(CallboardError);
  return e as CallboardError;
}

describe('VoIPmonitor secret canary', () => {
  it('wrong key, key too short for the cipher, and an unreachable sensor: no key or IV in any output', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('hq', 'aesKey', b64(KEY_RAW));
    await secrets.set('hq', 'aesIv', b64(IV_RAW));
    const errors = [
      await failureOf(secrets, sim.port), // the sensor cannot decrypt: wrong key
      await failureOf(secrets, sim.port, 'aes-256-cbc'), // 16 bytes for a 32-byte cipher: config error
      await failureOf(secrets, 1), // nothing listening
    ];
    expect(errors.map((e) => e.code)).toEqual(['auth', 'config', 'connection']);
    for (const t of [...lines, ...errors.map((e) => `${e.message} ${JSON.stringify(e.details)}`)]) {
      for (const secret of [KEY_RAW, IV_RAW, b64(KEY_RAW), b64(IV_RAW), Buffer.from(KEY_RAW).toString('hex'), Buffer.from(IV_RAW).toString('hex')]) {
        expect(t).not.toContain(secret);
      }
    }
  });
});
