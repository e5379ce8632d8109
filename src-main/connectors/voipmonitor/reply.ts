/**
 * Turns the raw bytes a sensor sent (everything up to EOF) into a reply body, or into the specific
 * error an operator can act on (docs/VOIPMONITOR.md, Wire protocol; voipmonitor/sniffer manager.cpp).
 */
import { gunzipSync } from 'node:zlib';
import { CallboardError } from '../../core/errors';
import { aesDecryptRaw, decryptReply, isEncryptedReply, type AesMaterial } from './cipher';

export interface DecodeContext {
  /** Profile id / sensor name for messages. */
  sensor: string;
  command: string;
  aes: AesMaterial | null;
  emptyOk: boolean;
  /** Cap on the inflated body. */
  maxBodyBytes: number;
}

const NEED_AES = 'need aes!';
const FAILED_DECRYPT = 'failed aes decrypt!';
const NOT_FOUND = 'command not found';

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** A decrypted body that is neither gzip nor text is what a wrong key produces when the padding check passes by chance. */
function looksLikeText(b: Buffer): boolean {
  const n = Math.min(b.length, 256);
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) return false;
  }
  return true;
}

/**
 * Valid UTF-8 up to a sequence cut at the block end. looksLikeText alone accepts every byte >= 0x80, so
 * about one wrong key in six turned a "wrong key" block into "text" (an "incomplete reply" instead of
 * "the AES key is wrong"); random bytes are valid UTF-8 far more rarely.
 */
function isUtf8Prefix(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Compressed replies get a lower ceiling than plain ones and may expand at most MAX_GZIP_RATIO times:
 * a few KiB of gzip can inflate to gigabytes (deflate reaches ~1000:1), while listcalls replies of the
 * simulator compress 7-9:1 (100 to 20,000 calls). Both limits are enforced while inflating
 * (maxOutputLength), not afterwards.
 */
export const MAX_GZIP_BODY_BYTES = 64 * 1024 * 1024;
export const MAX_GZIP_RATIO = 200;

function inflate(ctx: DecodeContext, b: Buffer): Buffer {
  const ceiling = Math.min(ctx.maxBodyBytes, MAX_GZIP_BODY_BYTES);
  const byRatio = Math.max(64 * 1024, b.length * MAX_GZIP_RATIO);
  try {
    // Bigger output chunks: fewer pieces to stitch for multi-megabyte lists.
    return gunzipSync(b, { maxOutputLength: Math.min(ceiling, byRatio), chunkSize: 256 * 1024 });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      if (byRatio < ceiling) throw new CallboardError('protocol', `Sensor ${ctx.sensor} sent a compressed ${ctx.command} reply that expands more than ${MAX_GZIP_RATIO} times; it was refused.`);
      throw new CallboardError('protocol', `Sensor ${ctx.sensor} sent a ${ctx.command} reply larger than ${Math.round(ceiling / 1048576)} MiB; use a filter or a limit.`);
    }
    throw new CallboardError('protocol', `Sensor ${ctx.sensor} sent a compressed ${ctx.command} reply that is truncated or corrupt.`);
  }
}

export function decodeReply(ctx: DecodeContext, raw: Buffer): Buffer {
  if (raw.length === 0) {
    if (ctx.emptyOk) return raw;
    throw new CallboardError(
      'connection',
      `Sensor ${ctx.sensor} closed the connection without answering ${ctx.command}; it is probably starting up or shutting down. Callboard will retry.`,
      { data: { reason: 'empty-reply' } },
    );
  }
  let body: Buffer;
  if (isEncryptedReply(raw)) {
    if (!ctx.aes) {
      throw new CallboardError('config', `Sensor ${ctx.sensor} answered with an encrypted reply; set the cipher, AES key and IV of profile "${ctx.sensor}".`);
    }
    if ((raw.length - 4) % 16 !== 0 || raw.length === 4) {
      throw new CallboardError('protocol', `Sensor ${ctx.sensor} sent an incomplete encrypted ${ctx.command} reply (the connection ended mid-block).`);
    }
    try {
      body = decryptReply(ctx.aes, raw);
    } catch {
      // Right key but the reply stops early: the first block still decrypts to gzip or text.
      const first = aesDecryptRaw(ctx.aes, raw.subarray(4, 20));
      if (isGzip(first) || (first[0] !== undefined && first[0] >= 0x20 && looksLikeText(first) && isUtf8Prefix(first))) {
        throw new CallboardError('protocol', `Sensor ${ctx.sensor} sent an incomplete encrypted ${ctx.command} reply (the connection ended early).`);
      }
      // The sniffer answers an envelope it cannot open with "failed aes decrypt!" encrypted under ITS key.
      throw new CallboardError('auth', `Sensor ${ctx.sensor} could not decrypt our request: the AES key or IV of profile "${ctx.sensor}" is wrong.`);
    }
    if (!isGzip(body) && !looksLikeText(body)) {
      throw new CallboardError('auth', `Sensor ${ctx.sensor} could not decrypt our request: the AES key or IV of profile "${ctx.sensor}" is wrong.`);
    }
  } else {
    body = raw;
    const head = raw.subarray(0, 32).toString('latin1').trimEnd();
    if (head === NEED_AES) {
      throw new CallboardError('auth', `Sensor ${ctx.sensor} requires encryption: set the cipher, AES key and IV of profile "${ctx.sensor}" (manager_aes_key / manager_aes_iv from voipmonitor.conf).`);
    }
    if (head === FAILED_DECRYPT) {
      if (ctx.aes) throw new CallboardError('config', `Sensor ${ctx.sensor} has no AES key configured but profile "${ctx.sensor}" sends encrypted requests: set its cipher to "none" or configure the key on the sensor.`);
      throw new CallboardError('protocol', `Sensor ${ctx.sensor} reported a failed decryption of a request that was not encrypted.`);
    }
  }
  if (isGzip(body)) body = inflate(ctx, body);
  else if (body.length > ctx.maxBodyBytes) {
    throw new CallboardError('protocol', `Sensor ${ctx.sensor} sent a ${ctx.command} reply larger than ${Math.round(ctx.maxBodyBytes / 1048576)} MiB; use a filter or a limit.`);
  }
  if (body.length < 40 && body.toString('latin1').trimEnd() === NOT_FOUND) {
    throw new CallboardError('unsupported', `Sensor ${ctx.sensor} does not know the command "${ctx.command}"; the sniffer may be too old for Callboard.`);
  }
  if (body.length < 40 && body.toString('latin1').trimEnd() === FAILED_DECRYPT) {
    throw new CallboardError('auth', `Sensor ${ctx.sensor} could not decrypt our request: the AES key or IV of profile "${ctx.sensor}" is wrong.`);
  }
  return body;
}
