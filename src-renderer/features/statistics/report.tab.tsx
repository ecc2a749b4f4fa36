import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Flex, Skeleton, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  isoWeekOf,
  isoWeekRange,
  monthRange,
  previousMonth,
  previousWeek,
  type Report,
  type ReportKind,
} from '../../../src-shared/domain/reports';
import { addDays } from '../../../src-shared/validation/dates';
import { useQuery } from '../../api/client';
import { LoadError } from '../../components/page';
import { useStoreToday } from '../../components/store-clock';
import { useI18n } from '../../i18n/i18n';
import { navigate, type Route } from '../../router/hash-router';
import { statisticsTabPath } from './paths';
import { DeliveriesLine, ReportExportButtons, type ReportRef } from './report-exports';
import { ReportSections } from './report-sections';
import './report.css';

/** The period a report tab shows: from the address (?week= / ?month=), else the one due today. */
function periodOf(kind: ReportKind, route: Route, today: string): string {
  const asked = route.query.get(kind === 'weekly' ? 'week' : 'month');
  if (asked) return asked;
  return kind === 'weekly' ? previousWeek(today) : previousMonth(today);
}

/** The neighbours of a period (null where it cannot be worked out: the server then names the fault). */
function neighbours(kind: ReportKind, key: string): { before: string; after: string; from: string } | null {
  if (kind === 'weekly') {
    const range = isoWeekRange(key);
    if (!range) return null;
    return {
      before: isoWeekOf(addDays(range.from, -7)),
      after: isoWeekOf(addDays(range.from, 7)),
      from: range.from,
    };
  }
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(key)) return null;
  const { from, to } = monthRange(key);
  return { before: previousMonth(from), after: addDays(to, 1).slice(0, 7), from };
}

/** Week or month picker, with a step back and forward (not past the period holding today). */
function PeriodPicker({ kind, period, today }: { kind: ReportKind; period: string; today: string }) {
  const { t } = useI18n();
  const go = (key: string) =>
    void navigate(statisticsTabPath(kind, kind === 'weekly' ? { week: key } : { month: key }));
  const near = neighbours(kind, period);
  const afterStarts = near ? (kind === 'weekly' ? (isoWeekRange(near.after)?.from ?? '') : `${near.after}-01`) : '';
  const value = near ? dayjs(near.from) : null;
  const weekly = kind === 'weekly';
  const weekText = (d: Dayjs) => {
    const week = isoWeekOf(d.format('YYYY-MM-DD'));
    const range = isoWeekRange(week);
    return range ? `${week}（${range.from.slice(5)} — ${range.to.slice(5)}）` : week;
  };
  return (
    <Flex gap={4} align="center" className="report-period-picker">
      <Tooltip title={weekly ? t('上一周') : t('上一月')}>
        <Button
          icon={<LeftOutlined />}
          aria-label={weekly ? t('上一周') : t('上一月')}
          disabled={!near}
          onClick={() => near && go(near.before)}
        />
      </Tooltip>
      {weekly ? (
        <DatePicker
          picker="week"
          allowClear={false}
          value={value}
          format={weekText}
          className="report-week-picker"
          aria-label={t('选择周')}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(d) => d && go(isoWeekOf(d.format('YYYY-MM-DD')))}
        />
      ) : (
        <DatePicker
          picker="month"
          allowClear={false}
          value={value}
          format="YYYY-MM"
          className="report-month-picker"
          aria-label={t('选择月份')}
          disabledDate={(d) => d.format('YYYY-MM') > today.slice(0, 7)}
          onChange={(d) => d && go(d.format('YYYY-MM'))}
        />
      )}
      <Tooltip title={weekly ? t('下一周') : t('下一月')}>
        <Button
          icon={<RightOutlined />}
          aria-label={weekly ? t('下一周') : t('下一月')}
          disabled={!near || afterStarts > today}
          onClick={() => near && go(near.after)}
        />
      </Tooltip>
    </Flex>
  );
}

/** 周报 / 月报: the report of a week or a month, its charts, exports and print. */
export function ReportTab({ kind, route }: { kind: ReportKind; route: Route }) {
  const { t } = useI18n();
  const today = useStoreToday();
  const period = periodOf(kind, route, today);
  const weekly = useQuery('reports.weekly', kind === 'weekly' ? { week: period } : null);
  const monthly = useQuery('reports.monthly', kind === 'monthly' ? { month: period } : null);
  const state = kind === 'weekly' ? weekly : monthly;
  const report: Report | undefined =
    kind === 'weekly'
      ? weekly.data && { kind: 'weekly', ...weekly.data }
      : monthly.data && { kind: 'monthly', ...monthly.data };
  const ref: ReportRef = kind === 'weekly' ? { week: period } : { month: period };
  // A period refused by the server (future, before the archive, bad format) says why, in its words.
  const refused = state.error && report === undefined ? state.error : null;
  return (
    <div className="report-tab" data-kind={kind}>
      <Flex align="center" gap={12} wrap className="report-toolbar">
        <PeriodPicker kind={kind} period={period} today={today} />
        {report && <strong className="report-period-label">{report.period.label}</strong>}
        <span className="grow" />
        <ReportExportButtons report={ref} disabled={report === undefined} />
      </Flex>
      {report && <DeliveriesLine report={ref} />}
      {refused ? (
        refused.code === 'VALIDATION' ? (
          <Alert type="warning" showIcon className="report-refused" title={refused.message} />
        ) : (
          <LoadError error={refused} onRetry={state.reload} />
        )
      ) : report === undefined ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          {report.period.partial && (
            <Alert
              type="info"
              showIcon
              className="report-partial"
              title={kind === 'weekly' ? t('本周尚未结束，数字截至今天') : t('本月尚未结束，数字截至今天')}
            />
          )}
          <ReportSections report={report} />
        </>
      )}
    </div>
  );
}
