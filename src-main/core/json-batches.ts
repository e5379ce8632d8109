/**
 * JSON.parse of a large top-level array, a few hundred elements at a time.
 *
 * Why: a 10,000-call listcalls reply is ~5 MB of JSON and ~15 MB of parsed rows. Parsed whole, every
 * young-generation GC that runs while the rows are parsed and normalised has to copy all of them (and
 * promotes them to the old generation, which a full GC must then clear): the GC, not the parser, was
 * the largest cost of the live poll beyond the parse itself. Parsed in batches of ~32 KiB, only the
 * batch in hand is alive when a GC runs, and its rows are still in the CPU cache when they are read.
 *
 * Exact: the batches, concatenated, are JSON.parse(body), and a body JSON.parse rejects is rejected
 * (with a SyntaxError, possibly after earlier batches were yielded). A batch ends at the `]` of a
 * "],[" found after the batch size and is parsed as `[` + its bytes + `]`. Starting at an element of
 * the top-level array, that text parses only if the `]` closes an element of that same array: inside a
 * string the text would end in an unterminated string, inside a nested array it would leave a bracket
 * open. So a batch that parses ends at a true boundary, and the next one starts at the next element.
 * When a batch does not parse (a "],[" inside a string, or a real error), the next separators are
 * tried, and after a few the rest of the body is parsed in one piece, which either succeeds or throws
 * JSON.parse's own error. Splitting at an ASCII byte never cuts a UTF-8 sequence, so decoding in
 * pieces gives the same text as decoding whole.
 * VoIPmonitor joins listcalls rows with "," and no whitespace (calltable.cpp, `table += "," + rec_json`);
 * a body in another layout simply yields fewer, larger batches.
 */

/**
 * Small enough that a batch's text stays a regular V8 heap object: strings over 128 KiB
 * (kMaxRegularHeapObjectSize) go to the large-object space, and batches of 128 KiB measured slower than
 * one whole parse. A two-byte (non-ASCII) batch takes twice its bytes, so 32 KiB keeps a margin.
 */
export const BATCH_BYTES = 32 * 1024;

const OPEN = 0x5b; // [
/** Separators tried per batch; a body whose strings are full of "],[" is then parsed in fewer, larger pieces. */
const MAX_TRIES = 4;
const SEPARATOR = Buffer.from('],[', 'latin1');

function parsedOrNull(text: string): unknown[] | null {
  try {
    return JSON.parse(text) as unknown[];
  } catch {
    return null;
  }
}

/**
 * The elements of the JSON array in `body`, batch by batch (iterate once). A body that is not an
 * array (it does not start with `[`) is parsed whole and yielded as one batch only if it is an array;
 * otherwise a TypeError says it is not one.
 */
export function* jsonArrayBatches(body: Buffer, batchBytes = BATCH_BYTES): Generator<unknown[], void, undefined> {
  const size = body.length;
  if (body[0] !== OPEN || size <= 2 * batchBytes) {
    const whole: unknown = JSON.parse(body.toString('utf8'));
    if (!Array.isArray(whole)) throw new TypeError('not a JSON array');
    yield whole;
    return;
  }
  let start = 1;
  for (;;) {
    let p = start + batchBytes < size ? body.indexOf(SEPARATOR, start + batchBytes) : -1;
    // A separator inside a string (or a nested array) is not a boundary: the batch then does not
    // parse, and a few later separators are tried before the rest is parsed in one piece.
    let part: unknown[] | null = null;
    for (let tries = 0; p >= 0 && part === null && tries < MAX_TRIES; tries++) {
      part = parsedOrNull(`[${body.toString('utf8', start, p + 1)}]`);
      if (part === null) p = body.indexOf(SEPARATOR, p + 1);
    }
    if (part !== null) {
      yield part;
      start = p + 2;
      continue;
    }
    // The last batch (or the rest, after a separator that was not a boundary): it ends with the body's own `]`.
    yield JSON.parse(`[${body.toString('utf8', start)}`) as unknown[];
    return;
  }
}
