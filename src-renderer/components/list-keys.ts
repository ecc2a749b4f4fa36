import { useEffect, useRef, useState } from 'react';

/** True when a key press belongs to a text box, a list or a dialog rather than to the page's list. */
export function keyPressElsewhere(e: KeyboardEvent): boolean {
  const target = e.target instanceof HTMLElement ? e.target : null;
  if (target && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)) return true;
  if (target?.closest('.ant-modal, .ant-dropdown, .ant-select-dropdown, .ant-picker-dropdown, .quick-search'))
    return true;
  return document.querySelector('.ant-modal-wrap:not([style*="display: none"])') !== null;
}

/** A plain key press the page may take (no Ctrl/Alt/⌘, not already taken, not typed elsewhere). */
export function pageKeyPress(e: KeyboardEvent): boolean {
  return !(e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || keyPressElsewhere(e));
}

/**
 * A list table driven from the keyboard: ↑/↓ choose a row (the first one until then), Enter opens
 * the chosen one (not when a button has the focus), and the chosen row is scrolled into view.
 * The table's rows carry their key as the `data-<attribute>` attribute; put `tableRef` on a box
 * around the table.
 */
export function useKeyboardList<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  open: (row: T) => void,
  attribute: string,
): { selected: T | null; select(key: string): void; tableRef: React.RefObject<HTMLDivElement | null> } {
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const selected = rows.find((r) => keyOf(r) === selectedKey) ?? rows[0] ?? null;
  const latest = useRef({ rows, selected, keyOf, open, attribute });
  latest.current = { rows, selected, keyOf, open, attribute };
  const tableRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!pageKeyPress(e)) return;
      const { rows: list, selected: current, keyOf: keyOfRow, open: openRow } = latest.current;
      if (list.length === 0) return;
      const at = current ? list.findIndex((r) => keyOfRow(r) === keyOfRow(current)) : -1;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = list[Math.max(0, Math.min(list.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
        if (next) setSelectedKey(keyOfRow(next));
      } else if (e.key === 'Enter' && current && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        openRow(current);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    if (!selected) return;
    const { keyOf: keyOfRow, attribute: name } = latest.current;
    const key = keyOfRow(selected);
    const row = [...(tableRef.current?.querySelectorAll<HTMLElement>(`tr[data-${name}]`) ?? [])].find(
      (r) => r.getAttribute(`data-${name}`) === key,
    );
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  return { selected, select: setSelectedKey, tableRef };
}
