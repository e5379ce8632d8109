/**
 * Kamailio SIP proxy through its JSON-RPC interface (jsonrpcs over xhttp, HTTPS with HTTP Basic checked
 * by the proxy's xhttp route; docs/KAMAILIO.md): live dialogs, registered contacts, health and
 * hang-up. A proxy sees SIP, not RTP, so its rows carry no media quality.
 */
import { defineBackend } from '../../core/backend';
import { show } from '../../profiles/fields';
import { KAMAILIO_FORM } from './form';
import { kamailioProfileSchema, type KamailioProfile } from './profile';
import { createKamailioLiveSource, endDialog, findDialogs, listRegistrations, proxyHealth } from './proxy';
import { testKamailio } from './tester';

/** What the first-run screen says about this backend. */
const INTRO = {
  what: 'Live calls (dialogs), registered phones and health of a Kamailio SIP proxy, through its JSON-RPC interface.',
  asks: [
    ['JSON-RPC URL', 'https://… of the proxy’s TLS listener and the path its xhttp route serves (usually /RPC).'],
    ['User and password', 'The HTTP Basic credentials the proxy’s xhttp route checks; the password is kept in the system keychain.'],
  ],
} as const;

export const kamailioBackend = defineBackend({
  kind: 'kamailio',
  label: 'Kamailio SIP proxy',
  profileSchema: kamailioProfileSchema,
  secrets: [{ name: 'rpcPassword', label: 'JSON-RPC password' }],
  neededSecrets: (p) => (p.auth === 'basic' ? ['rpcPassword'] : []),
  fields: KAMAILIO_FORM,
  intro: INTRO,
  endpoint: (p) => ({ 'JSON-RPC URL': p.rpcUrl, Authentication: p.auth, User: show(p.user) }),
  pinnedIdentity: (p) => ({ label: 'Pinned certificate (SHA-256)', value: p.tlsCertSha256 }),
  summary: (p) => `${p.rpcUrl}${p.auth === 'basic' ? ` as ${p.user ?? '(no user)'}` : ''}`,
  test: (ctx, p) => testKamailio(ctx, p),
  trust: { kind: 'tls', pin: (p: KamailioProfile, fingerprint) => ({ ...p, tlsCertSha256: fingerprint }) },
  vaultProfileId: (p) => p.sipvaultProfileId,
  note: 'A SIP proxy sees signalling, not media: no MOS, loss or jitter. Registrations are the contacts usrloc holds (refused REGISTERs are not kept).',
  capabilities: {
    liveCalls: (ctx, p, o) => createKamailioLiveSource(ctx, p, o.filter),
    findLiveCalls: (ctx, p, q, signal) => findDialogs(ctx, p, q, signal),
    registrations: (ctx, p, q) => listRegistrations(ctx, p, q),
    health: (ctx, p) => proxyHealth(ctx, p),
    hangup: (ctx, p, handle) => endDialog(ctx, p, handle),
  },
});
