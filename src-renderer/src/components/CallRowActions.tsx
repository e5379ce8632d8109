/**
 * The inline buttons of a table row (live calls: link, ticket, SIP VAULT, hang-up; CDR: link), each
 * drawn from the row's action list (lib/row-actions.ts), so a button does, allows and refuses exactly
 * what the row's menu and shortcut key do.
 */
import type { LiveCall } from '../../../src-main/domain/live-call';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import { actionTitle, cdrActions, liveActions, type RowAction } from '../lib/row-actions';

/** One row action as a small button; its tooltip names the shortcut key, or says why not (actionTitle). */
export function RowActionButton({ action, text, testId }: { action: RowAction; text: string; testId: string }) {
  return (
    <button
      type="button"
      className={action.danger ? 'small danger' : 'small'}
      tabIndex={-1}
      disabled={action.unavailable !== null}
      title={actionTitle(action)}
      onClick={(e) => {
        e.stopPropagation();
        action.run();
      }}
      data-testid={testId}
    >
      {text}
    </button>
  );
}

/** The live row's buttons, in this order; hang-up only where the backend can. */
const LIVE_BUTTONS: readonly { id: RowAction['id']; text: string; testId: string; onlyWhenAvailable?: boolean }[] = [
  { id: 'copy-link', text: 'Copy link', testId: 'copy-link' },
  { id: 'ticket', text: 'Ticket', testId: 'copy-ticket' },
  { id: 'vault', text: 'Vault', testId: 'open-vault' },
  { id: 'hangup', text: 'Hang up', testId: 'hangup', onlyWhenAvailable: true },
];

export function LiveRowActions({ call }: { call: LiveCall }) {
  const actions = liveActions(call);
  return (
    <span className="row-actions">
      {LIVE_BUTTONS.map((b) => {
        const a = actions.find((x) => x.id === b.id);
        if (!a || (b.onlyWhenAvailable && a.unavailable !== null)) return null;
        return <RowActionButton key={b.id} action={a} text={b.text} testId={`${b.testId}-${call.key}`} />;
      })}
    </span>
  );
}

export function CdrRowActions({ record }: { record: CdrRecord }) {
  const link = cdrActions(record).find((x) => x.id === 'copy-link');
  return link ? <RowActionButton action={link} text="Copy link" testId={`cdr-copy-link-${record.id}`} /> : null;
}
