import { CallboardError } from './errors';

/**
 * Decides whether a URL may be handed to the OS browser (checklist item 15): https only, no
 * credentials, and under one of the allowed base URLs — compared as parsed origins and path
 * segments, never with string prefixes ("https://vault.example.com.evil.net" is not under
 * "https://vault.example.com").
 */
export function checkExternalUrl(raw: string, allowedBases: readonly string[]): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CallboardError('policy', 'That link is not a valid URL.');
  }
  if (u.protocol !== 'https:') throw new CallboardError('policy', 'Only https links can be opened.');
  if (u.username || u.password) throw new CallboardError('policy', 'Links with embedded credentials are not opened.');
  for (const base of allowedBases) {
    let b: URL;
    try {
      b = new URL(base);
    } catch {
      continue;
    }
    if (b.origin !== u.origin) continue;
    const basePath = b.pathname.replace(/\/+$/, '');
    if (basePath === '' || u.pathname === basePath || u.pathname.startsWith(basePath + '/')) return u;
  }
  throw new CallboardError('policy', `Callboard only opens links under a configured SIP VAULT address; ${u.host} is not one.`);
}
