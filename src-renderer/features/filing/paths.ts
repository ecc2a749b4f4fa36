/** 归档 area: the filing desk, binders, the sales hand-over, borrowing, what is missing, retention. */
export const FILING_TABS = ['desk', 'binders', 'handover', 'loans', 'missing', 'retention'] as const;
export type FilingTab = (typeof FILING_TABS)[number];

export const FILING_PATH = '/filing/desk';

export function filingTabPath(tab: FilingTab, query?: Record<string, string>): string {
  const q = new URLSearchParams(query ?? {}).toString();
  return q ? `/filing/${tab}?${q}` : `/filing/${tab}`;
}

/** One binder's page (its papers in position order, completeness, bind/send, labels). */
export function binderPath(id: number): string {
  return `/filing/binders/${id}`;
}

/** What an address under /filing shows; null when there is no such page. */
export type FilingView = { page: 'tab'; tab: FilingTab } | { page: 'binder'; id: number };

export function filingView(segments: string[]): FilingView | null {
  const [, second, third, fourth] = segments;
  if (fourth !== undefined) return null;
  if (second === undefined) return third === undefined ? { page: 'tab', tab: 'desk' } : null;
  if (second === 'binders' && third !== undefined)
    return /^\d{1,12}$/.test(third) ? { page: 'binder', id: Number(third) } : null;
  if (third !== undefined) return null;
  return (FILING_TABS as readonly string[]).includes(second) ? { page: 'tab', tab: second as FilingTab } : null;
}
