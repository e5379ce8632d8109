/**
 * Modal dialog on the native <dialog> element: focus is trapped and Esc closes it (the browser does
 * both); Enter submits the form inside, which is the dialog's confirm action.
 */
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';

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
  children: ReactNode;
}

export function Dialog({ title, open, onClose, onConfirm, confirmLabel = 'OK', cancelLabel = 'Cancel', danger, busy, testId, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const primaryRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  // Disabling the focused primary button while busy (or unmounting a focused field between steps)
  // drops focus to <body>, where Enter does nothing: put it back on the primary action, before paint.
  useLayoutEffect(() => {
    const d = ref.current;
    if (open && !busy && d && !d.contains(document.activeElement)) primaryRef.current?.focus();
  }, [open, busy, title]);

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
            if (onConfirm && !busy) onConfirm();
            else if (!onConfirm) onClose();
          }}
        >
          <h2 className="dialog-title">{title}</h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            {onConfirm && (
              <button type="button" onClick={onClose} data-testid={testId ? `${testId}-cancel` : undefined}>
                {cancelLabel}
              </button>
            )}
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy} autoFocus ref={primaryRef} data-testid={testId ? `${testId}-confirm` : undefined}>
              {onConfirm ? confirmLabel : 'Close'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
