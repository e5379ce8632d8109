/** A disclosure menu on <details>: keyboard-operable natively; Esc closes it and returns focus. */
import { useRef, type ReactNode } from 'react';

export function Popover({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  return (
    <details
      ref={ref}
      className="popover"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          e.stopPropagation();
          ref.current.open = false;
          ref.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary>{label}</summary>
      <div className="popover-body">{children}</div>
    </details>
  );
}
