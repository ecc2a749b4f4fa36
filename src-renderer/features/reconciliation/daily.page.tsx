import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Tabs, Tag, Typography } from 'antd';
import { PageHeader } from '../../components/page';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { navigate, type Route, withQuery } from '../../router/hash-router';
import { dayOf, ReconcileView } from './reconcile.page';

/** 日报 area: one tab per part of the day's reports; the day travels with ?date=. */
export const DAILY_TABS = ['reconcile', 'report'] as const;
export type DailyTab = (typeof DAILY_TABS)[number];

export function isDailyTab(segment: string | undefined): segment is DailyTab | undefined {
  return segment === undefined || (DAILY_TABS as readonly string[]).includes(segment);
}

const COMING: Phrase[] = [
  '日报：当天的修理单（在修、已交车），由 DMS 导入和纸质单夹汇总而成',
  '日报上显示当天的对单结果：差异条数、说明和处理情况',
  '下班前汇总、核对日报，交服务经理审核签字；签字后冻结，更正另存新版本',
  '日报跟踪表：7 天跟踪回访的结果',
];

export function DailyPage({ tab, route }: { tab: DailyTab; route: Route }) {
  const { t } = useI18n();
  const date = dayOf(route);
  return (
    <div className="page">
      <PageHeader title={t('日报')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(withQuery(`/daily/${key}`, { date: route.query.get('date') }))}
        items={[
          { key: 'reconcile', label: t('对单') },
          {
            key: 'report',
            label: (
              <span>
                {t('日报')} <span className="muted tab-soon">{t('待开放')}</span>
              </span>
            ),
          },
        ]}
        className="archive-tabs"
      />
      {tab === 'reconcile' ? <ReconcileView key={date} date={date} /> : <DailyReportComing />}
    </div>
  );
}

/** The daily report itself is a later issue: say so, and what it will hold; no made-up data. */
function DailyReportComing() {
  const { t } = useI18n();
  return (
    <Card className="page-narrow">
      <Typography.Paragraph>
        <Tag icon={<ClockCircleOutlined />}>{t('尚未开放')}</Tag>
        {t('日报还没有做好，会在后续版本中开放。将来这里会有：')}
      </Typography.Paragraph>
      <ul className="coming-list">
        {COMING.map((line) => (
          <li key={line}>{t(line)}</li>
        ))}
      </ul>
      <Typography.Paragraph type="secondary" className="coming-now">
        {t('现在可以使用“对单”：把纸质单夹里的修理单逐张勾到档案上，结果随当天保存，日报开放后会显示。')}
      </Typography.Paragraph>
    </Card>
  );
}
