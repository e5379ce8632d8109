/**
 * A live call's SIP ladder as text (the CLI's `callboard call --sip` and "Copy as text" for a ticket): main asks the sensor again (the ladder as it
 * is now), formats it in the operator's display zone (src-shared/sip-ladder-text.ts) and writes it to
 * the clipboard itself. A call that has ended since is no longer on the sensor (active_call_info answers
 * "call not found"): then the last ladder this window was shown is copied, and the reply says so.
 */
import { CallboardError } from '../core/errors';
import type { AppContext } from '../core/context';
import type { LiveCall } from '../domain/live-call';
import type { SipLadder } from '../domain/sip-ladder';
import { callDetailOf } from './live/requests';
import { getDisplayZone } from './display-settings';
import { ladderText } from '../../src-shared/sip-ladder-text';

/** Last ladders shown, by call key (a few open panels' worth; bounded). */
const MAX_KEPT = 32;

export class SipLadderCopier {
  private readonly last = new Map<string, { ladder: SipLadder; callId: string | null; at: number }>();

  constructor(private readonly ctx: AppContext) {}

  /** Called with every detail main returns, so an ended call's ladder can still be copied. */
  remember(key: string, ladder: SipLadder | null, callId: string | null): void {
    if (!ladder || ladder.state !== 'available') return;
    this.last.delete(key);
    this.last.set(key, { ladder, callId, at: this.ctx.now() });
    while (this.last.size > MAX_KEPT) this.last.delete(this.last.keys().next().value as string);
  }

  async copy(key: string, known: LiveCall | null): Promise<{ lines: number; messages: number; stale: boolean }> {
    let fresh: { ladder: SipLadder | null; callId: string | null } | null = null;
    try {
      fresh = await ladderOf(this.ctx, key, known);
      this.remember(key, fresh.ladder, fresh.callId);
    } catch (e) {
      if (!(e instanceof CallboardError && e.code === 'not_found') || !this.last.has(key)) throw e;
    }
    const kept = this.last.get(key);
    const ladder = fresh ? fresh.ladder : (kept?.ladder ?? null);
    const stale = fresh === null;
    const text = await sipLadderText(this.ctx, key, known, ladder, (fresh ? fresh.callId : kept?.callId) ?? null, stale);
    await this.ctx.platform.writeClipboard(text);
    return { lines: text.split('\n').length - 1, messages: ladder?.messages.length ?? 0, stale };
  }
}

async function ladderOf(ctx: AppContext, key: string, known: LiveCall | null): Promise<{ ladder: SipLadder | null; callId: string | null }> {
  const d = await callDetailOf(ctx, key, known);
  return { ladder: d.sipLadder, callId: typeof d.fields['callid'] === 'string' ? d.fields['callid'] : (known?.callId ?? null) };
}

/** The ladder of `key` formatted in the display zone, with a title naming the call and the sensor. */
export async function sipLadderText(ctx: AppContext, key: string, known: LiveCall | null, ladder: SipLadder | null, callId: string | null, stale = false): Promise<string> {
  const profileId = key.slice(0, key.indexOf(':'));
  if (!ladder) throw new CallboardError('unsupported', `Profile "${profileId}" does not report SIP messages for live calls.`);
  const profile = await ctx.profiles.get(profileId);
  const sourceZone = 'timeZone' in profile && typeof profile.timeZone === 'string' ? profile.timeZone : null;
  const who = known ? `call ${known.caller} → ${known.called}` : 'call';
  const title = `${who}${callId ? ` (Call-ID ${callId})` : ''} on sensor ${profile.name}${stale ? ', as last shown before the call ended' : ''}`;
  return ladderText(ladder, { zone: await getDisplayZone(ctx.configDir), sourceZone, title });
}

/** Asks the sensor for the call's SIP messages now and formats them (the CLI). */
export async function currentSipLadderText(ctx: AppContext, call: LiveCall): Promise<string> {
  const { ladder, callId } = await ladderOf(ctx, call.key, call);
  return sipLadderText(ctx, call.key, call, ladder, callId);
}
