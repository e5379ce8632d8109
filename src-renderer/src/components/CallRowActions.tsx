/** Per-row actions for a live call: ticket text, open in SIP VAULT, hang-up (UCM). */
import type { LiveCall } from '../../../src-main/domain/live-call';
import { useLinks, ticketFromLive } from '../stores/links';
import { useHangup, canHangUp } from '../stores/hangup';

export function LiveRowActions({ call }: { call: LiveCall }) {
  const ticket = ticketFromLive(call);
  return (
    <span className="row-actions">
      <button
        type="button"
        className="small"
        tabIndex={-1}
        disabled={!ticket}
        title="Copy ticket text with a SIP VAULT link"
        onClick={(e) => {
          e.stopPropagation();
          if (ticket) void useLinks.getState().copyTicket(ticket);
        }}
        data-testid={`copy-ticket-${call.key}`}
      >
        Ticket
      </button>
      <button
        type="button"
        className="small"
        tabIndex={-1}
        disabled={!ticket}
        title="Open the capture in SIP VAULT"
        onClick={(e) => {
          e.stopPropagation();
          if (ticket) void useLinks.getState().open(ticket);
        }}
        data-testid={`open-vault-${call.key}`}
      >
        Vault
      </button>
      {canHangUp(call) && (
        <button
          type="button"
          className="small danger"
          tabIndex={-1}
          title="Hang up this call (asks first)"
          onClick={(e) => {
            e.stopPropagation();
            useHangup.getState().ask(call);
          }}
          data-testid={`hangup-${call.key}`}
        >
          Hang up
        </button>
      )}
    </span>
  );
}
