/** 回访 area: one tab per part of the morning's calls, each its own address; a call has its own page. */
export const REVISIT_TABS = ['calls', 'problems', 'appointments', 'sms'] as const;
export type RevisitTab = (typeof REVISIT_TABS)[number];

export const REVISITS_PATH = '/revisits';
export const CALLS_PATH = '/revisits/calls';
export const PROBLEMS_PATH = '/revisits/problems';

export function revisitTabPath(tab: RevisitTab): string {
  return `/revisits/${tab}`;
}

/** The call screen of a queue entry (`followup7:ro:123` → /revisits/call/followup7%3Aro%3A123). */
export function callPath(key: string): string {
  return `/revisits/call/${encodeURIComponent(key)}`;
}

/** What an address under /revisits shows; null when there is no such page. */
export type RevisitsView = { page: 'tab'; tab: RevisitTab } | { page: 'call'; key: string };

export function revisitsView(segments: string[]): RevisitsView | null {
  const [, second, third, fourth] = segments;
  if (fourth !== undefined) return null;
  if (second === undefined) return third === undefined ? { page: 'tab', tab: 'calls' } : null;
  if (second === 'call') {
    if (third === undefined) return null;
    let key: string;
    try {
      key = decodeURIComponent(third);
    } catch {
      return null;
    }
    return /^[a-z0-9]+:[a-z]+:\d{1,12}$/.test(key) ? { page: 'call', key } : null;
  }
  if (third !== undefined) return null;
  return (REVISIT_TABS as readonly string[]).includes(second) ? { page: 'tab', tab: second as RevisitTab } : null;
}
