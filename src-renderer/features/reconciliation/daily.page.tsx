import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route, withQuery } from '../../router/hash-router';
import { DailyReportTab } from '../daily-report/daily-report.page';
import { dayOf, ReconcileView } from './reconcile.page';

/** 日报 area: one tab per part of the day's reports; the day travels with ?date=. */
export const DAILY_TABS = ['reconcile', 'report'] as const;
export type DailyTab = (typeof DAILY_TABS)[number];

export function isDailyTab(segment: string | undefined): segment is DailyTab | undefined {
  return segment === undefined || (DAILY_TABS as readonly string[]).includes(segment);
}

export function DailyPage({ tab, route }: { tab: DailyTab; route: Route }) {
  const { t } = useI18n();
  const date = dayOf(route, useStoreToday());
  return (
    <div className="page">
      <PageHeader title={t('日报')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(withQuery(`/daily/${key}`, { date: route.query.get('date') }))}
        items={[
          { key: 'reconcile', label: t('对单') },
          { key: 'report', label: t('日报') },
        ]}
        className="archive-tabs"
      />
      {tab === 'reconcile' ? <ReconcileView key={date} date={date} /> : <DailyReportTab key={date} date={date} />}
    </div>
  );
}
