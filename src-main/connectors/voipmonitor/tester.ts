/**
 * "Test connection" for a VoIPmonitor profile: getversion, then a `listcalls {"limit":0}` count (which
 * also proves the AES key, since listcalls needs it over TCP). A fresh connection every time, so a
 * first-contact host key is shown even when the poller already holds a connection. With a CDR
 * database block, that database is opened and its schema checked too (a first-contact certificate
 * of a direct TLS database is shown the same way).
 */
import type { VoipmonitorProfile } from './profile';
import type { AppContext } from '../../core/context';
import { VoipmonitorSensor } from './sensor';
import { openProfileDb } from './history/cdr-source';

export async function testVoipmonitor(ctx: Pick<AppContext, 'secrets' | 'connections'>, profile: VoipmonitorProfile): Promise<string> {
  const manager = await testManager(ctx, profile);
  if (!profile.database) return manager;
  const db = await openProfileDb(ctx, profile);
  try {
    const [[version]] = (await db.rows('SELECT VERSION()', [])) as [[string]];
    return `${manager} CDR database ${db.where}: ${String(version).slice(0, 40)}, every table and column the call history reads is there.`;
  } finally {
    await db.close().catch(() => db.destroy());
  }
}

async function testManager(ctx: Pick<AppContext, 'secrets'>, profile: VoipmonitorProfile): Promise<string> {
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
