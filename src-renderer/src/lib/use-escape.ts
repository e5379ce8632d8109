/**
 * Esc closes the view's open panel wherever focus is in the view (the table keeps focus while a detail
 * panel is open, so a handler on the panel alone never saw the key). Dialogs and open menus get Esc
 * first: they handle it themselves and stop it.
 */
import { useEffect } from 'react';

export function useEscape(active: boolean, onEscape: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (document.querySelector('dialog[open], details.popover[open], [role="menu"]')) return;
      onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, onEscape]);
}
