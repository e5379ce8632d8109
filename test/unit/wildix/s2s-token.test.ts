import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { signRequest, type HttpMethod } from '../../../src-main/connectors/wildix/s2s-token';
import type { PhpMap } from '../../../src-main/connectors/wildix/php-compat';

interface Vector {
  id: string;
  inputs: {
    config: { host: string; app_id: string; app_name: string; secret_key: string };
    method: HttpMethod;
    endpoint: string;
    params: PhpMap | unknown[];
    body: PhpMap | unknown[];
    custom_headers: Record<string, string> | unknown[];
  };
  fixed_time: number;
  expected_authorization_header: string;
  derived: { request_target: string; canonical_request: string; sign_hash_sha256_hex: string; jwt_payload_json: string };
}

// PHP json_encode writes an empty array as [] where a map is meant: treat both as "nothing".
const asMap = (v: PhpMap | unknown[]): PhpMap => (Array.isArray(v) ? {} : v);

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/wildix/vectors-public.json', import.meta.url), 'utf8')) as Vector[];

describe('Wildix S2S signing against the public vectors', () => {
  for (const v of vectors) {
    it(`reproduces ${v.id} byte for byte`, async () => {
      const c = v.inputs.config;
      const signed = await signRequest(
        { baseUrl: c.host, appId: c.app_id, appName: c.app_name, secret: c.secret_key },
        {
          method: v.inputs.method,
          endpoint: v.inputs.endpoint,
          params: asMap(v.inputs.params),
          body: asMap(v.inputs.body),
          headers: Object.entries(asMap(v.inputs.custom_headers as PhpMap)).map(([k, x]) => [k, String(x)] as const),
          iat: v.fixed_time,
        },
      );
      expect(signed.canonical).toBe(v.derived.canonical_request);
      expect(signed.hash).toBe(v.derived.sign_hash_sha256_hex);
      expect(Buffer.from(signed.token.split('.')[1] as string, 'base64url').toString('utf8')).toBe(v.derived.jwt_payload_json);
      expect(signed.headers.find(([n]) => n === 'Authorization')?.[1]).toBe(v.expected_authorization_header);
      expect(signed.target).toBe(v.derived.request_target);
    });
  }
});
