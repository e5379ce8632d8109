/** A detail panel's actions as real buttons (Tab order), from the same list as the row's menu and keys. */
import { actionTitle, type RowAction } from '../lib/row-actions';

export function ActionBar({ actions, testId }: { actions: RowAction[]; testId: string }) {
  return (
    <div className="form-actions action-bar" role="group" aria-label="Actions" data-testid={testId}>
      {actions.map((a) => (
        <button
          key={a.id}
          type="button"
          className={a.danger ? 'danger' : ''}
          disabled={a.unavailable !== null}
          title={actionTitle(a)}
          onClick={a.run}
          data-testid={`${testId}-${a.id}`}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}
