/** 统计 area: the charts, the weekly report (周报), the monthly report (月报). */
export const STATISTICS_TABS = ['charts', 'weekly', 'monthly'] as const;
export type StatisticsTab = (typeof STATISTICS_TABS)[number];

export const STATISTICS_PATH = '/statistics';

export function statisticsTabPath(tab: StatisticsTab, query?: Record<string, string>): string {
  const q = new URLSearchParams(query ?? {}).toString();
  const path = tab === 'charts' ? STATISTICS_PATH : `${STATISTICS_PATH}/${tab}`;
  return q ? `${path}?${q}` : path;
}

/** The tab an address under /statistics shows; null when there is no such page. */
export function statisticsTab(segments: string[]): StatisticsTab | null {
  const [, second, third] = segments;
  if (third !== undefined) return null;
  if (second === undefined) return 'charts';
  return second === 'weekly' || second === 'monthly' ? second : null;
}
