/** "?" anywhere (outside a text field): every keyboard shortcut of the console, from the same lists the keys use. */
import { useEffect, useState } from 'react';
import { Dialog } from './Dialog';
import { ROW_KEYS } from '../lib/row-actions';
import { views } from '../views';

const TABLE_KEYS = [
  { key: '↑ / ↓, PgUp / PgDn, Home / End', label: 'Move the selected row' },
  { key: 'Tab', label: 'Move between the toolbar, the table and the panel' },
  { key: 'Esc', label: 'Close the open panel, menu or dialog' },
];

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type));
}

export function useShortcutsOverlay(): [boolean, (v: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target) && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [open, setOpen];
}

export function ShortcutsOverlay({ open, onClose }: { open: boolean; onClose(): void }) {
  const section = (title: string, rows: { key: string; label: string }[]) => (
    <>
      <h3>{title}</h3>
      <table className="shortcuts-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                <kbd>{r.key}</kbd>
              </th>
              <td>{r.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
  return (
    <Dialog title="Keyboard shortcuts" open={open} onClose={onClose} testId="shortcuts">
      {section('Anywhere', [...views.map((v, i) => ({ key: `Ctrl+${i + 1}`, label: v.title })), { key: '?', label: 'This list' }])}
      {section('Tables', TABLE_KEYS)}
      {section('On the selected row (Live calls, CDR search)', ROW_KEYS)}
    </Dialog>
  );
}
