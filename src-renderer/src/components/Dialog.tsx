/**
 * Modal dialog on the native <dialog> element: focus is trapped and Esc closes it (the browser does
 * both); Enter submits the form inside, which is the dialog's confirm action.
 */
import { useLayoutEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  open: boolean;
  onClose(): void;
  /** Called on Enter / the primary button. Omit for an information-only dialog. */
  onConfirm?: () => void;
  confirmLabel?: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  testId?: string;
  /**
   * Where focus starts: 'cancel' for destructive or costly actions (Enter then does the safe thing),
   * 'none' when the dialog's content focuses its own field. Default: the primary action.
   */
  initialFocus?: 'confirm' | 'cancel' | 'none';
  /** The primary action stays disabled until the operator has done something deliberate (e.g. typed digits). */
  confirmDisabled?: boolean;
  children: ReactNode;
}

export function Dialog({ title, open, onClose, onConfirm, confirmLabel = 'OK', cancelLabel = 'Cancel', danger, busy, testId, initialFocus = 'confirm', confirmDisabled, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const focusPending = useRef(false);
  // Opened, closed and focused before paint. showModal() focuses the first control (often Cancel),
  // so on opening focus is placed deliberately; afterwards only when it fell out of the dialog
  // (disabling the focused primary button while busy, or a step unmounting a focused field, drops it
  // to <body>, where Enter does nothing).
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
    if (open && !wasOpen.current) focusPending.current = true;
    wasOpen.current = open;
    if (!open || busy || initialFocus === 'none') return;
    if (!focusPending.current && d.contains(document.activeElement) && document.activeElement !== d) return;
    focusPending.current = false;
    (initialFocus === 'cancel' && onConfirm ? cancelRef.current : primaryRef.current)?.focus();
  }, [open, busy, title, initialFocus, onConfirm]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      data-testid={testId}
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (onConfirm && !busy && !confirmDisabled) onConfirm();
            else if (!onConfirm) onClose();
          }}
        >
          <h2 className="dialog-title">{title}</h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            {onConfirm && (
              <button type="button" onClick={onClose} ref={cancelRef} data-testid={testId ? `${testId}-cancel` : undefined}>
                {cancelLabel}
              </button>
            )}
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy || confirmDisabled} ref={primaryRef} data-testid={testId ? `${testId}-confirm` : undefined}>
              {onConfirm ? confirmLabel : 'Close'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
