/**
 * The manager API's AES envelope (docs/VOIPMONITOR.md, Wire protocol: AES envelope): request = "<cipher>:" + AES-CBC-PKCS7(line) +
 * ":sea", reply = "aes:" + AES-CBC-PKCS7(body). Static IV, raw key bytes from base64, no KDF, no MAC.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CallboardError } from '../../core/errors';

export type ManagerCipher = 'aes-128-cbc' | 'aes-256-cbc';

export interface AesMaterial {
  cipher: ManagerCipher;
  key: Buffer;
  iv: Buffer;
}

const KEY_BYTES: Record<ManagerCipher, number> = { 'aes-128-cbc': 16, 'aes-256-cbc': 32 };
const REPLY_PREFIX = Buffer.from('aes:');
const TRAILER = Buffer.from(':sea');

function decodeB64(value: string): Buffer | null {
  const s = value.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) && !/^[A-Za-z0-9_-]+={0,2}$/.test(s)) return null;
  return Buffer.from(s, s.includes('-') || s.includes('_') ? 'base64url' : 'base64');
}

/**
 * Turns the base64 values of voipmonitor.conf (manager_aes_key / manager_aes_iv) into key material.
 * The sniffer hands OpenSSL a raw pointer, so a short key would make it read past the string: refuse it.
 */
export function aesMaterialFromBase64(cipher: ManagerCipher, keyB64: string, ivB64: string, profileId: string): AesMaterial {
  const key = decodeB64(keyB64);
  const iv = decodeB64(ivB64);
  const need = KEY_BYTES[cipher];
  if (!key || key.length < need) {
    throw new CallboardError(
      'config',
      `The AES key of profile "${profileId}" must be the base64 value of manager_aes_key and decode to at least ${need} bytes for ${cipher}.`,
    );
  }
  if (!iv || iv.length < 16) {
    throw new CallboardError('config', `The AES IV of profile "${profileId}" must be the base64 value of manager_aes_iv and decode to at least 16 bytes.`);
  }
  // Extra bytes are ignored by the sniffer (OpenSSL takes exactly the cipher's lengths); do the same.
  return { cipher, key: Buffer.from(key.subarray(0, need)), iv: Buffer.from(iv.subarray(0, 16)) };
}

export function aesEncrypt(m: AesMaterial, plain: Buffer): Buffer {
  const c = createCipheriv(m.cipher, m.key, m.iv);
  return Buffer.concat([c.update(plain), c.final()]);
}

/** Throws (any error) when the ciphertext is not a whole number of blocks or the padding is wrong. */
export function aesDecrypt(m: AesMaterial, ct: Buffer): Buffer {
  const d = createDecipheriv(m.cipher, m.key, m.iv);
  return Buffer.concat([d.update(ct), d.final()]);
}

/** Decrypts without the padding check: used to tell a truncated reply (plausible first block) from a wrong key. */
export function aesDecryptRaw(m: AesMaterial, ct: Buffer): Buffer {
  const d = createDecipheriv(m.cipher, m.key, m.iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(ct), d.final()]);
}

/**
 * Wraps one command line. The server takes the ciphertext up to the FIRST ":sea", so a ciphertext that
 * happens to contain it would be cut; a trailing space changes the ciphertext and is ignored by the
 * sniffer's tokenizer (voipmonitor/sniffer manager.cpp, find_mgmt_cmd). Bounded: the chance per try is ~n/2^32.
 */
export function encryptRequest(m: AesMaterial, line: string): Buffer {
  let text = line;
  for (let i = 0; i < 8; i++) {
    const ct = aesEncrypt(m, Buffer.from(text, 'utf8'));
    if (!ct.includes(TRAILER)) return Buffer.concat([Buffer.from(`${m.cipher}:`, 'latin1'), ct, TRAILER]);
    text += ' ';
  }
  throw new CallboardError('internal', 'Could not build an AES request envelope.');
}

export function isEncryptedReply(buf: Buffer): boolean {
  return buf.length >= 4 && buf.subarray(0, 4).equals(REPLY_PREFIX);
}

/** Decrypts `aes:` + ciphertext; throws when it does not decrypt (wrong key or IV). */
export function decryptReply(m: AesMaterial, buf: Buffer): Buffer {
  return aesDecrypt(m, buf.subarray(4));
}

export const AES_REPLY_PREFIX = REPLY_PREFIX;
export const AES_TRAILER = TRAILER;
