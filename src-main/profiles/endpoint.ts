/**
 * Where a profile's stored secrets go and which identity it pins: the fields main compares before a
 * save (services/confirm-change.ts) and binds secrets to (secret-bindings.ts).
 */
import type { Profile } from './schema';

export const NONE = '(none)';

export function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return NONE;
  return String(v);
}

/**
 * Where a profile's secrets go: every field that changes the host, port, socket, user or mode a
 * connector talks to with the stored secrets. Two profiles with the same endpoint key may use the
 * same secrets; anything else is a different place.
 */
export function endpointFields(p: Profile): Record<string, string> {
  switch (p.kind) {
    case 'ucm':
      return { 'Base URL': p.baseUrl, User: p.user };
    case 'wildix':
      return { 'Base URL': p.baseUrl, Authentication: p.auth, 'Basic user': show(p.basicUser), 'App id': show(p.appId) };
    case 'sipvault':
      return { 'Base URL': p.baseUrl, 'Customer id': p.customerId };
    case 'voipmonitor':
      return { ...sensorTransportFields(p), ...sensorDatabaseFields(p) };
  }
}

/**
 * The sensor's CDR database: where its password goes (docs/VOIPMONITOR-HISTORY.md). Its certificate
 * pin is not part of the endpoint (as with the UCM's): pinOf names it, so accepting it on first
 * contact does not unbind the password entered for this database.
 */
function sensorDatabaseFields(p: Extract<Profile, { kind: 'voipmonitor' }>): Record<string, string> {
  const db = p.database;
  if (!db) return {};
  return {
    'CDR database': `${db.via === 'ssh' ? 'via SSH to ' : ''}${db.host}:${db.port}/${db.database}`,
    'CDR database user': db.user,
    'CDR database TLS': db.via === 'ssh' ? NONE : db.tls,
  };
}

function sensorTransportFields(p: Extract<Profile, { kind: 'voipmonitor' }>): Record<string, string> {
  const t = p.transport;
  switch (t.type) {
    case 'tcp':
      return { Transport: 'tcp', Host: t.host, Port: String(t.port) };
    case 'unix':
      return { Transport: 'unix', 'Socket path': t.socketPath };
    case 'ssh':
      return {
        Transport: 'ssh',
        Host: t.host,
        Port: String(t.port),
        'SSH user': t.user,
        'SSH mode': t.mode,
        'SSH authentication': t.auth,
        'SSH key file': show(t.sshKeyPath),
        'Socket path': t.mode === 'tcp' ? NONE : t.socketPath,
        'Remote port': t.mode === 'tcp' ? String(t.remotePort) : NONE,
      };
  }
}

/** A stable string for "the same endpoint" (secret bindings, trust offers). */
export function endpointKey(p: Profile): string {
  return JSON.stringify([p.kind, endpointFields(p)]);
}

export function pinOf(p: Profile): { label: string; value: string | undefined } | null {
  if (p.kind === 'ucm' || p.kind === 'wildix') return { label: 'Pinned certificate (SHA-256)', value: p.tlsCertSha256 };
  if (p.kind === 'voipmonitor' && p.transport.type === 'ssh') return { label: 'Pinned SSH host key', value: p.transport.hostKeySha256 };
  // A sensor reached without SSH whose CDR database is reached over TLS: that certificate is its pin.
  if (p.kind === 'voipmonitor' && p.database?.via === 'direct' && p.database.tls === 'required') return { label: 'Pinned CDR database certificate (SHA-256)', value: p.database.tlsCertSha256 };
  return null;
}

