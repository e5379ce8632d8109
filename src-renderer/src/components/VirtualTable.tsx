/**
 * A dense, virtualised table (only visible rows are in the DOM) for tens of thousands of rows.
 * Keyboard: the body is one tab stop; ↑/↓/PgUp/PgDn/Home/End move the selection, Enter opens it,
 * other keys go to `onRowKey` (row shortcuts), the Menu key / Shift+F10 / right click to `onRowMenu`.
 * Reusable: the CDR search view can use it with its own columns.
 */
import { memo, useCallback, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  id: string;
  header: string;
  /** Pixel width; the last visible column stretches. */
  width: number;
  align?: 'left' | 'right' | 'center';
  sortable?: boolean;
  /** Stays at the right edge while the table scrolls sideways (row actions). */
  pinned?: boolean;
  cell(row: T, ctx: CellContext): ReactNode;
}

export interface CellContext {
  /** A shared clock (ms) for cells that tick, e.g. call duration. */
  now: number;
}

interface Props<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  selectedKey?: string | null;
  onSelect?(key: string | null): void;
  onOpen?(key: string): void;
  sort?: { column: string; desc: boolean } | null;
  onSort?(column: string): void;
  now?: number;
  rowHeight?: number;
  label: string;
  testId?: string;
  rowTestId?: (row: T) => string;
  emptyText?: string;
  rowClass?: (row: T) => string;
  /** A key pressed on the selected row; return true when it was handled. */
  onRowKey?(e: KeyboardEvent<HTMLDivElement>, key: string): boolean;
  /** Open the row's context menu at a window position. */
  onRowMenu?(key: string, x: number, y: number): void;
}

export function VirtualTable<T>({ rows, columns, rowKey, selectedKey, onSelect, onOpen, sort, onSort, now = 0, rowHeight = 24, label, testId, rowTestId, emptyText, rowClass, onRowKey, onRowMenu }: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- rows are memo()'d by hand below; no compiler memoisation is relied on
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const template = columns.map((c, i) => (i === columns.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
  const totalWidth = columns.reduce((s, c) => s + c.width, 0);
  const selectedIndex = selectedKey ? rows.findIndex((r) => rowKey(r) === selectedKey) : -1;

  const move = useCallback(
    (to: number) => {
      if (!rows.length || !onSelect) return;
      const i = Math.max(0, Math.min(rows.length - 1, to));
      const row = rows[i];
      if (row === undefined) return;
      onSelect(rowKey(row));
      virtualizer.scrollToIndex(i, { align: 'auto' });
    },
    [rows, onSelect, rowKey, virtualizer],
  );

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const handled: Record<string, () => void> = {
      ArrowDown: () => move(selectedIndex + 1),
      ArrowUp: () => move(selectedIndex < 0 ? 0 : selectedIndex - 1),
      PageDown: () => move(selectedIndex + page),
      PageUp: () => move(selectedIndex - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => selectedKey && onOpen?.(selectedKey),
    };
    if (e.target !== e.currentTarget) return;
    const fn = handled[e.key];
    if (fn) {
      e.preventDefault();
      fn();
      return;
    }
    if (!selectedKey) return;
    if (onRowMenu && (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) {
      e.preventDefault();
      const el = scrollRef.current?.querySelector(`[data-key="${CSS.escape(selectedKey)}"]`);
      const r = el?.getBoundingClientRect() ?? scrollRef.current?.getBoundingClientRect();
      onRowMenu(selectedKey, (r?.left ?? 0) + 24, (r?.bottom ?? 0) + 2);
      return;
    }
    if (onRowKey?.(e, selectedKey)) e.preventDefault();
  }

  // Keep the selected row visible when the data re-sorts under it.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedKey]);

  return (
    <div className="vtable" data-testid={testId}>
      {/* role=grid: one focusable widget whose selected row is its active descendant (ARIA grid pattern). */}
      <div
        ref={scrollRef}
        className="vtable-scroll"
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-readonly="true"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={selectedIndex >= 0 ? `${testId ?? 'row'}-${selectedIndex}` : undefined}
      >
        <div className="vtable-head" role="row" style={{ gridTemplateColumns: template, minWidth: totalWidth }}>
          {columns.map((c) => {
            const active = sort?.column === c.id;
            return (
              <div key={c.id} role="columnheader" className={`vth ${c.align ?? ''}${c.pinned ? ' pinned' : ''}`} aria-sort={active ? (sort?.desc ? 'descending' : 'ascending') : undefined}>
                {c.sortable && onSort ? (
                  <button type="button" onClick={() => onSort(c.id)} data-testid={`sort-${c.id}`} tabIndex={-1}>
                    {c.header}
                    {active ? (sort?.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                ) : (
                  c.header
                )}
              </div>
            );
          })}
        </div>
        {rows.length === 0 && (
          <div role="row">
            <div role="gridcell" className="empty">
              {emptyText ?? 'Nothing to show.'}
            </div>
          </div>
        )}
        <div className="vtable-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), minWidth: totalWidth }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index];
            if (row === undefined) return null;
            const key = rowKey(row);
            return (
              <Row
                key={key}
                id={`${testId ?? 'row'}-${v.index}`}
                row={row}
                columns={columns}
                template={template}
                top={v.start}
                height={rowHeight}
                selected={key === selectedKey}
                rowKey={key}
                onSelect={onSelect}
                onOpen={onOpen}
                now={now}
                testId={rowTestId?.(row)}
                extraClass={rowClass?.(row)}
                index={v.index}
                onMenu={onRowMenu}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps<T> {
  id: string;
  row: T;
  columns: readonly Column<T>[];
  template: string;
  top: number;
  height: number;
  selected: boolean;
  rowKey: string;
  onSelect: ((key: string | null) => void) | undefined;
  onOpen: ((key: string) => void) | undefined;
  now: number;
  testId: string | undefined;
  extraClass: string | undefined;
  index: number;
  onMenu: ((key: string, x: number, y: number) => void) | undefined;
}

// Memoised: rows whose object, position and clock did not change are skipped on re-render.
const Row = memo(function Row<T>({ id, row, columns, template, top, height, selected, rowKey, onSelect, onOpen, now, testId, extraClass, index, onMenu }: RowProps<T>) {
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`vtr ${selected ? 'selected' : ''} ${index % 2 ? 'odd' : ''} ${extraClass ?? ''}`}
      style={{ transform: `translateY(${top}px)`, height, gridTemplateColumns: template }}
      onClick={() => onSelect?.(rowKey)}
      onDoubleClick={() => onOpen?.(rowKey)}
      onContextMenu={
        onMenu
          ? (e) => {
              e.preventDefault();
              onSelect?.(rowKey);
              onMenu(rowKey, e.clientX, e.clientY);
            }
          : undefined
      }
      data-testid={testId}
      data-key={rowKey}
    >
      {columns.map((c) => (
        <div key={c.id} role="gridcell" className={`vtd ${c.align ?? ''}${c.pinned ? ' pinned' : ''}`}>
          {c.cell(row, { now })}
        </div>
      ))}
    </div>
  );
}) as <T>(p: RowProps<T>) => ReactNode;
