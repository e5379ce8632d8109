import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildLink, callHash, signature, strictEncode, tsHour, validUntilOf, checkCallId } from '../../../src-main/links/sipvault';
import { verifyLink, parseQuery } from '../../sims/sipvault/verifier';

interface Vector {
  name: string;
  inputs: { secret: string; customer_id: string; base_url: string; call_id: string; now: number };
  call_id_length_chars: number;
  call_id_length_utf8_bytes: number;
  expected: { call_hash: string; ts_hour: number; payload: string; sig: string };
  expected_url: Record<'php_urlencode' | 'python_quote' | 'node_encodeURIComponent', string>;
  recommended_console_url: string;
  generators_agree: boolean;
  encoding_differences: Array<Record<string, string>>;
  decoders_recover_call_id: Record<string, { form_decoder_ok: boolean; strict_decoder_ok: boolean }>;
  spec_model_peer_status: Record<string, Record<string, [number, string]>>;
}

const file = JSON.parse(readFileSync(new URL('../../fixtures/sipvault/vectors-public.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

// The three reference generators' encoders, reproduced to check our reading of the vector file.
const phpUrlencode = (s: string) => strictEncode(s).replace(/%20/g, '+');
const pythonQuote = (s: string) => strictEncode(s).replace(/%2F/g, '/');
const encoders = { php_urlencode: phpUrlencode, python_quote: pythonQuote, node_encodeURIComponent: encodeURIComponent, recommended_rfc3986: strictEncode };

function urlWith(v: Vector, enc: (s: string) => string): string {
  const { inputs: i, expected: e } = v;
  return `${i.base_url}/call/${e.call_hash}?cid=${enc(i.customer_id)}&callid=${enc(i.call_id)}&ts=${e.ts_hour}&sig=${e.sig}`;
}

describe('SIP VAULT public vectors', () => {
  expect(file.vectors.length).toBeGreaterThanOrEqual(2);
  for (const v of file.vectors) {
    describe(v.name, () => {
      const i = v.inputs;
      it('reproduces hash, ts, payload, sig and the recommended URL', () => {
        expect([...i.call_id].length).toBe(v.call_id_length_chars);
        expect(Buffer.byteLength(i.call_id, 'utf8')).toBe(v.call_id_length_utf8_bytes);
        expect(checkCallId(i.call_id).bytes).toBe(v.call_id_length_utf8_bytes);
        expect(callHash(i.call_id)).toBe(v.expected.call_hash);
        expect(tsHour(i.now)).toBe(v.expected.ts_hour);
        expect(`${i.call_id}:${tsHour(i.now)}`).toBe(v.expected.payload);
        expect(signature(i.secret, i.call_id, v.expected.ts_hour)).toBe(v.expected.sig);
        const link = buildLink({ baseUrl: i.base_url, customerId: i.customer_id, callId: i.call_id, secret: i.secret, nowSeconds: i.now });
        expect(link.url).toBe(v.recommended_console_url);
        expect(link.callHash).toBe(v.expected.call_hash);
        expect(link.ts).toBe(v.expected.ts_hour);
        expect(link.sig).toBe(v.expected.sig);
        expect(link.validUntilEpoch).toBe((v.expected.ts_hour + 2) * 3600);
        expect(link.url).not.toContain(i.secret);
      });

      it('matches each reference generator URL, and their (dis)agreement', () => {
        for (const [name, url] of Object.entries(v.expected_url)) {
          expect(urlWith(v, encoders[name as keyof typeof encoders]), name).toBe(url);
        }
        const distinct = new Set(Object.values(v.expected_url));
        expect(distinct.size === 1).toBe(v.generators_agree);
        for (const d of v.encoding_differences) {
          const ch = d.char as string;
          expect(phpUrlencode(ch)).toBe(d.php_urlencode);
          expect(pythonQuote(ch)).toBe(d.python_quote);
          expect(encodeURIComponent(ch)).toBe(d.node_encodeURIComponent);
        }
      });

      it('decoder recovery table holds for form and strict decoders', () => {
        for (const [gen, want] of Object.entries(v.decoders_recover_call_id)) {
          const url = urlWith(v, encoders[gen as keyof typeof encoders]);
          const query = url.slice(url.indexOf('?') + 1);
          expect(parseQuery(query, true)?.get('callid') === i.call_id, `${gen} form`).toBe(want.form_decoder_ok);
          expect(parseQuery(query, false)?.get('callid') === i.call_id, `${gen} strict`).toBe(want.strict_decoder_ok);
        }
      });

      it('our spec-model verifier gives the peer statuses of the vector file', () => {
        for (const [peer, byGen] of Object.entries(v.spec_model_peer_status)) {
          const decode = peer.includes('strict') ? 'strict' : 'form';
          for (const [gen, [status, detail]] of Object.entries(byGen)) {
            const url = urlWith(v, encoders[gen as keyof typeof encoders]);
            const r = verifyLink(url.slice(i.base_url.length), { secret: i.secret, decode, nowSeconds: i.now });
            expect([r.status, r.detail], `${peer}/${gen}`).toEqual([status, detail]);
          }
        }
      });
    });
  }
});

describe('link details', () => {
  it('validUntil is the end of hour ts+1, in ISO UTC and epoch seconds', () => {
    expect(validUntilOf(493827)).toEqual({ validUntilEpoch: 493829 * 3600, validUntil: new Date(493829 * 3600 * 1000).toISOString() });
    expect(validUntilOf(493827).validUntil).toMatch(/T\d\d:00:00\.000Z$/);
  });

  it('normalises a trailing slash on the base URL', () => {
    const a = buildLink({ baseUrl: 'https://v.example.com/', customerId: 'c', callId: 'x@y', secret: 's3cr3t!', nowSeconds: 3600 });
    const b = buildLink({ baseUrl: 'https://v.example.com', customerId: 'c', callId: 'x@y', secret: 's3cr3t!', nowSeconds: 3600 });
    expect(a.url).toBe(b.url);
    expect(a.url).not.toContain('//call');
  });

  it('refuses lone surrogates, empty and oversized Call-IDs; warns above 512 bytes', () => {
    expect(() => checkCallId('')).toThrow(/empty/);
    expect(() => checkCallId('abc\uD800def')).toThrow(/broken character/);
    expect(() => checkCallId('x'.repeat(5000))).toThrow(/bytes long/);
    const w = buildLink({ baseUrl: 'https://v.example.com', customerId: 'c', callId: 'é'.repeat(300), secret: 'k'.repeat(8), nowSeconds: 0 });
    expect(w.warning).toMatch(/600 bytes/);
  });

  it('strict encoding leaves only RFC 3986 unreserved characters raw', () => {
    let all = '';
    for (let c = 0x20; c < 0x7f; c++) all += String.fromCharCode(c);
    expect(strictEncode(all).replace(/%[0-9A-F]{2}/g, '')).toMatch(/^[A-Za-z0-9._~-]*$/);
  });
});
