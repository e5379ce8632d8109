/**
 * What an operator can do with one call, as one list per row kind: the row's context menu, the
 * keyboard shortcuts on a selected row, the detail panels' buttons and the "?" overlay all read it, so
 * a mouse-only action cannot exist. Each action says why it is unavailable instead of hiding.
 */
import type { LiveCall } from '../../../src-main/domain/live-call';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import { onDialNumber } from '../stores/call-actions';
import { useLinks, ticketFromCdr, ticketFromLive } from '../stores/links';
import { useHangup, canHangUp } from '../stores/hangup';
import { useCallView } from '../stores/call-view';
import { useNav } from '../stores/nav';
import { useNotices } from '../stores/notices';
import { kindsWith } from '../stores/profiles';

export interface RowAction {
  id: 'details' | 'dial-caller' | 'dial-callee' | 'copy-link' | 'ticket' | 'vault' | 'callview' | 'hangup';
  label: string;
  /** The key on a selected row (no modifier); shown in the menu and the overlay. */
  key: string;
  /** Why not, in words; null when available. */
  unavailable: string | null;
  danger?: boolean;
  run(): void;
}

/** Shortcut keys, the same for live and CDR rows (documented in the "?" overlay). */
export const ROW_KEYS: { key: string; label: string }[] = [
  { key: 'Enter', label: 'Open the details panel' },
  { key: 'D', label: 'Dial the caller' },
  { key: 'E', label: 'Dial the callee (called party)' },
  { key: 'L', label: 'Copy a SIP VAULT link' },
  { key: 'T', label: 'Copy ticket text (with the link)' },
  { key: 'V', label: 'Open the capture in SIP VAULT' },
  { key: 'G', label: 'Go to the call view' },
  { key: 'H', label: 'Hang up (asks first; where the backend can)' },
  { key: 'Shift+F10 / Menu', label: 'All actions of the row' },
];

function dial(number: string, profileId: string): void {
  if (!onDialNumber(number, profileId)) useNotices.getState().info('Click-to-call is not available in this build.');
}

function callView(callId: string | null, profileId: string): void {
  if (!callId) return;
  useCallView.getState().lookup({ callId, profileId });
  useNav.getState().go('call');
}

const NO_CALL_ID = 'the source recorded no SIP Call-ID for this call';

export function liveActions(c: LiveCall, openDetails?: () => void): RowAction[] {
  const t = ticketFromLive(c);
  const list: RowAction[] = [];
  if (openDetails) list.push({ id: 'details', label: 'Details', key: 'Enter', unavailable: null, run: openDetails });
  list.push(
    { id: 'dial-caller', label: `Dial caller ${c.caller}`, key: 'D', unavailable: c.caller ? null : 'no caller number', run: () => dial(c.caller, c.sensor) },
    { id: 'dial-callee', label: `Dial called ${c.called}`, key: 'E', unavailable: c.called ? null : 'no called number', run: () => dial(c.called, c.sensor) },
    { id: 'copy-link', label: 'Copy SIP VAULT link', key: 'L', unavailable: t ? null : NO_CALL_ID, run: () => t && void useLinks.getState().copyLink(t) },
    { id: 'ticket', label: 'Copy ticket text', key: 'T', unavailable: t ? null : NO_CALL_ID, run: () => t && void useLinks.getState().copyTicket(t) },
    { id: 'vault', label: 'Open in SIP VAULT', key: 'V', unavailable: t ? null : NO_CALL_ID, run: () => t && void useLinks.getState().open(t) },
    { id: 'callview', label: 'Call view', key: 'G', unavailable: c.callId ? null : NO_CALL_ID, run: () => callView(c.callId, c.sensor) },
    { id: 'hangup', label: 'Hang up…', key: 'H', danger: true, unavailable: canHangUp(c) ? null : `only calls from a ${kindsWith('hangup')} can be hung up from here`, run: () => useHangup.getState().ask(c) },
  );
  return list;
}

export function cdrActions(r: CdrRecord, openDetails?: () => void): RowAction[] {
  const t = ticketFromCdr(r);
  const noId = 'the PBX recorded no SIP Call-ID for this call';
  const list: RowAction[] = [];
  if (openDetails) list.push({ id: 'details', label: 'Details (legs, recordings)', key: 'Enter', unavailable: null, run: openDetails });
  list.push(
    { id: 'dial-caller', label: `Dial caller ${r.caller}`, key: 'D', unavailable: r.caller ? null : 'no caller number', run: () => dial(r.caller, r.profileId) },
    { id: 'dial-callee', label: `Dial callee ${r.callee}`, key: 'E', unavailable: r.callee ? null : 'no callee number', run: () => dial(r.callee, r.profileId) },
    { id: 'copy-link', label: 'Copy SIP VAULT link', key: 'L', unavailable: t ? null : noId, run: () => t && void useLinks.getState().copyLink(t) },
    { id: 'ticket', label: 'Copy ticket text', key: 'T', unavailable: t ? null : noId, run: () => t && void useLinks.getState().copyTicket(t) },
    { id: 'vault', label: 'Open in SIP VAULT', key: 'V', unavailable: t ? null : noId, run: () => t && void useLinks.getState().open(t) },
    { id: 'callview', label: 'Call view', key: 'G', unavailable: r.callId ? null : noId, run: () => callView(r.callId, r.profileId) },
  );
  return list;
}

/** Why an action cannot run, in one sentence (the key's notice and the buttons' tooltips say the same). */
export function unavailableText(a: RowAction): string {
  return `${a.label.replace(/…$/, '')}: not available, ${a.unavailable ?? 'no reason given'}.`;
}

/** A button's tooltip for an action: its key on the selected row, or why it cannot run. */
export function actionTitle(a: RowAction): string {
  return a.unavailable === null ? `${a.label} (key ${a.key} on the selected row)` : unavailableText(a);
}

/**
 * Runs the action bound to a key press on a selected row; true when the key was one of ours (an
 * unavailable action explains itself in a notice rather than doing nothing silently).
 */
export function runRowKey(actions: RowAction[], e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey || e.key.length !== 1) return false;
  const a = actions.find((x) => x.key.toLowerCase() === e.key.toLowerCase());
  if (!a) return false;
  if (a.unavailable) useNotices.getState().info(unavailableText(a));
  else a.run();
  return true;
}
