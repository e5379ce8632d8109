/** The CLI's text output shows times like the window does: in the display zone chosen in Settings. */
import type { AppContext } from '../core/context';
import { CallboardError } from '../core/errors';
import { getDisplayZone } from '../services/display-settings';
import { formatTime, inputZone, rangeBound, type DisplayZone } from '../../src-shared/time-format';

/** The display zone plus a profile's own IANA zone (sensors and Wildix name one) for the "PBX clock" choice. */
export async function cliClock(ctx: AppContext, profileId?: string): Promise<{ dz: DisplayZone; sourceZone: string | null }> {
  const dz = await getDisplayZone(ctx.configDir);
  if (!profileId) return { dz, sourceZone: null };
  try {
    const p = await ctx.profiles.get(profileId);
    return { dz, sourceZone: 'timeZone' in p && typeof p.timeZone === 'string' ? p.timeZone : null };
  } catch {
    return { dz, sourceZone: null };
  }
}

/**
 * `--from` / `--to` as ISO instants. Times without an offset and bare dates are read in the display zone;
 * a bare date is the whole day ("--from 2024-05-01 --to 2024-05-01" is all of 1 May).
 */
export async function cliRange(ctx: AppContext, fromArg: string, toArg: string, what: string): Promise<{ dz: DisplayZone; from: string; to: string }> {
  const dz = await getDisplayZone(ctx.configDir);
  const from = rangeBound(fromArg, 'from', inputZone(dz));
  const to = rangeBound(toArg, 'to', inputZone(dz));
  const notADate = (flag: string, v: string) =>
    new CallboardError('usage', `${flag} "${v.slice(0, 40)}" is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, optionally with an offset).`);
  if (!from) throw notADate('--from', fromArg);
  if (!to) throw notADate('--to', toArg);
  if (Date.parse(from) >= Date.parse(to)) throw new CallboardError('usage', `--to must be after --from (${what} covers ${formatTime(from, dz)} to ${formatTime(to, dz)}).`);
  return { dz, from, to };
}
