/**
 * The few PHP behaviours the Wildix S2S signature depends on, reproduced exactly (Wildix/s2s-client-php
 * RequestFactory.php, docs/WILDIX.md): `trim`, `ksort` (PHP 8.2 SORT_REGULAR), `json_encode(..., JSON_UNESCAPED_SLASHES)`,
 * `http_build_query` and `parse_str`. No library reproduces PHP's quirks (qs, querystring and
 * JSON.stringify all differ on non-ASCII, `.` in names, `+`, nulls), so they are hand-written here.
 */

/** A PHP array as the S2S client sees it: ordered string keys (lists are maps with keys "0", "1", …). */
export type PhpValue = string | number | boolean | null | PhpValue[] | { [key: string]: PhpValue };
export type PhpMap = { [key: string]: PhpValue };

const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;

/** PHP `trim()` with its default character list, which differs from String.prototype.trim. */
export function phpTrim(s: string): string {
  return s.replace(PHP_TRIM, '');
}

const INT_KEY = /^(0|-?[1-9][0-9]*)$/;
const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** PHP turns decimal-integer string keys into int keys (within 64 bits). */
function isIntKey(k: string): boolean {
  return INT_KEY.test(k) && Number.isSafeInteger(Number(k));
}

/** PHP 8 `$a <=> $b` for two array keys, which is what ksort SORT_REGULAR uses. */
export function phpKeyCompare(a: string, b: string): number {
  const ai = isIntKey(a);
  const bi = isIntKey(b);
  const an = ai || NUMERIC.test(a);
  const bn = bi || NUMERIC.test(b);
  // int<=>int, int<=>numeric string and numeric string<=>numeric string compare as numbers.
  if ((ai || bi) && an && bn) return Math.sign(Number(a) - Number(b));
  if (!ai && !bi && an && bn) {
    const d = Math.sign(Number(a) - Number(b));
    if (d !== 0) return d;
  }
  // Everything else compares as byte strings (PHP 8 casts the int to its decimal string).
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Math.sign(Buffer.compare(ab, bb));
}

/** PHP `(string)` of a scalar, then trimmed: what getCanonicalData writes for a leaf. */
function scalarString(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') {
    // PHP and JS print floats differently (1e20 vs 1.0E+20): only integers are safe to sign.
    if (!Number.isSafeInteger(v)) throw new Error('Wildix signing supports integer numbers only');
    return String(v);
  }
  return phpTrim(v);
}

function entries(v: PhpValue[] | PhpMap): [string, PhpValue][] {
  return Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
}

/** PHP 8 array_change_key_case lower-cases ASCII only; String.prototype.toLowerCase would also fold "É". */
function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/**
 * `getCanonicalData`: lower-cased keys (a later key that collides wins), ksort, `key:value;`,
 * recursing into arrays.
 */
export function canonicalData(map: PhpValue[] | PhpMap): string {
  const lowered = new Map<string, PhpValue>();
  for (const [k, v] of entries(map)) lowered.set(asciiLower(k), v);
  const keys = [...lowered.keys()].sort(phpKeyCompare);
  let out = '';
  for (const k of keys) {
    const v = lowered.get(k) as PhpValue;
    out += k + ':' + (v !== null && typeof v === 'object' ? canonicalData(v) : scalarString(v)) + ';';
  }
  return out;
}

/**
 * `json_encode($x, JSON_UNESCAPED_SLASHES)`: no whitespace, "/" left alone, every non-ASCII UTF-16
 * unit as lower-case `\uXXXX`. Used for the JWT header and payload so the token is byte-identical
 * to the PHP client's.
 */
export function phpJsonEncode(v: PhpValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error('PHP JSON encoding supports integer numbers only');
    return String(v);
  }
  if (typeof v === 'string') return phpJsonString(v);
  if (Array.isArray(v)) return '[' + v.map(phpJsonEncode).join(',') + ']';
  return '{' + Object.entries(v).map(([k, x]) => phpJsonString(k) + ':' + phpJsonEncode(x)).join(',') + '}';
}

const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

function phpJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const short = SHORT_ESCAPES[c];
    if (short) out += short;
    else if (c < 0x20 || c > 0x7e) out += c === 0x7f ? '\x7f' : '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

/** PHP `urlencode` (RFC 1738): everything but A-Z a-z 0-9 - _ . is %XX, space is "+". */
export function phpUrlencode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/**
 * `http_build_query($data)`: nested keys as `a%5Bb%5D=`, booleans as 1/0, nulls and empty arrays
 * left out (which is why the client drops them before signing, docs/WILDIX.md).
 */
export function httpBuildQuery(map: PhpMap): string {
  const parts: string[] = [];
  const walk = (prefix: string, v: PhpValue): void => {
    if (v === null) return;
    if (typeof v === 'object') {
      for (const [k, x] of entries(v)) walk(`${prefix}%5B${phpUrlencode(k)}%5D`, x);
      return;
    }
    const wire = typeof v === 'boolean' ? (v ? '1' : '0') : typeof v === 'number' ? scalarString(v) : v;
    parts.push(`${prefix}=${phpUrlencode(wire)}`);
  };
  for (const [k, v] of Object.entries(map)) walk(phpUrlencode(k), v);
  return parts.join('&');
}

function decodeComponent(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    // PHP leaves malformed escapes as they are instead of failing.
    return plus.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/**
 * PHP `parse_str`: `a[b][c]=` nests, `a[]=` appends, `+` is a space, last duplicate wins, and "." or
 * " " in the top-level name becomes "_". Used by the simulator to rebuild what a client signed,
 * and by the signer for a query written into the endpoint string.
 */
export function parseStr(query: string, maxDepth = 64): PhpMap {
  const root: PhpMap = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    const open = rawName.indexOf('[');
    let base = open > 0 ? rawName.slice(0, open) : rawName;
    base = base.replace(/^ +/, '').replace(/[. ]/g, '_');
    if (base === '') continue;
    const path: string[] = [base];
    if (open > 0) {
      const re = /\[([^\]]*)\]/y;
      re.lastIndex = open;
      let m: RegExpExecArray | null;
      while (path.length <= maxDepth && (m = re.exec(rawName)) !== null) path.push(m[1] as string);
    }
    let node: PhpMap = root;
    for (let i = 0; i < path.length; i++) {
      let key = path[i] as string;
      if (key === '' && i > 0) key = String(nextIndex(node));
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const child = node[key];
        if (child === null || typeof child !== 'object' || Array.isArray(child)) node[key] = {};
        node = node[key] as PhpMap;
      }
    }
  }
  return root;
}

function nextIndex(m: PhpMap): number {
  let max = -1;
  for (const k of Object.keys(m)) if (isIntKey(k)) max = Math.max(max, Number(k));
  return max + 1;
}
