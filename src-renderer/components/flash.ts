import { useEffect, useState } from 'react';

/**
 * Warnings from a save (Saved.warnings) travel to the page shown next, which keeps them on
 * screen until the clerk leaves it; a toast alone is too easy to miss at a busy counter.
 */
let pending: { path: string; warnings: string[] } | null = null;

export function flashWarnings(path: string, warnings: string[]): void {
  pending = warnings.length > 0 ? { path, warnings } : null;
}

export function useFlashWarnings(path: string): string[] {
  const [warnings] = useState(() => (pending && pending.path === path ? pending.warnings : []));
  useEffect(() => {
    if (pending && pending.path === path) pending = null;
  }, [path]);
  return warnings;
}
