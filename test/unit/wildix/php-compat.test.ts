import { describe, it, expect } from 'vitest';
import { canonicalData, httpBuildQuery, parseStr, phpJsonEncode, phpKeyCompare, phpTrim } from '../../../src-main/connectors/wildix/php-compat';
import { signRequest } from '../../../src-main/connectors/wildix/s2s-token';
import { pruneParams } from '../../../src-main/connectors/wildix/client';

describe('PHP behaviours the S2S signature depends on', () => {
  it('trims only PHP whitespace', () => {
    expect(phpTrim(' \t\n\r\0\x0B 108 \x0B')).toBe('108');
    // U+00A0 and U+FEFF are trimmed by JS but not by PHP.
    expect(phpTrim('\u00a0x\ufeff')).toBe('\u00a0x\ufeff');
  });

  it('orders keys like PHP 8.2 ksort', () => {
    expect(['b', 'x1', 'ab', '10', 'a_b', '9', 'a'].sort(phpKeyCompare)).toEqual(['9', '10', 'a', 'a_b', 'ab', 'b', 'x1']);
    expect(['searchfields', 'search'].sort(phpKeyCompare)).toEqual(['search', 'searchfields']);
  });

  it('writes the canonical form: lower-cased keys, trimmed values, booleans, lists, nested maps', () => {
    expect(canonicalData({ searchFields: 'extension', search: '  108 ', Flag: true, off: false, ids: ['1', '2'], filter: { B: { to: 'x' } }, n: null })).toBe(
      'filter:b:to:x;;;flag:1;ids:0:1;1:2;;n:;off:0;search:108;searchfields:extension;',
    );
  });

  it('lets the later of two keys that differ only in case win, folding ASCII only', () => {
    expect(canonicalData({ Count: '1', count: '2' })).toBe('count:2;');
    expect(canonicalData({ ÉTAT: '1' })).toBe('État:1;');
  });

  it('encodes JSON like json_encode with JSON_UNESCAPED_SLASHES', () => {
    expect(phpJsonEncode({ iss: 'Op\u00e9rateur/Console', t: 'a"b\\c\n\u0001', e: '\u{1F600}' })).toBe(
      '{"iss":"Op\\u00e9rateur/Console","t":"a\\"b\\\\c\\n\\u0001","e":"\\ud83d\\ude00"}',
    );
    expect(() => phpJsonEncode({ f: 0.1 })).toThrow();
  });

  it('builds and parses query strings with PHP rules', () => {
    const q = httpBuildQuery({ filter: { disposition: 'NO ANSWER', start: { from: '02/06/2020 00:01' } }, ok: true, a: "x~!'()*" });
    expect(q).toBe('filter%5Bdisposition%5D=NO+ANSWER&filter%5Bstart%5D%5Bfrom%5D=02%2F06%2F2020+00%3A01&ok=1&a=x%7E%21%27%28%29%2A');
    expect(parseStr(q)).toEqual({ filter: { disposition: 'NO ANSWER', start: { from: '02/06/2020 00:01' } }, ok: '1', a: "x~!'()*" });
    expect(parseStr('a.b=1&a[]=x&a[]=y&c=1&c=2&bad=%zz')).toEqual({ a_b: '1', a: { '0': 'x', '1': 'y' }, c: '2', bad: '%zz' });
  });

  it('drops nulls and empty arrays before signing (they would be signed but never sent)', () => {
    expect(pruneParams({ a: null, b: [], c: { d: null }, e: '0', f: ['x', null] })).toEqual({ e: '0', f: ['x'] });
  });

  it('signs the body for POST but never for GET/DELETE', async () => {
    const app = { baseUrl: 'https://acme.wildixin.com/', appId: ' id ', appName: 'n', secret: 's' };
    const post = await signRequest(app, { method: 'POST', endpoint: 'api/v1/Originate/', body: { exten: '1' }, iat: 1 });
    expect(post.canonical).toBe('POST/api/v1/Originate/host:acme.wildixin.com;x-app-id:id;exten:1;');
    const del = await signRequest(app, { method: 'DELETE', endpoint: '/api/v1/CallHistory/5', body: { exten: '1' }, iat: 1 });
    expect(del.canonical).toBe('DELETE/api/v1/CallHistory/5host:acme.wildixin.com;x-app-id:id;');
    expect(del.body).toBeNull();
    await expect(signRequest(app, { method: 'GET', endpoint: '/x', headers: [['X-APP-ID', 'other']], iat: 1 })).rejects.toThrow();
  });
});
