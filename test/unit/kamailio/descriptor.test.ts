/**
 * The Kamailio descriptor seen through the registry, as services and the renderer see it: its
 * capability list is derived from what it implements, a capability it lacks is a plain-language
 * refusal, and the compiler refuses a Kamailio descriptor that claims what it does not implement.
 */
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, defineBackend } from '../../../src-main/core/backend';
import { backendOf, kindSummaries, profileCapabilities, requireCapability } from '../../../src-main/backends/registry';
import { kamailioProfileSchema } from '../../../src-main/profiles/schema';
import { kamailioBackend } from '../../../src-main/connectors/kamailio/descriptor';
import { formFieldSchema } from '../../../src-main/core/form';

const p = kamailioProfileSchema.parse({ id: 'edge', name: 'Edge', kind: 'kamailio', rpcUrl: 'https://proxy.example:5061/RPC', user: 'noc' });

describe('Kamailio through the registry', () => {
  it('offers live calls, lookup, registrations, health and hang-up, and nothing it does not implement', () => {
    expect(capabilitiesOf(backendOf(p.kind))).toEqual(['liveCalls', 'findLiveCalls', 'registrations', 'health', 'hangup']);
    expect(profileCapabilities(p)).toEqual(['liveCalls', 'findLiveCalls', 'registrations', 'health', 'hangup']);
    expect(() => requireCapability(p, 'originate')).toThrow(/Profile "edge" is a Kamailio SIP proxy profile, which has no click-to-call \(.* profiles have\)\./);
    expect(() => requireCapability(p, 'cdrSearch')).toThrow(/no call records to search/);
  });

  it('profiles:kinds carries its label, form, secret and first-run text (what Settings builds the form from)', () => {
    const k = kindSummaries().find((s) => s.kind === p.kind)!;
    expect(k.label).toBe('Kamailio SIP proxy');
    expect(k.secrets).toEqual([{ name: 'rpcPassword', label: 'JSON-RPC password' }]);
    for (const f of k.fields) formFieldSchema.parse(f);
    // Every form path is a profile field, so main's validation messages land next to a field.
    const shape = Object.keys(kamailioProfileSchema.shape);
    for (const f of k.fields) expect(shape).toContain(f.path.split('.')[0]);
    expect(k.intro.asks.map(([l]) => l)).toEqual(['JSON-RPC URL', 'User and password']);
  });

  it('endpoint, pin and needed secrets follow the settings', () => {
    expect(kamailioBackend.endpoint(p)).toEqual({ 'JSON-RPC URL': 'https://proxy.example:5061/RPC', Authentication: 'basic', User: 'noc' });
    expect(kamailioBackend.neededSecrets?.(p)).toEqual(['rpcPassword']);
    expect(kamailioBackend.neededSecrets?.({ ...p, auth: 'none' })).toEqual([]);
    expect(kamailioBackend.summary(p)).toBe('https://proxy.example:5061/RPC as noc');
  });

  it('the schema refuses plain HTTP, credentials in the URL and a Basic user with a colon', () => {
    for (const rpcUrl of ['http://proxy.example:5060/RPC', 'https://noc:pw@proxy.example/RPC']) expect(kamailioProfileSchema.safeParse({ ...p, rpcUrl }).success).toBe(false);
    expect(kamailioProfileSchema.safeParse({ ...p, user: 'a:b' }).success).toBe(false);
  });

  it('the compiler refuses a Kamailio descriptor claiming originate without an implementation', () => {
    const { capabilities, ...rest } = kamailioBackend;
    // @ts-expect-error a flag is not an implementation
    defineBackend({ ...rest, capabilities: { ...capabilities, originate: true } });
    // @ts-expect-error a hang-up returning nothing is not a hang-up
    defineBackend({ ...rest, capabilities: { ...capabilities, hangup: async () => undefined } });
    expect(capabilitiesOf(defineBackend({ ...rest, capabilities }))).toHaveLength(5);
  });
});
