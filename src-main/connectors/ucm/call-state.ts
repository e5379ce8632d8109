/**
 * Following a click-to-call on the UCM: find the operator's channel in `listBridgedChannels` /
 * `listUnBridgedChannels` and say whether it rings or is answered.
 */
import type { CallStateRequest } from '../../core/backend';
import { listChannels, type UcmBridged, type UcmUnbridged } from './channels';
import { getUcmSession, type UcmDeps } from './session';
import type { UcmProfile } from './profile';

/** The PBX may show the number in national form: compare the last digits only. */
function sameNumber(shown: string | undefined, destination: string): boolean {
  const a = (shown ?? '').replace(/[^0-9]/g, '');
  const b = destination.replace(/[^0-9]/g, '');
  if (!a || !b) return false;
  const n = Math.min(a.length, b.length, 8);
  return a.slice(-n) === b.slice(-n);
}

function isOperator(channel: string, num: string | undefined, ext: string): boolean {
  return num === ext || channel.includes(`/${ext}-`);
}

export function ucmStateOf(c: { bridged: UcmBridged[]; unbridged: UcmUnbridged[] }, req: CallStateRequest): 'ringing' | 'answered' | null {
  for (const b of c.bridged) {
    const opSide = isOperator(b.channel1, b.callerid1, req.operatorExtension) || isOperator(b.channel2, b.callerid2, req.operatorExtension);
    if (opSide && (sameNumber(b.callerid2, req.destination) || sameNumber(b.callerid1, req.destination))) return 'answered';
  }
  for (const u of c.unbridged) {
    if (isOperator(u.channel, u.callernum, req.operatorExtension) && (sameNumber(u.connectednum, req.destination) || !u.connectednum)) return 'ringing';
  }
  return null;
}

export async function ucmCallState(ctx: UcmDeps, profile: UcmProfile, req: CallStateRequest): Promise<'ringing' | 'answered' | null> {
  return ucmStateOf(await listChannels(getUcmSession(ctx, profile)), req);
}
