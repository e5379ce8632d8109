/**
 * "Test connection" for a Kamailio profile, on connections of its own (not the context's kept-alive
 * ones) and with the password read just now: core.version proves it is Kamailio's JSON-RPC, and
 * system.listMethods says which of the modules Callboard reads are loaded.
 */
import type { AppContext } from '../../core/context';
import type { KamailioProfile } from './profile';
import { parseUptime, parseVersion } from './replies';
import { freshKamailioRpc, LARGE_REPLY_BYTES, type KamailioRpcOptions } from './rpc';

/** What each Callboard view needs on the proxy. */
const NEEDED = [
  ['dlg.list', 'dialog', 'live calls'],
  ['dlg.end_dlg', 'dialog', 'hang-up'],
  ['ul.dump', 'usrloc', 'registrations'],
  ['stats.get_statistics', 'kex', 'health counters'],
] as const;

function uptimeWords(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min` : `${sec} s`;
}

export async function testKamailio(ctx: Pick<AppContext, 'secrets'>, p: KamailioProfile, opts: KamailioRpcOptions = {}): Promise<string> {
  const rpc = freshKamailioRpc(ctx, p, opts);
  const version = parseVersion(await rpc.call('core.version'), rpc.what);
  const uptime = parseUptime(await rpc.call('core.uptime'), rpc.what);
  const methods = await rpc.call('system.listMethods', [], { maxBytes: LARGE_REPLY_BYTES });
  const known = new Set(Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : []);
  const missing = NEEDED.filter(([m]) => !known.has(m));
  const gaps = [...new Set(missing.map(([, mod]) => mod))].map((mod) => `the ${mod} module is not loaded (no ${missing.filter(([, m2]) => m2 === mod).map(([, , what]) => what).join(', ')})`);
  const who = p.auth === 'basic' ? ` as ${p.user ?? ''}` : '';
  return `Reached Kamailio ${version} at ${p.rpcUrl}${who}, up ${uptimeWords(uptime)}; ${gaps.length ? gaps.join('; ') : 'dialog, usrloc and statistics answer'}; checked on a fresh connection.`;
}
