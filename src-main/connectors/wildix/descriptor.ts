/**
 * Wildix PBX (WMS REST API with S2S tokens or Basic auth, docs/WILDIX.md): call history search,
 * click-to-call, colleagues with presence, call queues, and one user's current calls. Wildix offers
 * no PBX-wide live-calls list, so the descriptor has no `liveCalls`.
 */
import { defineBackend } from '../../core/backend';
import { show } from '../../profiles/fields';
import { WILDIX_FORM } from './form';
import { toDialString } from '../../policy/dial-policy';
import { createWildixCdrSource } from './call-history';
import { listColleagues, listQueues } from './directory';
import { listUserCalls, wildixLiveCapabilities } from './live';
import { wildixDial } from './originate';
import { wildixProfileSchema, type WildixProfile } from './profile';
import { testWildix } from './tester';

/** What the first-run screen says about this backend. */
const INTRO = {
  what: 'Call history, extensions with presence and click-to-call on a Wildix PBX.',
  asks: [
    ['Address', 'https://… of the PBX.'],
    ['Authentication', 'An S2S application (id and secret) or a user’s password.'],
    ['Operator extension', 'Your own phone: a click-to-call rings it first.'],
  ],
} as const;

export const wildixBackend = defineBackend({
  kind: 'wildix',
  label: 'Wildix PBX',
  profileSchema: wildixProfileSchema,
  secrets: [
    { name: 'appSecret', label: 'App secret' },
    { name: 'basicPassword', label: 'Password' },
  ],
  neededSecrets: (p) => (p.auth === 'basic' ? ['basicPassword'] : ['appSecret']),
  fields: WILDIX_FORM,
  intro: INTRO,
  endpoint: (p) => ({ 'Base URL': p.baseUrl, Authentication: p.auth, 'Basic user': show(p.basicUser), 'App id': show(p.appId) }),
  pinnedIdentity: (p) => ({ label: 'Pinned certificate (SHA-256)', value: p.tlsCertSha256 }),
  summary: (p) => `${p.baseUrl} (${p.auth})`,
  test: (ctx, p) => testWildix(ctx, p),
  trust: { kind: 'tls', pin: (p: WildixProfile, fingerprint) => ({ ...p, tlsCertSha256: fingerprint }) },
  vaultProfileId: (p) => p.sipvaultProfileId,
  note: wildixLiveCapabilities(),
  cdrForm: { freeText: true },
  capabilities: {
    cdrSearch: (ctx, p) => createWildixCdrSource(ctx, p),
    originate: (ctx, p, req) => wildixDial(ctx, p, { ...req, destination: toDialString(p.dialPolicy, req.destination, req.cls) }),
    userCalls: (ctx, p, extension) => listUserCalls(ctx, p.id, extension),
    directory: async (ctx, p) =>
      (await listColleagues(ctx, p.id)).map((c) => ({
        extension: c.extension,
        name: c.name,
        presence: c.presence ? `${c.presence.online ? 'online' : 'offline'}${c.presence.show ? ` (${c.presence.show})` : ''}${c.presence.message ? `: ${c.presence.message}` : ''}` : null,
        available: c.presence ? c.presence.online && (!c.presence.show || /^(available|online)$/i.test(c.presence.show)) : null,
        detail: c.department,
      })),
    queues: (ctx, p) => listQueues(ctx, p.id),
  },
});
