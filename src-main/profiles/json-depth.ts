/** Bounded JSON nesting, checked before JSON.parse and the recursive walks over its result. */

/** A profiles file nests about 5 levels deep (file → profiles → profile → dialPolicy → allow). */
export const MAX_JSON_DEPTH = 16;

/** The deepest [ / { nesting of JSON text, counted outside strings, stopping once past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
