/**
 * What Callboard reads from and asks of a Kamailio proxy, over its JSON-RPC client (rpc.ts): live
 * dialogs (dialog module, dlg.list), registered contacts (usrloc, ul.dump), health (core.version,
 * core.uptime, stats.get_statistics) and ending one dialog (dlg.end_dlg, audited).
 */
import type { AppContext } from '../../core/context';
import { CallboardError } from '../../core/errors';
import { logger } from '../../core/log';
import type { LiveCallFilter, RegistrationsQuery } from '../../core/backend';
import type { LiveCall, LiveSource } from '../../domain/live-call';
import type { Registration, SensorHealth } from '../../domain/voipmonitor';
import type { KamailioProfile } from './profile';
import { LARGE_REPLY_BYTES, kamailioRpcFor, type KamailioRpc } from './rpc';
import { auditedAction, hangupFailure } from '../../audit/action';
import { DialogMapper, dialogHandle, parseDialogHandle, parseDialogList, parseStatistics, parseUptime, parseUsrlocDump, parseVersion } from './replies';

const log = logger('kamailio');

/** More registered contacts than this in one ul.dump is not read further. */
const MAX_CONTACTS = 200_000;

export type KamailioCtx = Pick<AppContext, 'secrets' | 'connections' | 'now'>;

/** The live rows of the proxy now: one dlg.list. */
export async function listDialogs(ctx: KamailioCtx, p: KamailioProfile, signal?: AbortSignal): Promise<LiveCall[]> {
  const rpc = kamailioRpcFor(ctx, p);
  const result = await rpc.call('dlg.list', [], { maxBytes: LARGE_REPLY_BYTES, ...(signal ? { signal } : {}) });
  const { rows, skipped } = parseDialogList(result, p.maxDialogs, rpc.what);
  if (skipped > 0) log.warn(`${rpc.what}: ${skipped} dialog(s) of dlg.list were not of the expected shape and are not shown`);
  const mapper = new DialogMapper(p.id, ctx.now());
  const out: LiveCall[] = [];
  // State 5 (deleted) is a dialog the module keeps only until its timers and references go: the call is over.
  for (const d of rows) if (d.state !== 5) out.push(mapper.row(d));
  return out;
}

function matches(c: LiveCall, f: LiveCallFilter | undefined): boolean {
  if (!f) return true;
  if (f.callId && c.callId !== f.callId) return false;
  if (f.caller && !c.caller.includes(f.caller)) return false;
  if (f.called && !c.called.includes(f.called)) return false;
  if (f.number && !c.caller.includes(f.number) && !c.called.includes(f.number)) return false;
  if (f.callerIp && c.callerIp !== f.callerIp) return false;
  if (f.calledIp && c.calledIp !== f.calledIp) return false;
  if (f.connectedOnly && c.state !== 'answered') return false;
  // The proxy never sees codecs: a codec filter matches nothing rather than everything.
  if (f.codec) return false;
  return true;
}

export function createKamailioLiveSource(ctx: KamailioCtx, p: KamailioProfile, filter?: LiveCallFilter): LiveSource {
  return {
    profileId: p.id,
    poll: async (signal) => (await listDialogs(ctx, p, signal)).filter((c) => matches(c, filter)),
    // The client outlives one subscriber (registrations, health and hang-up use it); closeAll() ends it.
    close: async () => undefined,
  };
}

export async function findDialogs(ctx: KamailioCtx, p: KamailioProfile, q: { callId?: string; number?: string }, signal: AbortSignal): Promise<LiveCall[]> {
  const all = await listDialogs(ctx, p, signal);
  return all.filter((c) => matches(c, q.callId ? { callId: q.callId } : { number: q.number ?? '' })).slice(0, 50);
}

export async function listRegistrations(ctx: KamailioCtx, p: KamailioProfile, q: RegistrationsQuery): Promise<Registration[]> {
  const rpc = kamailioRpcFor(ctx, p);
  const result = await rpc.call('ul.dump', [], { maxBytes: LARGE_REPLY_BYTES });
  const { rows, skipped } = parseUsrlocDump(result, p.id, ctx.now(), MAX_CONTACTS, rpc.what);
  if (skipped > 0) log.warn(`${rpc.what}: ${skipped} entries of ul.dump were not of the expected shape and are not shown`);
  return rows.filter((r) => (!q.user || r.user.includes(q.user)) && (!q.states || q.states.length === 0 || q.states.includes(r.state as never)));
}

/** Version, uptime and the dialog / usrloc / memory counters, in the shape the health strip shows. */
export async function proxyHealth(ctx: KamailioCtx, p: KamailioProfile): Promise<SensorHealth> {
  const rpc = kamailioRpcFor(ctx, p);
  const [version, uptime, stats] = await Promise.all([rpc.call('core.version'), rpc.call('core.uptime'), rpc.call('stats.get_statistics', ['all'])]);
  const s = parseStatistics(stats, rpc.what);
  const total = s.get('shmem:total_size');
  const free = s.get('shmem:free_size');
  const active = s.get('dialog:active_dialogs');
  const early = s.get('dialog:early_dialogs');
  const parts: string[] = [];
  const users = s.get('usrloc:registered_users');
  if (users !== undefined) parts.push(`${users} registered users`);
  if (early !== undefined) parts.push(`${early} ringing`);
  const req = s.get('core:rcv_requests');
  if (req !== undefined) parts.push(`${req} requests received`);
  return {
    sensor: p.id,
    version: parseVersion(version, rpc.what),
    uptimeSec: parseUptime(uptime, rpc.what),
    // active_dialogs counts confirmed dialogs only; the live table also shows the ringing (early) ones.
    activeCalls: active !== undefined ? active + (early ?? 0) : null,
    bufferDrops: null,
    captureDrops: null,
    interfaces: [],
    traffic: parts.length ? parts.join(', ') : null,
    // Under 5 % of shared memory left: new dialogs and transactions start failing.
    memoryFull: total !== undefined && free !== undefined && total > 0 ? free / total < 0.05 : null,
    initializing: false,
  };
}

/**
 * Ends one dialog (dlg.end_dlg sends BYE to both sides, per the dialog module's RPC docs). The handle
 * is the row's "h_entry:h_id" (h_id grows per hash slot, so a handle is not reused by a later call);
 * the dialog must still be listed. Audited as attempt and result like every hang-up.
 */
export async function endDialog(ctx: KamailioCtx & Pick<AppContext, 'audit'>, p: KamailioProfile, handle: string): Promise<{ status: number }> {
  const h = parseDialogHandle(handle);
  if (!h) throw new CallboardError('usage', 'That is not a Kamailio dialog handle (h_entry:h_id).');
  const rpc: KamailioRpc = kamailioRpcFor(ctx, p);
  const current = (await listDialogs(ctx, p)).find((c) => c.channel === dialogHandle({ h_entry: h.hEntry, h_id: h.hId }));
  if (!current) throw new CallboardError('not_found', `${rpc.what} no longer lists dialog ${handle}; the call has probably ended. Refresh the list.`);
  const target = `${handle} ${current.callId ?? ''}`.trim().slice(0, 300);
  try {
    return await auditedAction(ctx.audit, { action: 'hangup', profileId: p.id, target }, async () => {
      await rpc.call('dlg.end_dlg', [h.hEntry, h.hId], { mutates: true });
      return { status: 0 };
    }, () => ({ pbxCode: 0 }), hangupFailure);
  } catch (e) {
    if (e instanceof CallboardError && e.code === 'not_found') throw new CallboardError('not_found', `${rpc.what} no longer has dialog ${handle}; the call ended before the hang-up.`, e.details);
    throw e;
  }
}
