import { CallboardError } from '../core/errors';
import { CURRENT_VERSION } from './schema';

/**
 * Brings an older profiles document up to CURRENT_VERSION. Never loses data it does not understand:
 * unknown versions newer than ours are refused rather than rewritten.
 *
 * Version history:
 * - 0: a bare array of profiles, or an object without "version" (early hand-written files).
 * - 1: { version: 1, profiles: [...] }.
 */
export function migrate(raw: unknown, source: string): unknown {
  if (Array.isArray(raw)) return { version: CURRENT_VERSION, profiles: raw };
  if (!raw || typeof raw !== 'object') {
    throw new CallboardError('config', `${source} is not a profiles document (expected an object with "version" and "profiles").`);
  }
  const obj = raw as Record<string, unknown>;
  const v = obj.version;
  if (v === undefined) return { ...obj, version: CURRENT_VERSION };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new CallboardError('config', `${source} has an invalid "version" field.`);
  }
  if (v > CURRENT_VERSION) {
    throw new CallboardError(
      'config',
      `${source} was written by a newer Callboard (format version ${v}; this one reads up to ${CURRENT_VERSION}). Update Callboard; the file was left untouched.`,
    );
  }
  return obj;
}
