// Regenerates docs/profiles.schema.json from the zod schema (npx tsx scripts/gen-profile-schema.ts).
import { writeFileSync } from 'node:fs';
import { profilesJsonSchema } from '../src-main/profiles/json-schema';

writeFileSync('docs/profiles.schema.json', JSON.stringify(profilesJsonSchema(), null, 2) + '\n');
console.log('wrote docs/profiles.schema.json');
