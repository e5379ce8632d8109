import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { startVoipmonitorSim, DEMO_AES, type VoipmonitorSim } from '../../sims/voipmonitor';
import { VoipmonitorSensor } from '../../../src-main/connectors/voipmonitor/sensor';
import { encryptRequest, aesMaterialFromBase64 } from '../../../src-main/connectors/voipmonitor/cipher';
import { voipmonitorProfileSchema, type VoipmonitorProfile } from '../../../src-main/profiles/schema';
import { MemorySecretStore } from '../../helpers/memory-secrets';
import { errorOf } from '../../helpers/error-of';

function profile(port: number, extra: Partial<VoipmonitorProfile> = {}): VoipmonitorProfile {
  return voipmonitorProfileSchema.parse({ id: 'hq', name: 'HQ', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port }, cipher: 'aes-128-cbc', timeoutMs: 3000, ...extra });
}

async function secrets(key: string = DEMO_AES.keyB64, iv: string = DEMO_AES.ivB64): Promise<MemorySecretStore> {
  const s = new MemorySecretStore();
  await s.set('hq', 'aesKey', key);
  await s.set('hq', 'aesIv', iv);
  return s;
}


/** Raw exchange, to check the simulator itself rejects what the sniffer rejects. */
function raw(port: number, bytes: Buffer, halfClose = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.write(bytes);
      if (halfClose) s.end();
    });
    const chunks: Buffer[] = [];
    s.on('data', (c) => chunks.push(c));
    s.on('close', () => resolve(Buffer.concat(chunks)));
    s.on('error', reject);
  });
}

describe('VoIPmonitor manager over TCP (AES + gzip) against the simulator', () => {
  let sim: VoipmonitorSim;
  beforeAll(async () => {
    sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: 50, seed: 3 } });
  });
  afterAll(async () => sim.stop());

  it('lists live calls, normalised, with gzip requested and AES on the wire', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(sim.port));
    const { calls, summary } = await sensor.listCalls();
    expect(calls.length).toBe(50);
    expect(summary?.total).toBe(50);
    const last = sim.requests.at(-1)!;
    expect(last.command).toBe('listcalls');
    expect(last.encrypted).toBe(true);
    expect(last.line).toContain('"zip":"yes"');
    const c = calls[0]!;
    expect(c.key).toMatch(/^hq:0x7f[0-9a-f]+$/);
    expect(c.sensor).toBe('hq');
    expect(c.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(c.callerIp).toMatch(/^10\.0\.0\.\d+$/);
    for (const x of calls) {
      if (x.mosCaller !== null) expect(x.mosCaller).toBeGreaterThanOrEqual(1);
      if (x.mosCaller !== null) expect(x.mosCaller).toBeLessThanOrEqual(4.5);
    }
    expect(calls.some((x) => x.state === 'connected' && x.mosCaller !== null)).toBe(true);
  });

  it('pushes filters as JSON to the sensor and counts with limit:0', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(sim.port));
    const all = (await sensor.listCalls()).calls;
    const one = all[0]!;
    const { calls } = await sensor.listCalls({ filter: { called: one.called } });
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.every((c) => c.called === one.called)).toBe(true);
    expect(await sensor.countCalls()).toBe(50);
    expect(await sensor.countCalls({ callId: one.callId! })).toBe(1);
    expect(sim.requests.at(-1)!.line).toMatch(/^listcalls \{"limit":0,"filter":\[\{"callid":/);
  });

  it('reads version, health, registrations and one call\'s RTP streams', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(sim.port));
    expect(await sensor.version()).toBe('2026.04.0');
    const h = await sensor.health();
    expect(h.captureDrops).toBe(4);
    expect(h.activeCalls).toBe(50);
    expect(h.interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1']);
    const regs = await sensor.registrations();
    expect(regs.length).toBe(25);
    expect(regs[0]!.clientIp).toMatch(/^10\.0\.0\./);
    const connected = (await sensor.listCalls({ filter: { connectedOnly: true } })).calls[0]!;
    const d = await sensor.callDetail(connected.channel!);
    expect(d.rtpStreams.length).toBe(2);
    expect(d.fields['callid']).toBe(connected.callId);
    await expect(sensor.callDetail('0x1')).rejects.toThrow(/no longer has that call/);
  });

  it('needs aes! -> a profile without a key is told to set one', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, profile(sim.port, { cipher: 'none' }));
    expect(await sensor.version()).toBe('2026.04.0'); // getversion is allowed in plaintext
    const e = await errorOf(sensor.listCalls());
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/requires encryption/);
  });

  it('a wrong key -> "the AES key or IV is wrong"', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets(Buffer.from('0000000000000000').toString('base64')) }, profile(sim.port));
    const e = await errorOf(sensor.listCalls());
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/could not decrypt our request: the AES key or IV of profile "hq" is wrong/);
  });

  it('a missing key secret is a config error naming the secret', async () => {
    const e = await errorOf(VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, profile(sim.port)));
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/aesKey/);
  });

  it('the simulator rejects unknown commands, bad envelopes and plaintext like the sniffer', async () => {
    const m = aesMaterialFromBase64('aes-128-cbc', DEMO_AES.keyB64, DEMO_AES.ivB64, 'x');
    expect((await raw(sim.port, Buffer.from('bogus\r\n\r\n'))).toString()).toBe('command not found\n');
    expect((await raw(sim.port, Buffer.from('listcalls\r\n\r\n'))).toString()).toBe('need aes!\n');
    const nf = await raw(sim.port, encryptRequest(m, 'bogus_cmd_xyz'));
    expect(nf.toString('hex')).toBe('6165733a46873664d786b2018a52cbebea9b065c1cacf243a05de1723802a421a7f3b661');
    const bad = await raw(sim.port, Buffer.from('aes-128-cbc:0123456789abcdef:sea'));
    expect(bad.toString('hex')).toBe('6165733a9374df607eb9d698d5cb867986d694a61d3fd4fcbfbce7e27d533d86c5a66999');
    expect((await raw(sim.port, encryptRequest(m, 'getversion'))).toString('hex')).toBe('6165733aa4297f8c65ee8d85093c2468e3972681');
    // No half-close and no \r\n\r\n: the 500 ms idle rule still answers.
    const t0 = Date.now();
    expect((await raw(sim.port, Buffer.from('getversion\n'), false)).toString()).toBe('2026.04.0');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    expect(sim.dangerous).toEqual([]);
  });

  it('refuses to send anything but allowlisted commands, and CR/LF inside values', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(sim.port));
    const before = sim.requests.length;
    await expect(sensor.listCalls({ filter: { caller: '1000\r\nrestart' } })).rejects.toThrow(/cannot be searched for/);
    await expect(sensor.client.request('restart' as never)).rejects.toThrow(/does not send/);
    await expect(sensor.callDetail('0x1; restart')).rejects.toThrow(/not a VoIPmonitor call reference/);
    expect(sim.requests.length).toBe(before);
    expect(sim.dangerous).toEqual([]);
  });
});

describe('aes-256-cbc', () => {
  it('works end to end with a 32-byte key, and sorting/limit reach the sensor as JSON', async () => {
    const key32 = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const sim = await startVoipmonitorSim({ aesKeyB64: key32, aesIvB64: DEMO_AES.ivB64, scenario: { count: 12, seed: 4 } });
    try {
      const sensor = await VoipmonitorSensor.open({ secrets: await secrets(key32) }, profile(sim.port, { cipher: 'aes-256-cbc' }));
      const { calls } = await sensor.listCalls({ sortField: 'caller', sortDir: 'asc', limit: 5 });
      expect(calls.length).toBe(5);
      expect(calls.map((c) => c.caller)).toEqual([...calls.map((c) => c.caller)].sort());
      expect(sim.requests.at(-1)!.line).toBe('listcalls {"zip":"yes","limit":5,"sort_field":"caller","sort_dir":"asc"}');
      // Like OpenSSL in the sniffer, aes-128-cbc takes the first 16 bytes of the same key: both work.
      const as128 = await VoipmonitorSensor.open({ secrets: await secrets(key32) }, profile(sim.port, { cipher: 'aes-128-cbc' }));
      expect(await as128.countCalls()).toBe(12);
      // A different 32-byte key does not.
      const other = Buffer.from('fedcba9876543210fedcba9876543210').toString('base64');
      const wrong = await VoipmonitorSensor.open({ secrets: await secrets(other) }, profile(sim.port, { cipher: 'aes-256-cbc' }));
      expect((await errorOf(wrong.listCalls())).message).toMatch(/AES key or IV .* is wrong/);
    } finally {
      await sim.stop();
    }
  });
});

describe('failure modes: restart, truncation, size cap, garbage, timeouts', () => {
  let sim: VoipmonitorSim;
  beforeAll(async () => {
    sim = await startVoipmonitorSim({ aesKeyB64: DEMO_AES.keyB64, aesIvB64: DEMO_AES.ivB64, scenario: { count: 300, seed: 9 } });
  });
  afterAll(async () => sim.stop());

  it('a sensor starting up (empty replies) -> "starting up", then works again', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(sim.port));
    sim.restart(300, 'empty');
    const e = await errorOf(sensor.listCalls());
    expect(e.message).toMatch(/starting up or shutting down/);
    await new Promise((r) => setTimeout(r, 350));
    expect((await sensor.listCalls()).calls.length).toBe(300);
  });

  it('dropped connections -> a connection error, not a crash', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(sim.port));
    sim.restart(200, 'drop');
    const e = await errorOf(sensor.listCalls());
    expect(['connection']).toContain(e.code);
    await new Promise((r) => setTimeout(r, 250));
  });

  it('a truncated reply -> incomplete / corrupt, named as such', async () => {
    const sensor = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(sim.port));
    sim.truncateRepliesAt(1001);
    try {
      expect((await errorOf(sensor.listCalls())).message).toMatch(/incomplete encrypted/);
      sim.truncateRepliesAt(1028); // whole blocks: decrypts, but gzip is cut
      expect((await errorOf(sensor.listCalls())).message).toMatch(/incomplete encrypted listcalls reply/);
    } finally {
      sim.truncateRepliesAt(null);
    }
  });

  it('an oversized reply is cut at the wire cap and at the inflate cap', async () => {
    const small = await VoipmonitorSensor.open({ secrets: await secrets(), maxWireBytes: 2000 }, profile(sim.port));
    expect((await errorOf(small.listCalls())).message).toMatch(/sent more than .* MiB|stopped reading/);
    const inflateCap = await VoipmonitorSensor.open({ secrets: await secrets(), maxBodyBytes: 10_000 }, profile(sim.port));
    expect((await errorOf(inflateCap.listCalls())).message).toMatch(/larger than/);
  });

  it('garbage bytes from a "sensor" -> a clear protocol error', async () => {
    const plain = await VoipmonitorSensor.open({ secrets: new MemorySecretStore() }, profile(sim.port, { cipher: 'none' }));
    sim.overrideReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    try {
      expect((await errorOf(plain.version())).message).toMatch(/not a version/);
      expect((await errorOf(plain.listCalls())).message).toMatch(/not valid JSON/);
    } finally {
      sim.overrideReply(null);
    }
  });

  it('a silent server -> timeout error naming the sensor', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const s = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(port, { timeoutMs: 600 }));
      const e = await errorOf(s.version());
      expect(e.code).toBe('timeout');
      expect(e.message).toMatch(/Sensor hq did not finish answering getversion within 600 ms/);
    } finally {
      silent.close();
    }
  });

  it('nothing listening -> connection refused with a hint', async () => {
    const s = await VoipmonitorSensor.open({ secrets: await secrets() }, profile(1));
    const e = await errorOf(s.version());
    expect(e.code).toBe('connection');
    expect(e.message).toMatch(/refused the connection at 127\.0\.0\.1:1/);
  });
});
