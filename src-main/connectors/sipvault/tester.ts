/**
 * "Test connection" for a SIP VAULT profile. SIP VAULT documents no API to check a link against, so the
 * test is local: the secret is set, the base URL is https, and a test link can be signed.
 */
import { CallboardError } from '../../core/errors';
import { requireSecret } from '../../secrets/keychain';
import { buildLink } from '../../links/sipvault';
import type { SipvaultProfile } from './profile';
import type { AppContext } from '../../core/context';

export const TEST_CALL_ID = 'callboard-test-link@callboard.invalid';

export async function testSipvault(ctx: AppContext, profile: SipvaultProfile): Promise<string> {
  let base: URL;
  try {
    base = new URL(profile.baseUrl);
  } catch {
    throw new CallboardError('config', `The base URL of SIP VAULT profile "${profile.id}" is not a valid URL.`);
  }
  if (base.protocol !== 'https:') throw new CallboardError('config', `The base URL of SIP VAULT profile "${profile.id}" must start with https://.`);
  const secret = await requireSecret(ctx.secrets, profile.id, 'hmacSecret', 'SIP VAULT HMAC secret');
  const link = buildLink({ baseUrl: profile.baseUrl, customerId: profile.customerId, callId: TEST_CALL_ID, secret, nowSeconds: Math.floor(ctx.now() / 1000) });
  return `SIP VAULT profile ${profile.id} is ready: links for customer ${profile.customerId} at ${base.host} are signed locally; a link made now is valid until ${link.validUntil}. (SIP VAULT offers no API to check the secret; open a link to confirm it.)`;
}
