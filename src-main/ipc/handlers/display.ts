import type { AppContext } from '../../core/context';
import { getDisplayZone, setDisplayZone } from '../../services/display-settings';
import type { Handler } from '../router';
import type { displayChannels } from '../contract/display';

type H = { [C in keyof typeof displayChannels]: Handler<C> };

export function displayHandlers(ctx: AppContext): H {
  const reply = (d: { choice: 'operator' | 'source' | 'utc'; operatorZone: string }) => ({ timeZone: d.choice, operatorZone: d.operatorZone });
  return {
    'display:get': async () => reply(await getDisplayZone(ctx.configDir)),
    'display:set': async ({ timeZone }) => reply(await setDisplayZone(ctx.configDir, timeZone)),
  };
}
