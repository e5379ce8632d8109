/** Field errors keyed by dotted path ("transport.host"), parsed from main's validation message. */
export type FieldErrors = Record<string, string>;

/**
 * Main's profile validation says "The profile is not valid: transport.host: a host name; port: …".
 * Pull out "path: message" pairs so the form can put each next to its field.
 */
export function parseFieldErrors(message: string): FieldErrors {
  const out: FieldErrors = {};
  const marker = 'is not valid: ';
  const at = message.indexOf(marker);
  if (at < 0) return out;
  const body = message.slice(at + marker.length).replace(/\.$/, '');
  for (const part of body.split('; ')) {
    const m = /^([A-Za-z0-9_.]+|\(top level\)): (.+)$/.exec(part.trim());
    if (m && m[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}

