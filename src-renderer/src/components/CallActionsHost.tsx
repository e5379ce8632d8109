/**
 * Mounted once by the shell: registers the "dial this number" hook UI tables call
 * (stores/call-actions.ts) and hosts the dialogs row actions open: originate, hang-up, link result.
 */
import { useEffect } from 'react';
import { useCallActions } from '../stores/call-actions';
import { useOriginate } from '../stores/originate';
import { useLinks, validityText } from '../stores/links';
import { useHangup } from '../stores/hangup';
import { OriginateDialog } from './OriginateDialog';
import { Dialog } from './Dialog';

export function CallActionsHost() {
  useEffect(() => {
    const { setDialNumber } = useCallActions.getState();
    setDialNumber((number, profileId) => useOriginate.getState().open(number, profileId));
    return () => setDialNumber(null);
  }, []);

  return (
    <>
      <OriginateDialog />
      <HangupDialog />
      <LinkResultPanel />
    </>
  );
}

function HangupDialog() {
  const h = useHangup();
  const c = h.call;
  return (
    <Dialog title="Hang up this call?" open={c !== null} onClose={h.close} onConfirm={() => void h.confirm()} confirmLabel="Hang up" danger busy={h.busy} initialFocus="cancel" testId="hangup-dialog">
      {c && (
        <>
          <p>
            <span className="mono">{c.caller}</span> → <span className="mono">{c.called}</span> on {c.sensor} ends for both parties at once.
          </p>
          <p className="muted mono">{c.channel}</p>
        </>
      )}
      {h.error && (
        <p className="error" role="alert" data-testid="hangup-error">
          {h.error}
        </p>
      )}
    </Dialog>
  );
}

/** Non-modal: the URL main just signed (and copied), with its expiry in local time and UTC. */
function LinkResultPanel() {
  const shown = useLinks((s) => s.shown);
  const dismiss = useLinks((s) => s.dismiss);
  if (!shown) return null;
  const what = shown.kind === 'ticket' ? 'Ticket text copied to the clipboard' : shown.kind === 'open' ? 'Opened in SIP VAULT' : 'Link copied to the clipboard';
  return (
    <aside className="link-panel" aria-label="SIP VAULT link" data-testid="link-panel" onKeyDown={(e) => e.key === 'Escape' && dismiss()}>
      <header>
        <strong>{what}</strong>
        <button type="button" className="small" onClick={dismiss} aria-label="Close" data-testid="link-panel-close">
          ✕
        </button>
      </header>
      <input type="text" readOnly value={shown.link.url} className="mono" aria-label="Signed link" data-testid="link-url" onFocus={(e) => e.currentTarget.select()} />
      <p data-testid="link-validity">{validityText(shown.link.validUntilEpoch)}</p>
      {shown.link.warning && <p className="error">{shown.link.warning}</p>}
      {shown.text && <pre className="ticket-preview" data-testid="ticket-text">{shown.text}</pre>}
    </aside>
  );
}
