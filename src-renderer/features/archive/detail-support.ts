import { useEffect } from 'react';
import { navigate } from '../../router/hash-router';

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** On a record page, E opens the edit form (not while typing somewhere). */
export function useRecordShortcuts(editPath: string): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'e' || e.ctrlKey || e.metaKey || e.altKey || typingInField(e.target)) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      e.preventDefault();
      void navigate(editPath);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [editPath]);
}
