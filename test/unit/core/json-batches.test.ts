/**
 * Parsing a top-level array in batches must be JSON.parse exactly: the same elements for every body
 * JSON.parse accepts, an error for every body it rejects, whatever the batch size and wherever "],["
 * appears (inside strings, nested arrays, across a UTF-8 character).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { jsonArrayBatches } from '../../../src-main/core/json-batches';

function batched(text: string, size: number): { rows: unknown[]; batches: number } | { error: true } {
  try {
    const parts = [...jsonArrayBatches(Buffer.from(text, 'utf8'), size)];
    return { rows: parts.flat(), batches: parts.length };
  } catch {
    return { error: true };
  }
}

/** JSON.parse of the text as the client decodes it (a lone surrogate becomes U+FFFD in UTF-8 and back). */
function whole(text: string): unknown[] | { error: true } {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'utf8').toString('utf8'));
    return Array.isArray(v) ? v : { error: true };
  } catch {
    return { error: true };
  }
}

/** Strings made to hold the separator and its pieces, brackets, quotes, escapes and non-ASCII text. */
const tricky = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('],[', '"],["', '\\', ']', '[', ',', 'é],[ü', '😀],[', '\u2028'),
  fc.array(fc.constantFrom('],[', '"', '\\', 'a', 'ž', ']', '['), { maxLength: 8 }).map((a) => a.join('')),
);
const cell = fc.oneof(tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const row = fc.oneof(
  { weight: 6, arbitrary: fc.array(cell, { maxLength: 8 }) },
  // Nested arrays and objects: a "],[" inside them is not a boundary of the top level.
  { weight: 1, arbitrary: fc.array(fc.oneof(cell, fc.array(cell, { maxLength: 3 }), fc.dictionary(tricky, cell, { maxKeys: 2 })), { maxLength: 5 }) },
  { weight: 1, arbitrary: cell },
);

describe('jsonArrayBatches', () => {
  it('gives exactly JSON.parse for arrays of rows, at any batch size', () => {
    let split = 0;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (rows, size) => {
        const text = JSON.stringify(rows);
        const r = batched(text, size);
        expect(r).toEqual({ rows: JSON.parse(text) as unknown[], batches: expect.any(Number) as number });
        if ('batches' in r && r.batches > 1) split++;
      }),
      { numRuns: 1500 },
    );
    // Most bodies were really parsed in several batches (not all in one piece).
    expect(split).toBeGreaterThan(700);
  });

  it('rejects every body JSON.parse rejects, and accepts the same ones, after any corruption', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 3, maxLength: 30 }), fc.nat(), fc.constantFrom('', ']', '[', ',', '"', '\\', '],[', ' ', 'x'), fc.nat({ max: 3 }), fc.integer({ min: 1, max: 48 }),
        (rows, at, insert, cut, size) => {
          const good = JSON.stringify(rows);
          const i = at % good.length;
          const text = good.slice(0, i) + insert + good.slice(i + cut);
          const w = whole(text);
          const b = batched(text, size);
          if ('error' in b) expect(w).toEqual({ error: true });
          else expect(b.rows).toEqual(w);
        }),
      { numRuns: 3000 },
    );
  });

  it('parses the sniffer layout in many batches and yields rows as they are reached', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`0x7f${i.toString(16)}`, `call-${i}@x],[y`, i, null, 'é'.repeat(i % 5)]);
    const text = JSON.stringify([['callreference', 'callid', 'n', 'z', 'u'], [{ total: 2000 }], ...rows]);
    const parts = jsonArrayBatches(Buffer.from(text), 4096);
    const first = parts.next();
    expect(first.done).toBe(false);
    // Only the first batch has been parsed: a fraction of the body.
    expect((first.value as unknown[]).length).toBeLessThan(200);
    const all = [...(first.value as unknown[]), ...[...parts].flat()];
    expect(all).toEqual(JSON.parse(text));
  });

  it('refuses a body that is not an array, as a whole', () => {
    expect(() => [...jsonArrayBatches(Buffer.from('{"total":3}'))]).toThrow(TypeError);
    expect(() => [...jsonArrayBatches(Buffer.from('[1,2'))]).toThrow(SyntaxError);
  });
});
