/**
 * A row's context menu (right click, the Menu key or Shift+F10 on a selected row): every action of
 * the row with its shortcut; unavailable ones stay in the list and say why. WAI-ARIA menu pattern:
 * ↑/↓/Home/End move, Enter runs, Esc or Tab closes and focus returns to the table.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { unavailableText, type RowAction } from '../lib/row-actions';

export interface RowMenuState {
  actions: RowAction[];
  x: number;
  y: number;
  label: string;
}

export function RowMenu({ menu, onClose }: { menu: RowMenuState; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const returnTo = useRef<Element | null>(document.activeElement);
  const [pos, setPos] = useState({ left: menu.x, top: menu.y });

  // Keep the menu inside the window (a row near the bottom opens it upwards).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({ left: Math.max(4, Math.min(menu.x, window.innerWidth - r.width - 4)), top: Math.max(4, Math.min(menu.y, window.innerHeight - r.height - 4)) });
    (el.querySelector('[role="menuitem"]:not([aria-disabled="true"])') as HTMLElement | null)?.focus();
  }, [menu]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close();
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  });

  function close() {
    onClose();
    (returnTo.current as HTMLElement | null)?.focus?.();
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const go = (n: number) => items[(n + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  return (
    <div ref={ref} className="row-menu" role="menu" aria-label={menu.label} style={{ left: pos.left, top: pos.top }} onKeyDown={onKeyDown} data-testid="row-menu">
      {menu.actions.map((a) => (
        <button
          key={a.id}
          type="button"
          role="menuitem"
          className={a.danger ? 'danger' : ''}
          aria-disabled={a.unavailable ? true : undefined}
          title={a.unavailable ? unavailableText(a) : undefined}
          onClick={() => {
            if (a.unavailable) return;
            onClose();
            (returnTo.current as HTMLElement | null)?.focus?.();
            a.run();
          }}
          data-testid={`row-menu-${a.id}`}
        >
          <span>{a.label}</span>
          {a.unavailable ? <span className="muted row-menu-why">{a.unavailable}</span> : null}
          <kbd aria-hidden="true">{a.key}</kbd>
        </button>
      ))}
    </div>
  );
}
