import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfilesText } from '../../../src-main/profiles/store';
import { profilesJsonSchema } from '../../../src-main/profiles/json-schema';
import { PROFILE_KINDS } from '../../../src-main/profiles/schema';

describe('docs/PROFILES.md stays true', () => {
  it('the example file parses and has one profile of every kind', () => {
    const file = parseProfilesText(readFileSync('docs/examples/profiles.example.json', 'utf8'), 'example');
    expect(new Set(file.profiles.map((p) => p.kind))).toEqual(new Set(PROFILE_KINDS));
  });

  it('docs/profiles.schema.json is the current schema (regenerate: npx tsx scripts/gen-profile-schema.ts)', () => {
    const onDisk = JSON.parse(readFileSync('docs/profiles.schema.json', 'utf8'));
    expect(onDisk).toEqual(profilesJsonSchema());
  });
});
