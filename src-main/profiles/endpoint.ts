/**
 * Where a profile's stored secrets go and which identity it pins: the fields main compares before a
 * save (services/confirm-change.ts) and binds secrets to (secret-bindings.ts). Each backend says it
 * in its descriptor (`endpoint`, `pinnedIdentity`).
 */
import type { Profile } from './schema';
import { backendOf } from '../backends/registry';

export { NONE, show } from './fields';

/**
 * Where a profile's secrets go: every field that changes the host, port, socket, user or mode a
 * connector talks to with the stored secrets. Two profiles with the same endpoint key may use the
 * same secrets; anything else is a different place.
 */
export function endpointFields(p: Profile): Record<string, string> {
  return backendOf(p.kind).endpoint(p);
}

/** A stable string for "the same endpoint" (secret bindings, trust offers). */
export function endpointKey(p: Profile): string {
  return JSON.stringify([p.kind, endpointFields(p)]);
}

export function pinOf(p: Profile): { label: string; value: string | undefined } | null {
  return backendOf(p.kind).pinnedIdentity?.(p) ?? null;
}
