/**
 * The operator's display time zone, shared by the window and the CLI: <configDir>/settings/display.json.
 * A missing or damaged file means the operator's own zone (the default), never an error that blocks work.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { atomicWriteFile } from '../core/atomic-write';
import { logger } from '../core/log';
import { displayZone, systemZone, type DisplayZone, type ZoneChoice } from '../../src-shared/time-format';

const log = logger('display');
export const DISPLAY_FILE = path.join('settings', 'display.json');
const fileSchema = z.object({ version: z.literal(1), timeZone: z.enum(['operator', 'source', 'utc']) });

export async function getDisplayZone(configDir: string | undefined): Promise<DisplayZone> {
  if (!configDir) return displayZone('operator', systemZone());
  const file = path.join(configDir, DISPLAY_FILE);
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    if (parsed.success) return displayZone(parsed.data.timeZone, systemZone());
    log.warn(`${file} is not a display setting; showing times in the operator's zone`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`cannot read ${file}; showing times in the operator's zone`);
  }
  return displayZone('operator', systemZone());
}

export async function setDisplayZone(configDir: string, choice: ZoneChoice): Promise<DisplayZone> {
  const file = path.join(configDir, DISPLAY_FILE);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await atomicWriteFile(file, JSON.stringify({ version: 1, timeZone: choice }, null, 2) + '\n');
  return displayZone(choice, systemZone());
}
