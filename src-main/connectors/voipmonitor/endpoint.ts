/** Where a sensor profile's secrets go, and which identity it pins (see core/backend.ts `endpoint`). */
import { NONE, show } from '../../profiles/fields';
import type { VoipmonitorProfile } from './profile';

/**
 * The sensor's CDR database: where its password goes (docs/VOIPMONITOR-HISTORY.md). Its certificate
 * pin is not part of the endpoint (as with the UCM's): pinOf names it, so accepting it on first
 * contact does not unbind the password entered for this database.
 */
export function sensorDatabaseFields(p: VoipmonitorProfile): Record<string, string> {
  const db = p.database;
  if (!db) return {};
  return {
    'CDR database': `${db.via === 'ssh' ? 'via SSH to ' : ''}${db.host}:${db.port}/${db.database}`,
    'CDR database user': db.user,
    'CDR database TLS': db.via === 'ssh' ? NONE : db.tls,
  };
}

export function sensorTransportFields(p: VoipmonitorProfile): Record<string, string> {
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

export function sensorPin(p: VoipmonitorProfile): { label: string; value: string | undefined } | null {
  if (p.transport.type === 'ssh') return { label: 'Pinned SSH host key', value: p.transport.hostKeySha256 };
  // A sensor reached without SSH whose CDR database is reached over TLS: that certificate is its pin.
  if (p.database?.via === 'direct' && p.database.tls === 'required') return { label: 'Pinned CDR database certificate (SHA-256)', value: p.database.tlsCertSha256 };
  return null;
}
