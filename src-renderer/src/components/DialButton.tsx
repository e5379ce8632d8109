import { onDialNumber } from '../stores/call-actions';
import { useNotices } from '../stores/notices';

/** A phone number that opens the originate dialog (main decides whether and how it may be dialled). */
export function DialButton({ number, profileId, testId }: { number: string; profileId: string; testId: string }) {
  if (!number) return <span className="muted">–</span>;
  return (
    <button
      type="button"
      className="link-button mono"
      tabIndex={-1}
      title={`Call ${number}`}
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
