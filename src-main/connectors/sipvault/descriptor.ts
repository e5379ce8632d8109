/**
 * SIP VAULT: signed links to a call's recording and packets, made locally with the customer's HMAC
 * secret (docs/ARCHITECTURE.md, "Links"). No connection to keep: SIP VAULT documents no API to call.
 */
import { defineBackend } from '../../core/backend';
import { SIPVAULT_FORM } from './form';
import { requireSecret } from '../../secrets/keychain';
import { buildLink } from '../../links/sipvault';
import { sipvaultProfileSchema } from './profile';
import { testSipvault } from './tester';

/** What the first-run screen says about this backend. */
const INTRO = {
  what: 'Signed links to a call’s capture in SIP VAULT, for “Copy link” and ticket text.',
  asks: [
    ['Base URL', 'https://… of your SIP VAULT.'],
    ['Customer id', 'As SIP VAULT knows your organisation; the HMAC secret goes to the keychain.'],
  ],
} as const;

export const sipvaultBackend = defineBackend({
  kind: 'sipvault',
  label: 'SIP VAULT',
  profileSchema: sipvaultProfileSchema,
  secrets: [{ name: 'hmacSecret', label: 'Link signing secret' }],
  fields: SIPVAULT_FORM,
  intro: INTRO,
  endpoint: (p) => ({ 'Base URL': p.baseUrl, 'Customer id': p.customerId }),
  summary: (p) => `${p.baseUrl} customer ${p.customerId}`,
  test: testSipvault,
  capabilities: {
    signLink: async (ctx, p, callId) => {
      const secret = await requireSecret(ctx.secrets, p.id, 'hmacSecret', 'SIP VAULT HMAC secret');
      const l = buildLink({ baseUrl: p.baseUrl, customerId: p.customerId, callId, secret, nowSeconds: Math.floor(ctx.now() / 1000) });
      return { url: l.url, validUntil: l.validUntil };
    },
  },
});
