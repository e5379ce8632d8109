/**
 * The descriptor type is the contract for adding a backend: the compiler must refuse a descriptor that
 * claims a capability without implementing it. Each `@ts-expect-error` below fails `tsc` (npm run
 * typecheck) if the line stops being an error; the runtime assertions check the derived list.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { capabilitiesOf, defineBackend } from '../../../src-main/core/backend';
import { allBackends, backendOf, hasCapability, requireCapability } from '../../../src-main/backends/registry';
import { PROFILE_KINDS, profileSchema } from '../../../src-main/profiles/schema';

const schema = z.object({ id: z.string(), name: z.string(), kind: z.literal('example') });
const base = { kind: 'example', label: 'Example PBX', profileSchema: schema, secrets: [], fields: [], summary: () => 'example', endpoint: () => ({}), intro: { what: 'An example.', asks: [] }, test: async () => 'ok' } as const;

describe('BackendDescriptor', () => {
  it('derives the capability list from the implementations present', () => {
    const d = defineBackend({ ...base, capabilities: { hangup: async () => ({ status: 0 }), directory: async () => [] } });
    expect(capabilitiesOf(d)).toEqual(['hangup', 'directory']);
  });

  it('refuses a claimed capability without its implementation', () => {
    // @ts-expect-error a flag is not an implementation
    defineBackend({ ...base, capabilities: { hangup: true } });
    // @ts-expect-error undefined is not an implementation either
    defineBackend({ ...base, capabilities: { cdrSearch: undefined } });
    // @ts-expect-error an implementation with the wrong shape (returns a string, not a CdrSource)
    defineBackend({ ...base, capabilities: { cdrSearch: () => 'records' } });
    // @ts-expect-error an unknown capability name
    defineBackend({ ...base, capabilities: { teleport: async () => undefined } });
    expect(true).toBe(true);
  });

  it('the registry has one descriptor per profile kind, each with its own schema', () => {
    expect(allBackends().map((b) => b.kind)).toEqual([...PROFILE_KINDS]);
    for (const b of allBackends()) {
      expect(profileSchema.options.some((o) => o === b.profileSchema)).toBe(true);
      expect(b.label.length).toBeGreaterThan(2);
    }
    expect(capabilitiesOf(backendOf('sipvault'))).toEqual(['signLink']);
  });

  it('asking a profile for a capability its backend lacks is a plain-language refusal', () => {
    const p = profileSchema.parse({ id: 'v', name: 'V', kind: 'sipvault', baseUrl: 'https://vault.example.com', customerId: 'c' });
    expect(() => requireCapability(p, 'cdrSearch')).toThrow(/SIP VAULT profile, which has no call records to search \(VoIPmonitor sensor, Grandstream UCM and Wildix PBX profiles have\)/);
  });

  it('a capability that depends on the profile says what the profile lacks', () => {
    const p = profileSchema.parse({ id: 's', name: 'S', kind: 'voipmonitor', transport: { type: 'tcp', host: '10.0.0.5' } });
    expect(hasCapability(p, 'cdrSearch')).toBe(false);
    expect(() => requireCapability(p, 'cdrSearch')).toThrow(/Profile "s" has no call records to search: add its CDR database/);
    const withDb = profileSchema.parse({ ...p, database: { via: 'direct', host: '127.0.0.1', user: 'ro', tls: 'off' } });
    expect(hasCapability(withDb, 'cdrSearch')).toBe(true);
  });
});
