/**
 * "Test connection" for a VoIPmonitor profile: getversion, then a `listcalls {"limit":0}` count (which
 * also proves the AES key, since listcalls needs it over TCP). A fresh connection every time, so a
 * first-contact host key is shown even when the poller already holds a connection.
 */
import type { VoipmonitorProfile } from './profile';
import type { AppContext } from '../../core/context';
import { VoipmonitorSensor } from './sensor';

export async function testVoipmonitor(ctx: Pick<AppContext, 'secrets'>, profile: VoipmonitorProfile): Promise<string> {
  const sensor = await VoipmonitorSensor.open({ secrets: ctx.secrets }, profile);
  try {
    const version = await sensor.version();
    const count = await sensor.countCalls();
    const enc = profile.cipher === 'none' ? 'unencrypted' : profile.cipher;
    return `Connected to sensor ${profile.id} (VoIPmonitor ${version}) over a fresh ${sensor.client.transportDescription} connection, ${enc}; ${count} live call${count === 1 ? '' : 's'}.`;
  } finally {
    await sensor.close();
  }
}
