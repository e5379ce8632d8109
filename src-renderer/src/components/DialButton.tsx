import { onDialNumber } from '../stores/call-actions';
import { useNotices } from '../stores/notices';

/** A phone number that opens the originate dialog (main decides whether and how it may be dialled). */
/** `focusable`: in panels (Tab order); in table cells the row's D/E keys and menu reach it instead. */
export function DialButton({ number, profileId, testId, focusable }: { number: string; profileId: string; testId: string; focusable?: boolean }) {
  if (!number) return <span className="muted">–</span>;
  return (
    <button
      type="button"
      className="link-button mono"
      tabIndex={focusable ? undefined : -1}
      title={`Call ${number}`}
      aria-label={`Call ${number}`}
      data-testid={testId}
      onClick={(e) => {
        e.stopPropagation();
        if (!onDialNumber(number, profileId)) useNotices.getState().info('Click-to-call is not available in this build.');
      }}
    >
      {number}
    </button>
  );
}
