/**
 * "Copy as text" of a live call's SIP ladder, for a ticket: main asks the sensor again (the ladder as it
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
    const profileId = key.slice(0, key.indexOf(':'));
    let ladder: SipLadder | null = null;
    let callId = known?.callId ?? null;
    let stale = false;
    try {
      const d = await callDetailOf(this.ctx, key, known);
      ladder = d.sipLadder;
      if (typeof d.fields['callid'] === 'string') callId = d.fields['callid'];
      this.remember(key, ladder, callId);
    } catch (e) {
      const kept = this.last.get(key);
      if (!(e instanceof CallboardError && e.code === 'not_found') || !kept) throw e;
      ladder = kept.ladder;
      callId = callId ?? kept.callId;
      stale = true;
    }
    if (!ladder) throw new CallboardError('unsupported', `Profile "${profileId}" does not report SIP messages for live calls.`);
    const profile = await this.ctx.profiles.get(profileId);
    const sourceZone = 'timeZone' in profile && typeof profile.timeZone === 'string' ? profile.timeZone : null;
    const who = known ? `call ${known.caller} → ${known.called}` : 'call';
    const title = `${who}${callId ? ` (Call-ID ${callId})` : ''} on sensor ${profile.name}${stale ? ', as last shown before the call ended' : ''}`;
    const text = ladderText(ladder, { zone: await getDisplayZone(this.ctx.configDir), sourceZone, title });
    await this.ctx.platform.writeClipboard(text);
    return { lines: text.split('\n').length - 1, messages: ladder.messages.length, stale };
  }
}
