/**
 * VoIPmonitor sensors: live calls with quality, registrations, sensor health and call detail through
 * the sensor's manager API (docs/VOIPMONITOR.md), over TCP, a Unix socket or SSH.
 */
import { defineBackend } from '../../core/backend';
import { sensorDatabaseFields, sensorPin, sensorTransportFields } from './endpoint';
import { VOIPMONITOR_FORM } from './form';
import { createVoipmonitorLiveSource, sensorPoolFor } from './live-source';
import { voipmonitorProfileSchema, type VoipmonitorProfile } from './profile';
import { testVoipmonitor } from './tester';
import { createVoipmonitorCdrSource } from './history/cdr-source';

/** What the first-run screen says about this backend. */
const INTRO = {
  what: 'Live calls with voice quality (MOS, loss, jitter), registrations and the SIP messages of a call, from a VoIPmonitor sniffer’s manager API.',
  asks: [
    ['Transport', 'TCP to the manager port (5029), its Unix socket, or SSH to the sensor host.'],
    ['Manager encryption', 'The manager_aes_key / manager_aes_iv of voipmonitor.conf when set; they are kept in the system keychain.'],
    ['Sensor time zone', 'The zone of the sensor’s clock, so its times are shown right.'],
  ],
} as const;

export const voipmonitorBackend = defineBackend({
  kind: 'voipmonitor',
  label: 'VoIPmonitor sensor',
  profileSchema: voipmonitorProfileSchema,
  secrets: [
    { name: 'aesKey', label: 'Manager AES key' },
    { name: 'aesIv', label: 'Manager AES IV' },
    { name: 'sshPassword', label: 'SSH password' },
    { name: 'sshKeyPassphrase', label: 'SSH key passphrase' },
    { name: 'dbPassword', label: 'CDR database password' },
  ],
  // The AES pair only with a cipher, the SSH password only for password logins, the database password
  // only with a database block; a key passphrase is optional (keys may have none), so it never counts.
  neededSecrets: (p) => [
    ...(p.cipher !== 'none' ? ['aesKey', 'aesIv'] : []),
    ...(p.transport.type === 'ssh' && p.transport.auth === 'password' ? ['sshPassword'] : []),
    ...(p.database ? ['dbPassword'] : []),
  ],
  fields: VOIPMONITOR_FORM,
  intro: INTRO,
  endpoint: (p) => ({ ...sensorTransportFields(p), ...sensorDatabaseFields(p) }),
  pinnedIdentity: sensorPin,
  summary: (p) =>
    p.transport.type === 'tcp'
      ? `tcp ${p.transport.host}:${p.transport.port}`
      : p.transport.type === 'unix'
        ? `unix ${p.transport.socketPath}`
        : `ssh ${p.transport.user}@${p.transport.host}:${p.transport.port} (${p.transport.mode})`,
  test: testVoipmonitor,
  // The SSH host key of the sensor, and the certificate of its CDR database when reached directly over TLS.
  trust: [
    {
      kind: 'ssh',
      pin: (p: VoipmonitorProfile, fingerprint: string) => (p.transport.type === 'ssh' ? { ...p, transport: { ...p.transport, hostKeySha256: fingerprint } } : null),
    },
    {
      kind: 'tls',
      pin: (p: VoipmonitorProfile, fingerprint: string) =>
        p.database && p.database.via === 'direct' && p.database.tls === 'required' ? { ...p, database: { ...p.database, tlsCertSha256: fingerprint } } : null,
    },
  ],

  vaultProfileId: (p) => p.sipvaultProfileId,
  observesMedia: true,
  // The sensor database's filters follow the VoIPmonitor GUI's conventions (docs/VOIPMONITOR-HISTORY.md).
  cdrForm: { sensor: true, partyHint: '"," list, "%" wildcard, "!" excludes', callerPlaceholder: '1001,100% · %2002 · !1002', calleePlaceholder: '2002,200% · !3003' },
  timeZone: (p) => p.timeZone,
  capabilities: {
    liveCalls: (ctx, p, o) => createVoipmonitorLiveSource(sensorPoolFor(ctx), p, o.filter),
    findLiveCalls: async (ctx, p, q, signal) => {
      const sensor = await sensorPoolFor(ctx).get(p);
      const filter = q.callId ? { callId: q.callId } : { number: q.number ?? '' };
      const { calls } = await sensor.listCalls({ filter, limit: 50 }, signal);
      return q.callId ? calls.filter((c) => c.callId === q.callId) : calls;
    },
    registrations: async (ctx, p, q) => (await sensorPoolFor(ctx).get(p)).registrations(q),
    health: async (ctx, p) => (await sensorPoolFor(ctx).get(p)).health(),
    callDetail: async (ctx, p, ref) => (await sensorPoolFor(ctx).get(p)).callDetail(ref),
    managerFile: async (ctx, p, action, socketPath) => (await sensorPoolFor(ctx).get(p)).managerFile(action, socketPath),
    cdrSearch: (ctx, p) => createVoipmonitorCdrSource(ctx, p),
  },
  // Call history needs the sensor's CDR database (docs/VOIPMONITOR-HISTORY.md).
  offers: (p, name) => (name !== 'cdrSearch' || p.database ? true : 'add its CDR database ("database" block) to search the call history the sensor recorded.'),
});
