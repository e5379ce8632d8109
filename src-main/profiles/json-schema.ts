import { z } from 'zod';
import { profilesFileSchema } from './schema';

/** JSON Schema of the profiles file (docs/profiles.schema.json), derived from the zod schema so they cannot drift. */
export function profilesJsonSchema(): unknown {
  const schema = z.toJSONSchema(profilesFileSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $id: 'https://callboard.invalid/profiles.schema.json', title: 'Callboard profiles file', ...schema };
}
