/**
 * SIP VAULT deep links (the SIP VAULT CDR Integration Guide's scheme, https://sipvault.sippulse.com.br/vault/cdr-integration-guide/):
 *   call_hash = first 16 hex of SHA-256(Call-ID UTF-8 bytes)
 *   ts        = floor(unix seconds / 3600)
 *   sig       = first 32 hex of HMAC-SHA256(secret, "{call_id}:{ts}")
 *   url       = {base}/call/{call_hash}?cid=…&callid=…&ts=…&sig=…
 *
 * Pure functions only: no keychain, no profiles. The secret is an argument and never part of any value
 * returned here. Query values use strict RFC 3986 encoding (only unreserved characters stay raw) so that
 * both strict and form-style (`+` = space) server decoders recover the Call-ID byte for byte.
 */
import { createHash, createHmac } from 'node:crypto';
import { CallboardError } from '../core/errors';

import { MAX_CALL_ID_BYTES, SIPVAULT_MAX_STORED_CALL_ID_BYTES } from './link-limits';
export { MAX_CALL_ID_BYTES, SIPVAULT_MAX_STORED_CALL_ID_BYTES } from './link-limits';

export interface SignedLink {
  url: string;
  callHash: string;
  ts: number;
  sig: string;
  /** End of hour ts+1: the last moment an inclusive ±1 hour check accepts the link. */
  validUntil: string;
  validUntilEpoch: number;
  /** Set when SIP VAULT may not have the call (Call-ID over 512 bytes). Plain language, no secret. */
  warning?: string;
}

export interface LinkInput {
  baseUrl: string;
  customerId: string;
  callId: string;
  secret: string;
  /** Unix seconds. */
  nowSeconds: number;
}

/** encodeURIComponent plus `! ' ( ) *`: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded. */
export function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function callHash(callId: string): string {
  return createHash('sha256').update(callId, 'utf8').digest('hex').slice(0, 16);
}

export function tsHour(unixSeconds: number): number {
  return Math.floor(unixSeconds / 3600);
}

export function signature(secret: string, callId: string, ts: number): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${callId}:${ts}`, 'utf8').digest('hex').slice(0, 32);
}

/** Base URL without trailing slashes, so `{base}/call/…` never becomes `//call/`. */
export function normalizeBaseUrl(base: string): string {
  return base.replace(/\/+$/, '');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Rejects what cannot be signed faithfully. The Call-ID is otherwise kept exactly as captured: no trim,
 * no case change (the agent stores the header value byte-exact).
 */
export function checkCallId(callId: string): { bytes: number } {
  if (typeof callId !== 'string' || callId.length === 0) {
    throw new CallboardError('usage', 'The Call-ID is empty; pick a call that has a SIP Call-ID.');
  }
  if (LONE_SURROGATE.test(callId)) {
    // crypto would hash U+FFFD instead, and encodeURIComponent throws: the link could never match.
    throw new CallboardError('usage', 'The Call-ID is not valid Unicode text (it contains a broken character), so it cannot be signed.');
  }
  if (callId.includes('\0')) throw new CallboardError('usage', 'The Call-ID contains a NUL character and cannot be signed.');
  const bytes = Buffer.byteLength(callId, 'utf8');
  if (bytes > MAX_CALL_ID_BYTES) {
    throw new CallboardError('usage', `The Call-ID is ${bytes} bytes long; Callboard signs Call-IDs of up to ${MAX_CALL_ID_BYTES} bytes.`);
  }
  return { bytes };
}

export function validUntilOf(ts: number): { validUntil: string; validUntilEpoch: number } {
  const validUntilEpoch = (ts + 2) * 3600;
  return { validUntilEpoch, validUntil: new Date(validUntilEpoch * 1000).toISOString() };
}

export function buildLink(input: LinkInput): SignedLink {
  const { bytes } = checkCallId(input.callId);
  if (!input.secret) throw new CallboardError('config', 'The SIP VAULT HMAC secret is empty.');
  if (!Number.isFinite(input.nowSeconds) || input.nowSeconds < 0) throw new CallboardError('usage', 'The signing time is not a valid Unix time.');
  const ts = tsHour(input.nowSeconds);
  const hash = callHash(input.callId);
  const sig = signature(input.secret, input.callId, ts);
  const url =
    `${normalizeBaseUrl(input.baseUrl)}/call/${hash}` +
    `?cid=${strictEncode(input.customerId)}&callid=${strictEncode(input.callId)}&ts=${ts}&sig=${sig}`;
  const out: SignedLink = { url, callHash: hash, ts, sig, ...validUntilOf(ts) };
  if (bytes > SIPVAULT_MAX_STORED_CALL_ID_BYTES) {
    out.warning = `This Call-ID is ${bytes} bytes long; SIP VAULT agents handle at most ${SIPVAULT_MAX_STORED_CALL_ID_BYTES}, so the call may not be found.`;
  }
  return out;
}
