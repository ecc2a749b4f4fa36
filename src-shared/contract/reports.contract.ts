import { z } from 'zod';
import { COMPLAINT_LEVELS, COMPLAINT_TYPES } from '../domain/complaints';
import type { ExportedFile } from '../domain/daily-report';
import {
  FUNNEL_STAGES,
  ISO_WEEK_PATTERN,
  type MonthlyReport,
  type ReportDelivery,
  type StatisticsRecords,
  type StatisticsView,
  type WeeklyReport,
} from '../domain/reports';
import { DEPARTMENTS } from '../domain/revisits';
import { month } from './complaints.fields';
import { command, query } from './define';
import { date } from './fields';
import type { PrintableHtml } from './printing.contract';
import { unmasked } from './privacy.contract';
import { ROLES } from './roles';

/** ISO week: Monday-Sunday, 2026-W48. */
export const isoWeek = z
  .string('请选择周')
  .regex(ISO_WEEK_PATTERN, '周的格式应为 YYYY-Www（ISO 周，周一至周日），如 2026-W48');

/** Exactly one of week and month: the report of a week (周报) or of a month (月报). */
const onePeriod = {
  check: (v: { week?: string | undefined; month?: string | undefined }) =>
    (v.week === undefined) !== (v.month === undefined),
  message: { message: '请选择一周（week，如 2026-W48）或一个月（month，如 2026-11）', path: ['week'] },
};

/** One report: a week (周报) or a month (月报). */
export const reportRef = z
  .object({ week: isoWeek.optional(), month: month.optional() })
  .strict()
  .refine(onePeriod.check, onePeriod.message);

/** One report as exported or printed: names and phones masked unless a manager asks. */
const exportInput = z
  .object({ week: isoWeek.optional(), month: month.optional(), unmasked })
  .strict()
  .refine(onePeriod.check, onePeriod.message);

const drill = z.discriminatedUnion(
  'chart',
  [
    z.object({ chart: z.literal('roPerDay'), date }).strict(),
    z
      .object({
        chart: z.literal('satisfaction'),
        month,
        department: z.enum(DEPARTMENTS, '部门应为 接待/车间/配件/收银/洗车/销售 之一'),
      })
      .strict(),
    z
      .object({
        chart: z.literal('funnel'),
        stage: z.enum(FUNNEL_STAGES, '环节应为 应招揽/已寄信/已电话/已预约/已进厂 之一'),
      })
      .strict(),
    z.object({ chart: z.literal('churn'), month }).strict(),
    z.object({ chart: z.literal('complaintsByType'), type: z.enum(COMPLAINT_TYPES, '投诉类型不对') }).strict(),
    z.object({ chart: z.literal('complaintsByLevel'), level: z.enum(COMPLAINT_LEVELS, '投诉级别不对') }).strict(),
  ],
  '图表不对，请在统计页面点击图表',
);

/** The statistics page's period: at most about two years (a chart of more is unreadable). */
const period = z
  .object({ from: date.optional(), to: date.optional() })
  .strict()
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
    message: '结束日期应不早于开始日期',
    path: ['to'],
  });

export const reportsContract = {
  /** 周报 of an ISO week (default: last week). A week in the future or before the archive begins is refused. */
  'reports.weekly': query<WeeklyReport>()(
    z.object({ week: isoWeek.optional() }).strict(),
    '周报（上周一至周日：回访、满意度、问题客户、返修、投诉、招揽、预约）',
    ROLES.anyone,
  ),
  /** 月报 of a month (default: last month). */
  'reports.monthly': query<MonthlyReport>()(
    z.object({ month: month.optional() }).strict(),
    '月报（上月：满意度表、投诉处理表、流失率、首保、招揽转化、进厂台次、归档、索赔）',
    ROLES.anyone,
  ),
  /** The report on A4 with its charts (SVG), names and phones masked unless a manager asks. */
  'reports.html': query<PrintableHtml>()(exportInput, '周报/月报打印预览', ROLES.counter),
  /** A4 PDF with the charts as vector graphics; recorded as delivered (the Today reminder ends). */
  'reports.pdf': command<ExportedFile & { pages: number }>()(exportInput, '导出周报/月报 PDF', ROLES.counter),
  /** XLSX, a sheet per section; recorded as delivered. */
  'reports.xlsx': command<ExportedFile>()(exportInput, '导出周报/月报 Excel', ROLES.counter),
  /** The window printed the preview: recorded as delivered. */
  'reports.recordPrinted': command<ReportDelivery>()(exportInput, '登记周报/月报已打印', ROLES.counter),
  /** Who exported or printed the report, newest first. */
  'reports.deliveries': query<ReportDelivery[]>()(reportRef, '周报/月报的导出和打印记录', ROLES.anyone),
  /** 统计 page: the charts' data for a period (default: the last 30 days). */
  'statistics.view': query<StatisticsView>()(period, '统计图表（进厂台次、满意率、招揽、流失、投诉）', ROLES.anyone),
  /** The records behind one bar, point or stage of a chart (at most 500). */
  'statistics.records': query<StatisticsRecords>()(
    z
      .object({ from: date, to: date, drill })
      .strict()
      .refine((v) => v.from <= v.to, { message: '结束日期应不早于开始日期', path: ['to'] }),
    '图表背后的记录',
    ROLES.anyone,
  ),
};

export type ReportsContractMethod = keyof typeof reportsContract;
