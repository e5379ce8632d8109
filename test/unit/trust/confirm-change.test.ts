/**
 * Which profile saves widen what stored secrets or calls can reach (main asks) and which narrow it (no
 * question), as a table over every endpoint field, pins, link targets and dial-policy fields.
 */
import { describe, expect, it } from 'vitest';
import { profileSchema, type Profile } from '../../../src-main/profiles/schema';
import { needsConfirmation, profileWidening } from '../../../src-main/services/confirm-change';
import { endpointKey } from '../../../src-main/profiles/endpoint';

const FP = Array.from({ length: 32 }, () => 'AB').join(':');
const FP2 = Array.from({ length: 32 }, () => 'CD').join(':');
const HK = 'SHA256:' + 'A'.repeat(43);
const p = (x: Record<string, unknown>): Profile => profileSchema.parse(x);

const ucm = (o: Record<string, unknown> = {}) => p({ id: 'u', name: 'U', kind: 'ucm', baseUrl: 'https://pbx.example.com:8089', user: 'cdrapi', operatorExtension: '1000', ...o });
const ucmPolicy = (d: Record<string, unknown>) => ucm({ dialPolicy: { defaultCountry: 'GB', ...d } });
const ssh = (o: Record<string, unknown> = {}) => p({ id: 's', name: 'S', kind: 'voipmonitor', transport: { type: 'ssh', host: 'sensor.example.com', user: 'voip', mode: 'streamlocal', ...o } });
const wildix = (o: Record<string, unknown> = {}) => p({ id: 'w', name: 'W', kind: 'wildix', baseUrl: 'https://w.example.com', auth: 'basic', basicUser: 'api', ...o });

// [what, before, after, asks?]
const TABLE: Array<[string, Profile, Profile, boolean]> = [
  ['UCM base URL', ucm(), ucm({ baseUrl: 'https://evil.example.com' }), true],
  ['UCM user', ucm(), ucm({ user: 'admin' }), true],
  ['UCM pin set', ucm(), ucm({ tlsCertSha256: FP }), true],
  ['UCM pin replaced', ucm({ tlsCertSha256: FP }), ucm({ tlsCertSha256: FP2 }), true],
  ['UCM pin removed (narrows: next contact asks again)', ucm({ tlsCertSha256: FP }), ucm(), false],
  ['UCM legacy TLS on', ucm(), ucm({ legacyTls: true }), true],
  ['UCM legacy TLS off', ucm({ legacyTls: true }), ucm(), false],
  ['UCM renamed, timeouts', ucm(), ucm({ name: 'Other', timeoutMs: 30000, pollIntervalSec: 10 }), false],
  ['operator extension changed', ucm(), ucm({ operatorExtension: '1001' }), true],
  ['Wildix base URL', wildix(), wildix({ baseUrl: 'https://evil.example.com' }), true],
  ['Wildix basic user', wildix(), wildix({ basicUser: 'root' }), true],
  ['Wildix auth mode', wildix(), wildix({ auth: 's2s', appId: 'x' }), true],
  ['sensor SSH host', ssh(), ssh({ host: 'evil.example.com' }), true],
  ['sensor SSH port', ssh(), ssh({ port: 2222 }), true],
  ['sensor SSH user', ssh(), ssh({ user: 'root' }), true],
  ['sensor SSH mode', ssh(), ssh({ mode: 'exec' }), true],
  ['sensor socket path', ssh(), ssh({ socketPath: '/tmp/other' }), true],
  ['sensor host key pinned', ssh(), ssh({ hostKeySha256: HK }), true],
  ['sensor transport tcp', ssh(), p({ id: 's', name: 'S', kind: 'voipmonitor', transport: { type: 'tcp', host: 'sensor.example.com' } }), true],
  ['sensor poll interval', ssh(), p({ ...ssh(), pollIntervalSec: 3 }), false],
  ['SIP VAULT base', p({ id: 'v', name: 'V', kind: 'sipvault', baseUrl: 'https://v.example.com', customerId: 'a' }), p({ id: 'v', name: 'V', kind: 'sipvault', baseUrl: 'https://evil.example.com', customerId: 'a' }), true],
  ['international on', ucmPolicy({}), ucmPolicy({ allowInternational: true }), true],
  ['international off', ucmPolicy({ allowInternational: true }), ucmPolicy({}), false],
  ['allow entry added', ucmPolicy({}), ucmPolicy({ allow: ['+4420*'] }), true],
  ['allow entry removed', ucmPolicy({ allow: ['+4420*'] }), ucmPolicy({}), false],
  ['deny entry removed', ucmPolicy({ deny: ['+44*'] }), ucmPolicy({}), true],
  ['deny entry added', ucmPolicy({}), ucmPolicy({ deny: ['+44*'] }), false],
  ['extension pattern changed', ucmPolicy({}), ucmPolicy({ extensionPattern: '^[0-9]{2,15}$' }), true],
  ['country changed', ucmPolicy({}), ucmPolicy({ defaultCountry: 'US' }), true],
  ['rate limit raised', ucmPolicy({}), ucmPolicy({ maxPerMinute: 120 }), true],
  ['rate limit lowered', ucmPolicy({}), ucmPolicy({ maxPerMinute: 3 }), false],
  ['de-dup shortened', ucmPolicy({}), ucmPolicy({ dedupSeconds: 0 }), true],
  ['de-dup lengthened', ucmPolicy({}), ucmPolicy({ dedupSeconds: 60 }), false],
  ['skip confirmation for internal', ucmPolicy({}), ucmPolicy({ skipConfirmForInternal: true }), true],
  ['mobile off', ucmPolicy({}), ucmPolicy({ allowMobile: false }), false],
];

describe('profile saves that need the operator', () => {
  it.each(TABLE)('%s', (_what, before, after, asks) => {
    expect(needsConfirmation(profileWidening(before, after))).toBe(asks);
  });

  it('new profiles: a SIP VAULT base or a relaxed policy asks, a default UCM profile does not', () => {
    expect(needsConfirmation(profileWidening(null, ucm()))).toBe(false);
    expect(needsConfirmation(profileWidening(null, ucmPolicy({ allowInternational: true })))).toBe(true);
    expect(needsConfirmation(profileWidening(null, p({ id: 'v', name: 'V', kind: 'sipvault', baseUrl: 'https://v.example.com', customerId: 'a' })))).toBe(true);
  });

  it('the endpoint key (what secrets are bound to) changes exactly with the endpoint', () => {
    expect(endpointKey(ucm())).toBe(endpointKey(ucm({ name: 'x', tlsCertSha256: FP, dialPolicy: { allowInternational: true } })));
    expect(endpointKey(ucm())).not.toBe(endpointKey(ucm({ baseUrl: 'https://pbx.example.com:8090' })));
    expect(endpointKey(ssh())).not.toBe(endpointKey(ssh({ user: 'root' })));
  });
});
