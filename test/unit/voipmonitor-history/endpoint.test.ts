import { describe, it, expect } from 'vitest';
import { profileSchema } from '../../../src-main/profiles/schema';
import { endpointKey } from '../../../src-main/profiles/endpoint';
import { needsConfirmation, profileWidening } from '../../../src-main/services/confirm-change';

const base = profileSchema.parse({
  id: 'vm', name: 'VM', kind: 'voipmonitor',
  transport: { type: 'ssh', host: 'gui.example', user: 'noc', hostKeySha256: `SHA256:${'A'.repeat(43)}` },
});
const withDb = profileSchema.parse({ ...base, database: { user: 'callboard_ro' } });

describe('the CDR database block is part of the sensor endpoint', () => {
  it('adding or re-pointing it widens and needs confirmation; removing it does not', () => {
    const add = profileWidening(base, withDb);
    expect(needsConfirmation(add)).toBe(true);
    expect(add.endpoint.map((r) => r.label)).toEqual(expect.arrayContaining(['CDR database', 'CDR database user']));
    expect(add.endpoint.find((r) => r.label === 'CDR database')?.to).toBe('via SSH to 127.0.0.1:3306/voipmonitor');
    const moved = profileSchema.parse({ ...withDb, database: { via: 'direct', host: 'db.example', port: 3307, user: 'callboard_ro', tlsCertSha256: `${'AB:'.repeat(31)}AB` } });
    const w = profileWidening(withDb, moved);
    expect(w.endpoint.map((r) => r.label)).toEqual(expect.arrayContaining(['CDR database', 'CDR database TLS']));
    expect(needsConfirmation(profileWidening(withDb, base))).toBe(false);
    // A sensor without SSH: the database certificate is its pin, and a new pin is a widening change.
    const direct = profileSchema.parse({ id: 'vm', name: 'VM', kind: 'voipmonitor', transport: { type: 'tcp', host: '10.0.0.5' }, database: { via: 'direct', host: 'db.example', user: 'ro' } });
    const pinned = profileSchema.parse({ ...direct, database: { via: 'direct', host: 'db.example', user: 'ro', tlsCertSha256: `${'AB:'.repeat(31)}AB` } });
    const pw = profileWidening(direct, pinned);
    expect(pw.pin?.label).toBe('Pinned CDR database certificate (SHA-256)');
    expect(pw.endpointChanged).toBe(false);
    expect(endpointKey(pinned)).toBe(endpointKey(direct));
  });

  it('binds secrets to the database endpoint too', () => {
    expect(endpointKey(withDb)).not.toBe(endpointKey(base));
    expect(endpointKey(profileSchema.parse({ ...withDb, database: { user: 'other' } }))).not.toBe(endpointKey(withDb));
  });
});
