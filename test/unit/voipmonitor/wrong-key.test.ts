/** Any wrong key is reported as a wrong key, not as a truncated reply (the first-block heuristic). */
import { describe, expect, it } from 'vitest';
import { createCipheriv, createHash } from 'node:crypto';
import { aesMaterialFromBase64 } from '../../../src-main/connectors/voipmonitor/cipher';
import { decodeReply } from '../../../src-main/connectors/voipmonitor/reply';
import { CallboardError } from '../../../src-main/core/errors';

const KEY = Buffer.from('0123456789abcdef');
const IV = Buffer.from('fedcba9876543210');

/** What the sniffer sends for an envelope it cannot open: "failed aes decrypt!\n" under ITS key. */
function sensorReply(text: string): Buffer {
  const c = createCipheriv('aes-128-cbc', KEY, IV);
  return Buffer.concat([Buffer.from('aes:'), c.update(text), c.final()]);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CallboardError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('wrong AES key classification', () => {
  it('300 different wrong keys all give "auth" for the sniffer\'s failed-decrypt reply', () => {
    const reply = sensorReply('failed aes decrypt!\n');
    const codes = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const key = createHash('sha256').update(`wrong-${i}`).digest().subarray(0, 16).toString('base64');
      const aes = aesMaterialFromBase64('aes-128-cbc', key, IV.toString('base64'), 'hq');
      const code = codeOf(() => decodeReply({ sensor: 'hq', command: 'listcalls', aes, emptyOk: false, maxBodyBytes: 1 << 20 }, reply));
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(codes)).toEqual({ auth: 300 });
  });

  it('with the right key a reply cut after whole blocks is still "incomplete" (protocol)', () => {
    const full = sensorReply('[["callreference","caller"],["0x1","100"],["0x2","200"]]\n');
    const aes = aesMaterialFromBase64('aes-128-cbc', KEY.toString('base64'), IV.toString('base64'), 'hq');
    const e = (() => {
      try {
        decodeReply({ sensor: 'hq', command: 'listcalls', aes, emptyOk: false, maxBodyBytes: 1 << 20 }, full.subarray(0, 4 + 32));
      } catch (x) {
        return x as CallboardError;
      }
      return null;
    })();
    expect(e?.code).toBe('protocol');
    expect(e?.message).toMatch(/incomplete encrypted listcalls reply/);
  });
});
