/** 三包/索赔 area: claims, old parts, outside-service orders, the monthly service-fee statement. */
export const CLAIMS_TABS = ['list', 'old-parts', 'outside', 'statements'] as const;
export type ClaimsTab = (typeof CLAIMS_TABS)[number];

export const CLAIMS_PATH = '/claims/list';

export function claimsTabPath(tab: ClaimsTab, query?: Record<string, string>): string {
  const q = new URLSearchParams(query ?? {}).toString();
  return q ? `/claims/${tab}?${q}` : `/claims/${tab}`;
}

/** One warranty RO's claim (its text to copy, report, rejection, approval, old parts). */
export function claimPath(roId: number): string {
  return `/claims/ro/${roId}`;
}

/** What an address under /claims shows; null when there is no such page. */
export type ClaimsView = { page: 'tab'; tab: ClaimsTab } | { page: 'claim'; roId: number };

export function claimsView(segments: string[]): ClaimsView | null {
  const [, second, third, fourth] = segments;
  if (fourth !== undefined) return null;
  if (second === undefined) return third === undefined ? { page: 'tab', tab: 'list' } : null;
  if (second === 'ro')
    return third !== undefined && /^\d{1,12}$/.test(third) ? { page: 'claim', roId: Number(third) } : null;
  if (third !== undefined) return null;
  return (CLAIMS_TABS as readonly string[]).includes(second) ? { page: 'tab', tab: second as ClaimsTab } : null;
}
