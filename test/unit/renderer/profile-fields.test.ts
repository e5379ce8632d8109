import { describe, it, expect } from 'vitest';
import { toForm, fromForm, visibleFields } from '../../../src-renderer/src/lib/profile-fields';
import { profileSchema, type ProfileKind } from '../../../src-main/profiles/schema';
import { kindSummaries } from '../../../src-main/backends/registry';

/** The form fields main sends for a kind (profiles:kinds), from the backend's descriptor. */
const F = (kind: ProfileKind) => kindSummaries().find((k) => k.kind === kind)!.fields;

describe('profile form mapping', () => {
  it('builds a valid voipmonitor ssh profile and drops fields of other transports', () => {
    const v = toForm(F('voipmonitor'), null);
    Object.assign(v, { id: 'hq', name: 'HQ', 'transport.type': 'ssh', 'transport.host': 'sensor.example.net', 'transport.port': '22', 'transport.user': 'vm' });
    const out = fromForm('voipmonitor', F('voipmonitor'), v, null);
    const parsed = profileSchema.parse(out);
    expect(parsed).toMatchObject({ kind: 'voipmonitor', transport: { type: 'ssh', host: 'sensor.example.net', port: 22, user: 'vm', auth: 'key', mode: 'streamlocal' } });
    expect(visibleFields(F('voipmonitor'), v).map((f) => f.path)).toContain('transport.sshKeyPath');
    expect(visibleFields(F('voipmonitor'), { ...v, 'transport.type': 'unix' }).map((f) => f.path)).not.toContain('transport.host');
  });

  it('round-trips a UCM profile, keeps unknown fields and splits list fields', () => {
    const original = profileSchema.parse({ id: 'pbx', name: 'PBX', kind: 'ucm', baseUrl: 'https://ucm.example.net', user: 'cdrapi', dialPolicy: { deny: ['+1900*'] } });
    const withExtra = { ...original, futureField: 'kept' } as Record<string, unknown>;
    const v = toForm(F('ucm'), withExtra);
    expect(v['dialPolicy.deny']).toBe('+1900*');
    v['dialPolicy.allow'] = '+4420*\n+4202*';
    v['operatorExtension'] = '';
    const out = fromForm('ucm', F('ucm'), v, withExtra);
    expect(out.futureField).toBe('kept');
    expect(out).not.toHaveProperty('operatorExtension');
    expect((out.dialPolicy as { allow: string[] }).allow).toEqual(['+4420*', '+4202*']);
    expect(profileSchema.safeParse(out).success).toBe(true);
  });

  it('passes a non-number through so main names the field', () => {
    const v = { ...toForm(F('voipmonitor'), null), id: 'x', name: 'X', 'transport.host': 'h', 'transport.port': 'abc' };
    expect((fromForm('voipmonitor', F('voipmonitor'), v, null).transport as { port: unknown }).port).toBe('abc');
  });
});
