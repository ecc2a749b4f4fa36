import { Button, DatePicker, Flex, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import {
  churnOption,
  complaintsByLevelOption,
  complaintsByTypeOption,
  funnelOption,
  roPerDayOption,
  satisfactionOption,
  statisticsDrillAt,
  type Translate,
} from '../../../src-shared/charts/statistics-charts';
import {
  COMPLAINT_LEVEL_LABELS,
  COMPLAINT_TYPE_LABELS,
  type ComplaintLevel,
  type ComplaintType,
} from '../../../src-shared/domain/complaints';
import { RO_TYPE_LABELS, RO_TYPES } from '../../../src-shared/domain/enums';
import {
  FUNNEL_STAGE_LABELS,
  FUNNEL_STAGES,
  type FunnelStage,
  STATISTICS_CHART_LABELS,
  type StatisticsChart,
  type StatisticsDrill,
  type StatisticsView,
} from '../../../src-shared/domain/reports';
import { DEPARTMENT_LABELS } from '../../../src-shared/domain/revisits';
import { isRealDate } from '../../../src-shared/validation/dates';
import { useQuery } from '../../api/client';
import { type ChartClick, EChart } from '../../components/echart';
import { Loaded } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route, withQuery } from '../../router/hash-router';
import { ChartCard } from './chart-card';
import { statisticsTabPath } from './paths';
import { RecordsDrawer } from './records-drawer';
import { percentText, periodPresets } from './statistics-format';

const CHART_HEIGHT = 280;

const dateParam = (text: string | null) => (text && isRealDate(text) ? text : undefined);

/**
 * 图表: for a period the clerk picks (default the last 30 days, in the address as ?from=&to=), ROs
 * per day, satisfaction per department, the invitation funnel, churn per month, complaints by type
 * and level. Each chart has its numbers one click away (表格); a click on a bar, point or stage (or a
 * table row's button) opens the records behind it.
 */
export function ChartsTab({ route }: { route: Route }) {
  const { t, label } = useI18n();
  const today = useStoreToday();
  const presets = periodPresets(today);
  const to = dateParam(route.query.get('to')) ?? today;
  const asked = dateParam(route.query.get('from'));
  const from = asked !== undefined && asked <= to ? asked : presets.last30.from;
  const period = { from, to };
  const { data, error, reload } = useQuery('statistics.view', period, { keepPrevious: true });
  const [drill, setDrill] = useState<StatisticsDrill | null>(null);

  const go = (next: { from: string; to: string }) =>
    void navigate(withQuery(statisticsTabPath('charts'), next), { replace: true });

  const presetItems = [
    { label: t('近30天'), value: presets.last30 },
    { label: t('本月'), value: presets.thisMonth },
    { label: t('上月'), value: presets.lastMonth },
    { label: t('近3个月'), value: presets.last3Months },
    { label: t('今年'), value: presets.thisYear },
  ];

  return (
    <div className="statistics-charts">
      <Flex gap={8} align="center" wrap className="section statistics-toolbar">
        <span className="muted">{t('时间段')}</span>
        <DatePicker.RangePicker
          value={[dayjs(from), dayjs(to)]}
          allowClear={false}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          presets={presetItems.map((p) => ({
            label: p.label,
            value: [dayjs(p.value.from), dayjs(p.value.to)] as [dayjs.Dayjs, dayjs.Dayjs],
          }))}
          onChange={(range) => {
            const [start, end] = range ?? [];
            if (start && end) go({ from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
          }}
          aria-label={t('时间段')}
          className="statistics-range"
        />
        <Typography.Text type="secondary" className="small">
          {t('点击图中的柱、点或环节，查看背后的记录')}
        </Typography.Text>
      </Flex>
      <Loaded data={data} error={error} reload={reload}>
        {(view) => <StatisticsCharts view={view} onDrill={setDrill} label={label} />}
      </Loaded>
      <RecordsDrawer period={period} drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

/** A button that opens the records behind a table row (the chart's click, for the keyboard). */
function DrillButton({ onClick, children }: { onClick: () => void; children: string }) {
  return (
    <Button type="link" size="small" className="statistics-drill" onClick={onClick}>
      {children}
    </Button>
  );
}

function StatisticsCharts({
  view,
  onDrill,
  label,
}: {
  view: StatisticsView;
  onDrill: (drill: StatisticsDrill) => void;
  label: Translate;
}) {
  const { t } = useI18n();
  const options = useMemo(
    () => ({
      roPerDay: roPerDayOption(view, label),
      satisfaction: satisfactionOption(view, label),
      funnel: funnelOption(view, label),
      churn: churnOption(view, label),
      complaintsByType: complaintsByTypeOption(view, label),
      complaintsByLevel: complaintsByLevelOption(view, label),
    }),
    [view, label],
  );
  const clicked = (chart: StatisticsChart) => (click: ChartClick) => {
    const drill = statisticsDrillAt(chart, view, click);
    if (drill) onDrill(drill);
  };
  const chartOf = (chart: StatisticsChart, height = CHART_HEIGHT) => (
    <EChart
      option={options[chart]}
      height={height}
      label={label(STATISTICS_CHART_LABELS[chart])}
      onClick={clicked(chart)}
      className={`statistics-echart statistics-echart-${chart}`}
    />
  );
  const roTypes = RO_TYPES.filter((type) => view.roPerDay.some((d) => (d.byType[type] ?? 0) > 0));
  const roTotal = view.roPerDay.reduce((n, d) => n + d.count, 0);

  return (
    <div className="statistics-grid">
      <ChartCard
        id="roPerDay"
        wide
        title={label(STATISTICS_CHART_LABELS.roPerDay)}
        hint={t('{from} 至 {to} 共 {count} 台次，按维修类型分色', { from: view.from, to: view.to, count: roTotal })}
        chart={chartOf('roPerDay', 300)}
        table={
          <Table
            size="small"
            rowKey="date"
            pagination={view.roPerDay.length > 31 ? { pageSize: 31, size: 'small' } : false}
            dataSource={[...view.roPerDay].reverse()}
            columns={[
              {
                title: t('日期'),
                key: 'date',
                render: (_: unknown, d) => (
                  <DrillButton onClick={() => onDrill({ chart: 'roPerDay', date: d.date })}>{d.date}</DrillButton>
                ),
              },
              { title: t('合计'), dataIndex: 'count', key: 'count', align: 'right' },
              ...roTypes.map((type) => ({
                title: label(RO_TYPE_LABELS[type]),
                key: type,
                align: 'right' as const,
                render: (_: unknown, d: StatisticsView['roPerDay'][number]) => d.byType[type] ?? 0,
              })),
            ]}
          />
        }
      />
      <ChartCard
        id="satisfaction"
        title={label(STATISTICS_CHART_LABELS.satisfaction)}
        hint={t('部门满意率 = 满意回答数 / 该部门题目的回答数')}
        chart={chartOf('satisfaction')}
        table={
          <Table
            size="small"
            rowKey={(s) => `${s.month}-${s.department}`}
            pagination={false}
            dataSource={view.satisfaction}
            locale={{ emptyText: t('这段时间没有满意度回访') }}
            columns={[
              {
                title: t('月份'),
                key: 'month',
                render: (_: unknown, s) => (
                  <DrillButton
                    onClick={() => onDrill({ chart: 'satisfaction', month: s.month, department: s.department })}
                  >
                    {`${s.month} ${label(DEPARTMENT_LABELS[s.department])}`}
                  </DrillButton>
                ),
              },
              { title: t('回答数'), dataIndex: 'answers', key: 'answers', align: 'right' },
              { title: t('满意数'), dataIndex: 'satisfied', key: 'satisfied', align: 'right' },
              { title: t('满意率'), key: 'rate', align: 'right', render: (_: unknown, s) => percentText(s.rate) },
            ]}
          />
        }
      />
      <ChartCard
        id="funnel"
        title={label(STATISTICS_CHART_LABELS.funnel)}
        hint={t('到期日在时间段内的招揽车辆；转化率 = 已进厂 / 应招揽 = {rate}', {
          rate: percentText(view.funnel.conversion),
        })}
        chart={chartOf('funnel')}
        table={
          <Table<{ stage: FunnelStage; count: number }>
            size="small"
            rowKey="stage"
            pagination={false}
            dataSource={FUNNEL_STAGES.map((stage) => ({ stage, count: view.funnel[stage] }))}
            columns={[
              {
                title: t('环节'),
                key: 'stage',
                render: (_: unknown, r) => (
                  <DrillButton onClick={() => onDrill({ chart: 'funnel', stage: r.stage })}>
                    {label(FUNNEL_STAGE_LABELS[r.stage])}
                  </DrillButton>
                ),
              },
              { title: t('车辆数'), dataIndex: 'count', key: 'count', align: 'right' },
              {
                title: t('占应招揽'),
                key: 'share',
                align: 'right',
                render: (_: unknown, r) => percentText(view.funnel.listed === 0 ? null : r.count / view.funnel.listed),
              },
            ]}
          />
        }
      />
      <ChartCard
        id="churn"
        title={label(STATISTICS_CHART_LABELS.churn)}
        hint={t('流失率 = 1 − 回厂车辆数 / 第 N−6 个月进厂的车辆数')}
        chart={chartOf('churn')}
        table={
          <Table
            size="small"
            rowKey="month"
            pagination={false}
            dataSource={view.churn}
            columns={[
              {
                title: t('月份'),
                key: 'month',
                render: (_: unknown, m) => (
                  <DrillButton onClick={() => onDrill({ chart: 'churn', month: m.month })}>{m.month}</DrillButton>
                ),
              },
              { title: t('基数月份'), dataIndex: 'baseMonth', key: 'baseMonth' },
              { title: t('基数'), dataIndex: 'base', key: 'base', align: 'right' },
              { title: t('回厂'), dataIndex: 'returned', key: 'returned', align: 'right' },
              { title: t('流失率'), key: 'churn', align: 'right', render: (_: unknown, m) => percentText(m.churn) },
            ]}
          />
        }
      />
      <ChartCard
        id="complaints"
        wide
        title={t('投诉类型和级别')}
        hint={t('时间段内登记的投诉')}
        chart={
          <div className="statistics-pair">
            <div>
              <div className="statistics-subtitle">{label(STATISTICS_CHART_LABELS.complaintsByType)}</div>
              {chartOf('complaintsByType', 260)}
            </div>
            <div>
              <div className="statistics-subtitle">{label(STATISTICS_CHART_LABELS.complaintsByLevel)}</div>
              {chartOf('complaintsByLevel', 260)}
            </div>
          </div>
        }
        table={
          <div className="statistics-pair">
            <Table<{ type: ComplaintType; count: number }>
              size="small"
              rowKey="type"
              pagination={false}
              dataSource={view.complaintsByType}
              columns={[
                {
                  title: t('投诉类型'),
                  key: 'type',
                  render: (_: unknown, c) => (
                    <DrillButton onClick={() => onDrill({ chart: 'complaintsByType', type: c.type })}>
                      {label(COMPLAINT_TYPE_LABELS[c.type])}
                    </DrillButton>
                  ),
                },
                { title: t('件数'), dataIndex: 'count', key: 'count', align: 'right' },
              ]}
            />
            <Table<{ level: ComplaintLevel; count: number }>
              size="small"
              rowKey="level"
              pagination={false}
              dataSource={view.complaintsByLevel}
              columns={[
                {
                  title: t('投诉级别'),
                  key: 'level',
                  render: (_: unknown, c) => (
                    <DrillButton onClick={() => onDrill({ chart: 'complaintsByLevel', level: c.level })}>
                      {label(COMPLAINT_LEVEL_LABELS[c.level])}
                    </DrillButton>
                  ),
                },
                { title: t('件数'), dataIndex: 'count', key: 'count', align: 'right' },
              ]}
            />
          </div>
        }
      />
    </div>
  );
}
