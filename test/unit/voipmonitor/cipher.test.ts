import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { aesMaterialFromBase64, decryptReply, encryptRequest, aesEncrypt } from '../../../src-main/connectors/voipmonitor/cipher';
import { decodeReply } from '../../../src-main/connectors/voipmonitor/reply';
import { CallboardError } from '../../../src-main/core/errors';

interface Vectors {
  manager_aes_key_b64: string;
  manager_aes_iv_b64: string;
  key_hex: string;
  iv_hex: string;
  requests: Array<{ command: string; wire_hex: string; wire_len: number }>;
  responses: Array<{ plaintext: string; wire_hex: string }>;
}
const v = JSON.parse(readFileSync(new URL('../../fixtures/voipmonitor/manager-vectors.json', import.meta.url), 'utf8')) as Vectors;
const m = aesMaterialFromBase64('aes-128-cbc', v.manager_aes_key_b64, v.manager_aes_iv_b64, 'vec');

describe('AES envelope against the published vectors', () => {
  it('decodes key and IV from the voipmonitor.conf base64 values', () => {
    expect(m.key.toString('hex')).toBe(v.key_hex);
    expect(m.iv.toString('hex')).toBe(v.iv_hex);
  });

  for (const r of v.requests) {
    it(`builds the request for ${r.command} byte for byte`, () => {
      const wire = encryptRequest(m, r.command);
      expect(wire.toString('hex')).toBe(r.wire_hex);
      expect(wire.length).toBe(r.wire_len);
    });
  }

  for (const r of v.responses) {
    it(`decrypts the reply ${JSON.stringify(r.plaintext)}`, () => {
      const wire = Buffer.from(r.wire_hex, 'hex');
      expect(decryptReply(m, wire).toString('utf8')).toBe(r.plaintext);
      // And the reverse: a server-side encoder reproduces the same bytes.
      expect(Buffer.concat([Buffer.from('aes:'), aesEncrypt(m, Buffer.from(r.plaintext))]).toString('hex')).toBe(r.wire_hex);
    });
  }

  it('avoids a ciphertext containing ":sea" by padding the command with a space', () => {
    // Search a command whose ciphertext contains ":sea" would take ~2^32 tries; check the invariant instead.
    for (let i = 0; i < 500; i++) {
      const wire = encryptRequest(m, `listcalls {"limit":${i}}`);
      const body = wire.subarray('aes-128-cbc:'.length, wire.length - 4);
      expect(body.includes(':sea')).toBe(false);
      expect(wire.subarray(wire.length - 4).toString()).toBe(':sea');
    }
  });

  it('selects aes-256-cbc with a 32-byte key and refuses a short one', () => {
    const k32 = Buffer.alloc(32, 7).toString('base64');
    const m256 = aesMaterialFromBase64('aes-256-cbc', k32, v.manager_aes_iv_b64, 'p');
    expect(encryptRequest(m256, 'getversion').subarray(0, 12).toString()).toBe('aes-256-cbc:');
    expect(() => aesMaterialFromBase64('aes-256-cbc', v.manager_aes_key_b64, v.manager_aes_iv_b64, 'p')).toThrow(/at least 32 bytes/);
    expect(() => aesMaterialFromBase64('aes-128-cbc', 'not base64!!', v.manager_aes_iv_b64, 'p')).toThrow(CallboardError);
  });
});

describe('reply decoding: each failure has its own plain-language error', () => {
  const ctx = { sensor: 'hq', command: 'listcalls', aes: m, emptyOk: false, maxBodyBytes: 1 << 20 };
  const wrong = aesMaterialFromBase64('aes-128-cbc', Buffer.from('ffffffffffffffff').toString('base64'), v.manager_aes_iv_b64, 'w');

  it('need aes! -> set the AES key', () => {
    expect(() => decodeReply({ ...ctx, aes: null }, Buffer.from('need aes!\n'))).toThrow(/requires encryption: set the cipher, AES key and IV of profile "hq"/);
  });
  it('an undecryptable aes: reply -> the key or IV is wrong', () => {
    const failed = Buffer.from(v.responses.find((r) => r.plaintext === 'failed aes decrypt!\n')!.wire_hex, 'hex');
    let err: unknown;
    try {
      decodeReply({ ...ctx, aes: wrong }, failed);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).code).toBe('auth');
    expect((err as CallboardError).message).toMatch(/could not decrypt our request: the AES key or IV/);
  });
  it('command not found (encrypted) -> unsupported', () => {
    const nf = Buffer.from(v.responses.find((r) => r.plaintext === 'command not found\n')!.wire_hex, 'hex');
    expect(() => decodeReply(ctx, nf)).toThrow(/does not know the command "listcalls"/);
  });
  it('empty reply -> sensor starting up', () => {
    expect(() => decodeReply(ctx, Buffer.alloc(0))).toThrow(/starting up or shutting down/);
  });
  it('plaintext failed aes decrypt! -> the sensor has no key', () => {
    expect(() => decodeReply(ctx, Buffer.from('failed aes decrypt!\n'))).toThrow(/has no AES key configured/);
  });
  it('a reply cut mid-block -> incomplete, not "wrong key"', () => {
    const ok = Buffer.from(v.responses[0]!.wire_hex, 'hex');
    expect(() => decodeReply(ctx, ok.subarray(0, ok.length - 3))).toThrow(/incomplete encrypted/);
  });
  it('getversion decrypts to the version', () => {
    expect(decodeReply(ctx, Buffer.from(v.responses[0]!.wire_hex, 'hex')).toString()).toBe('2026.04.0');
  });
});
