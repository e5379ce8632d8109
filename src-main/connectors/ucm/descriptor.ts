/**
 * Grandstream UCM (the UCM6xxx/UCM63xx HTTPS API, Grandstream's public "UCM API Guide"): live calls from the channel lists, CDR
 * search through cdrapi, click-to-call, hang-up, extensions, and following a placed call.
 */
import { defineBackend } from '../../core/backend';
import { UCM_FORM } from './form';
import { toDialString } from '../../policy/dial-policy';
import { hangupChannel, listExtensions, ucmDial } from './actions';
import { ucmCallState } from './call-state';
import { createUcmCdrSource } from './cdr';
import { createUcmLiveSource } from './live-source';
import { ucmProfileSchema, type UcmProfile } from './profile';
import { testUcm } from './tester';

/** What the first-run screen says about this backend. */
const INTRO = {
  what: 'Call records (CDR) search, live channels, click-to-call and hang-up on a Grandstream UCM.',
  asks: [
    ['Address', 'https://… of the UCM web interface; its certificate is shown for you to accept on first contact.'],
    ['API user', 'The CDR/API user of the UCM (the password goes to the keychain).'],
    ['Operator extension', 'Your own phone: a click-to-call rings it first.'],
    ['Dial policy', 'Which numbers may be dialled from a click (internal, national, mobile, international).'],
  ],
} as const;

export const ucmBackend = defineBackend({
  kind: 'ucm',
  label: 'Grandstream UCM',
  profileSchema: ucmProfileSchema,
  secrets: [{ name: 'password', label: 'API password' }],
  fields: UCM_FORM,
  intro: INTRO,
  endpoint: (p) => ({ 'Base URL': p.baseUrl, User: p.user }),
  pinnedIdentity: (p) => ({ label: 'Pinned certificate (SHA-256)', value: p.tlsCertSha256 }),
  summary: (p) => `${p.baseUrl} as ${p.user}`,
  test: testUcm,
  trust: { kind: 'tls', pin: (p: UcmProfile, fingerprint) => ({ ...p, tlsCertSha256: fingerprint }) },
  vaultProfileId: (p) => p.sipvaultProfileId,
  // cdrapi's caller/callee syntax (Grandstream UCM API Guide, "cdrapi").
  cdrForm: { partyHint: 'list "a,b", range "a-b", prefix "10@"' },
  capabilities: {
    liveCalls: (ctx, p) => createUcmLiveSource(ctx, p),
    cdrSearch: (ctx, p) => createUcmCdrSource(ctx, p),
    // Internal extensions go through dialExtension, everything else through the outbound routes.
    originate: async (ctx, p, req) => {
      const callee = toDialString(p.dialPolicy, req.destination, req.cls);
      const r = await ucmDial(ctx, p, { caller: req.operatorExtension, callee, outbound: req.cls !== 'internal' });
      return { ok: r.status === 0, code: r.status, message: `The UCM is ringing extension ${req.operatorExtension}; answer it to call ${req.destination}.` };
    },
    callState: (ctx, p, req) => ucmCallState(ctx, p, req),
    hangup: (ctx, p, handle) => hangupChannel(ctx, p.id, handle),
    directory: async (ctx, p, signal) =>
      (await listExtensions(ctx, p.id, signal)).map((e) => ({
        extension: e.extension,
        name: e.name ?? '',
        presence: [e.status, e.presence].filter(Boolean).join(' · ') || null,
        available: e.outOfService ? false : e.status ? /^(idle|available)$/i.test(e.status) : null,
        detail: [e.type, e.address].filter(Boolean).join(' ') || null,
      })),
  },
});
