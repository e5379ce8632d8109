/**
 * SIP VAULT link actions for any call the window shows (live row, CDR row, call view). Main signs,
 * writes the clipboard and audits; the page only shows the returned URL and its expiry.
 */
import { create } from 'zustand';
import type { RequestOf, ResponseOf } from '../../../src-main/ipc/contract';
import type { LiveCall } from '../../../src-main/domain/live-call';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import { bridge, unwrap, messageOf } from '../api';
import { useNotices } from './notices';
import { useDisplay } from './display';
import { formatTime, zoneLabel, type DisplayZone } from '../../../src-shared/time-format';

export type LinkReply = ResponseOf<'links:copy'>;
export type TicketRequest = RequestOf<'links:copyTicket'>;

export interface LinkShown {
  kind: 'link' | 'ticket' | 'open';
  link: LinkReply;
  /** The ticket text that went to the clipboard. */
  text?: string;
}

interface LinksState {
  shown: LinkShown | null;
  busy: boolean;
  dismiss(): void;
  copyLink(t: TicketRequest): Promise<void>;
  copyTicket(t: TicketRequest): Promise<void>;
  open(t: TicketRequest): Promise<void>;
}

/** "valid until 2024-05-02 14:05:00 (Europe/Prague)", on the display zone's clock like every other time. */
export function validityText(epochSec: number, dz: DisplayZone = useDisplay.getState().zone): string {
  return `valid until ${formatTime(epochSec * 1000, dz)} (${zoneLabel(dz, 'this computer')})`;
}

/** Only the link target fields (links:copy/open/preview are strict about extra keys). */
function target(t: TicketRequest): RequestOf<'links:copy'> {
  return { callId: t.callId, ...(t.sourceProfileId ? { sourceProfileId: t.sourceProfileId } : {}), ...(t.vaultProfileId ? { vaultProfileId: t.vaultProfileId } : {}) };
}

const operatorZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function ticketFromLive(c: LiveCall): TicketRequest | null {
  if (!c.callId) return null;
  const start = c.start ? Date.parse(c.start) : Number.NaN;
  const t: TicketRequest = { callId: c.callId, sourceProfileId: c.sensor, caller: c.caller.slice(0, 200), callee: c.called.slice(0, 200), timeZone: operatorZone() };
  if (Number.isFinite(start) && start >= 0) t.startMs = start;
  if (c.durationSec !== null && c.durationSec >= 0) t.durationSec = Math.min(c.durationSec, 864000);
  if (c.state) t.disposition = c.state.slice(0, 100);
  if (c.mosCaller !== null && c.mosCaller >= 0 && c.mosCaller <= 5) t.mosCaller = c.mosCaller;
  if (c.mosCalled !== null && c.mosCalled >= 0 && c.mosCalled <= 5) t.mosCallee = c.mosCalled;
  return t;
}

export function ticketFromCdr(r: CdrRecord): TicketRequest | null {
  if (!r.callId) return null;
  const start = Date.parse(r.start);
  const t: TicketRequest = { callId: r.callId, sourceProfileId: r.profileId, caller: r.caller.slice(0, 200), callee: r.callee.slice(0, 200), disposition: r.disposition.slice(0, 100), durationSec: Math.min(Math.max(0, r.durationSec), 864000), timeZone: operatorZone() };
  if (Number.isFinite(start) && start >= 0) {
    t.startMs = start;
    if (r.start.length <= 40) t.startIso = r.start;
  }
  return t;
}

export const useLinks = create<LinksState>((set) => {
  async function run(kind: LinkShown['kind'], fn: () => Promise<LinkShown>): Promise<void> {
    set({ busy: true });
    try {
      const shown = await fn();
      set({ shown });
      const what = kind === 'ticket' ? 'Ticket text copied' : kind === 'open' ? 'Opened in SIP VAULT' : 'Link copied';
      useNotices.getState().info(`${what}; ${validityText(shown.link.validUntilEpoch)}.`);
    } catch (e) {
      useNotices.getState().error(messageOf(e));
    } finally {
      set({ busy: false });
    }
  }
  return {
    shown: null,
    busy: false,
    dismiss: () => set({ shown: null }),
    copyLink: (t) => run('link', async () => ({ kind: 'link', link: await unwrap(bridge().links.copy(target(t))) })),
    copyTicket: (t) =>
      run('ticket', async () => {
        const r = await unwrap(bridge().links.copyTicket(t));
        return { kind: 'ticket', link: r.link, text: r.text };
      }),
    open: (t) => run('open', async () => ({ kind: 'open', link: await unwrap(bridge().links.open(target(t))) })),
  };
});
