import { Card, DatePicker, Empty, Flex, Table, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { HTMLAttributes } from 'react';
import type { ChurnMonth } from '../../../src-shared/domain/complaints';
import { useQuery } from '../../api/client';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route, withQuery } from '../../router/hash-router';
import { addMonths, isMonth, monthOf, percentText } from './lost-months';
import { complaintTabPath } from './paths';
import './lost-comebacks.css';

/** The default range: the twelve months up to last month (this month's rate is not final yet). */
const DEFAULT_MONTHS = 12;

/**
 * 流失率: per month N, of the vehicles that visited in month N−6, the share that did not come back in
 * N−5..N; and retention from 首保 to the 2nd service. Reported on the 3rd of each month, so the
 * default ends with last month.
 */
export function ChurnTab({ route }: { route: Route }) {
  const { t } = useI18n();
  const today = useStoreToday();
  const lastMonth = addMonths(monthOf(today), -1);
  const askedTo = route.query.get('to');
  const askedFrom = route.query.get('from');
  const to = isMonth(askedTo) ? askedTo : lastMonth;
  const from = isMonth(askedFrom) && askedFrom <= to ? askedFrom : addMonths(to, -(DEFAULT_MONTHS - 1));
  const { data, error, reload } = useQuery('churn.months', { from, to }, { keepPrevious: true });
  const go = (next: { from: string; to: string }) =>
    void navigate(withQuery(complaintTabPath('churn'), next), { replace: true });
  const latest = data?.at(-1);

  return (
    <Card
      size="small"
      className="section churn-card"
      title={t('流失率（按月）')}
      extra={
        <Flex gap={8} align="center">
          <span className="muted">{t('月份')}</span>
          <DatePicker.RangePicker
            size="small"
            picker="month"
            value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
            allowClear={false}
            onChange={(range) => {
              const [start, end] = range ?? [];
              if (start && end) go({ from: start.format('YYYY-MM'), to: end.format('YYYY-MM') });
            }}
            aria-label={t('月份')}
            className="churn-range"
          />
        </Flex>
      }
    >
      <div className="formula churn-formula">
        <strong>{t('流失率 = 1 − 回厂车辆数 / 基数')}</strong>
        <div className="muted small">
          {t(
            '基数：第 N−6 个月进厂的车辆（同一辆车只计一次）；回厂：其中在第 N−5 至第 N 个月又进厂的车辆。首保→二保保留率：第 N−6 个月做首保的车辆中，到第 N 个月底做了二保（定保）的比例。',
          )}
        </div>
        {latest && (
          <div className="small churn-latest" data-month={latest.month}>
            {t('{month}：{formula}', { month: latest.month, formula: latest.formula })}
          </div>
        )}
      </div>
      <Loaded data={data} error={error} reload={reload}>
        {(months) =>
          months.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('这段时间没有数据')} />
          ) : (
            <>
              <ChurnChart months={months} />
              <ChurnTable months={months} />
            </>
          )
        }
      </Loaded>
    </Card>
  );
}

/** One column per month, its height the churn rate (the axis is 0–100 %). */
function ChurnChart({ months }: { months: ChurnMonth[] }) {
  const { t } = useI18n();
  return (
    <div className="churn-chart" role="img" aria-label={t('各月流失率')}>
      {months.map((m) => (
        <Tooltip key={m.month} title={m.formula}>
          <div className="churn-column" data-month={m.month}>
            <span className="churn-column-value">{percentText(m.churn)}</span>
            <span className="churn-column-track">
              <span className="churn-column-fill" style={{ height: `${Math.round((m.churn ?? 0) * 100)}%` }} />
            </span>
            <span className="churn-column-month small">{m.month.slice(2)}</span>
          </div>
        </Tooltip>
      ))}
    </div>
  );
}

function RateBar({ rate, kind }: { rate: number | null; kind: 'churn' | 'retention' }) {
  return (
    <div className="rate-bar-cell">
      <span className="rate-value">{percentText(rate)}</span>
      <span className="rate-bar">
        <span className={`rate-bar-fill ${kind}`} style={{ width: `${Math.round((rate ?? 0) * 100)}%` }} />
      </span>
    </div>
  );
}

function ChurnTable({ months }: { months: ChurnMonth[] }) {
  const { t } = useI18n();
  return (
    <Table<ChurnMonth>
      rowKey="month"
      size="small"
      pagination={false}
      dataSource={[...months].reverse()}
      className="churn-table"
      onRow={(m) => ({ 'data-month': m.month }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('月份'), dataIndex: 'month', key: 'month', width: 86 },
        { title: t('基数月份'), dataIndex: 'baseMonth', key: 'baseMonth', width: 86, className: 'muted' },
        { title: t('基数'), dataIndex: 'base', key: 'base', width: 70, align: 'right' },
        { title: t('回厂'), dataIndex: 'returned', key: 'returned', width: 70, align: 'right' },
        {
          title: t('流失率'),
          key: 'churn',
          width: 200,
          render: (_: unknown, m) => (
            <Tooltip title={m.formula}>
              <div className="churn-cell">
                <RateBar rate={m.churn} kind="churn" />
              </div>
            </Tooltip>
          ),
        },
        { title: t('首保车辆'), dataIndex: 'firstServiceBase', key: 'firstServiceBase', width: 86, align: 'right' },
        { title: t('二保回厂'), dataIndex: 'secondService', key: 'secondService', width: 86, align: 'right' },
        {
          title: t('首保→二保保留率'),
          key: 'retention',
          width: 200,
          render: (_: unknown, m) => <RateBar rate={m.retention} kind="retention" />,
        },
      ]}
    />
  );
}
