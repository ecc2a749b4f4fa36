import { Tabs } from 'antd';
import { PageHeader } from '../../components/page';
import { useI18n } from '../../i18n/i18n';
import type { Route } from '../../router/hash-router';
import { navigate } from '../../router/hash-router';
import { ChartsTab } from './charts.tab';
import { type StatisticsTab, statisticsTabPath } from './paths';
import { ReportTab } from './report.tab';
import './statistics.css';

/** 统计: charts for a period the clerk picks, the Monday report and the monthly report. */
export function StatisticsPage({ tab, route }: { tab: StatisticsTab; route: Route }) {
  const { t } = useI18n();
  return (
    <div className="page statistics-page">
      <PageHeader title={t('统计')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(statisticsTabPath(key as StatisticsTab))}
        items={[
          { key: 'charts', label: t('图表') },
          { key: 'weekly', label: t('周报') },
          { key: 'monthly', label: t('月报') },
        ]}
        className="archive-tabs"
      />
      {tab === 'charts' ? <ChartsTab route={route} /> : <ReportTab kind={tab} route={route} />}
    </div>
  );
}
