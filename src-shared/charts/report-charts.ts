import type { EChartsOption } from 'echarts';
import { COMPLAINT_TYPE_LABELS, LOST_REASON_LABELS } from '../domain/complaints';
import { RO_TYPE_LABELS } from '../domain/enums';
import {
  FUNNEL_STAGE_LABELS,
  FUNNEL_STAGES,
  type InvitationFunnel,
  type MonthlyReport,
  type Report,
  type WeeklyReport,
} from '../domain/reports';
import { CALL_KIND_LABELS, DEPARTMENT_LABELS } from '../domain/revisits';
import { PRINT_FONT_STACK } from '../print';

/** One chart of a report: the screen draws `option` with ECharts, the print renders it to SVG. */
export interface ReportChart {
  /** Stable: 'departments', 'complaintsByType'… */
  key: string;
  /** 各部门满意率 */
  title: string;
  option: EChartsOption;
}

/**
 * The options are plain data (no formatter functions: they cross to the server's SVG renderer and
 * may be stored or compared), never animated (a print has no time), and name the print font first
 * so the PDF's charts match its tables.
 */

/** The house colours: the navy of the printed sheets, then lighter blues and two accents. */
const COLORS = ['#1f3a5f', '#4f7cac', '#9ab7d3', '#c9822b', '#5a8f4e', '#b3261e'];
const TEXT = { fontFamily: PRINT_FONT_STACK, color: '#222' };
const NO_DATA = '本期没有数据';

/** A rate 0..1 as a bar's height in percent (one decimal); '-' (no bar) when there is nothing to divide by. */
const percent = (rate: number | null): number | '-' => (rate === null ? '-' : Math.round(rate * 1000) / 10);
const yuan = (fen: number) => Math.round(fen) / 100;

function base(title: string, empty: boolean): EChartsOption {
  return {
    animation: false,
    color: COLORS,
    textStyle: { ...TEXT, fontSize: 12 },
    title: {
      text: title,
      left: 'center',
      top: 4,
      textStyle: { ...TEXT, fontSize: 14, fontWeight: 'bold', color: '#1f3a5f' },
      ...(empty ? { subtext: NO_DATA, subtextStyle: { ...TEXT, fontSize: 12, color: '#777' } } : {}),
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  };
}

const categoryAxis = (names: string[], name?: string) => ({
  type: 'category' as const,
  data: names,
  ...(name ? { name, nameTextStyle: TEXT } : {}),
  axisLabel: { ...TEXT, interval: 0, fontSize: 12 },
  axisTick: { alignWithLabel: true },
});

const countAxis = (name: string) => ({
  type: 'value' as const,
  name,
  minInterval: 1,
  nameTextStyle: TEXT,
  axisLabel: TEXT,
});

const barLabel = { show: true, position: 'top' as const, ...TEXT, fontSize: 11 };

/** A bar chart of counts: one bar per category, or one group of bars per category and series. */
function countBars(
  key: string,
  title: string,
  categories: string[],
  series: { name: string; data: number[] }[],
  axisName = '数量',
): ReportChart {
  const empty = categories.length === 0 || series.every((s) => s.data.every((v) => v === 0));
  const legend = series.length > 1;
  return {
    key,
    title,
    option: {
      ...base(title, empty),
      ...(legend
        ? { legend: { top: 30, data: series.map((s) => s.name), textStyle: TEXT, itemWidth: 14, itemHeight: 10 } }
        : {}),
      grid: { left: 56, right: 24, top: legend ? 70 : 56, bottom: 36 },
      xAxis: categoryAxis(categories),
      yAxis: countAxis(axisName),
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.data,
        barMaxWidth: 36,
        label: barLabel,
      })),
    },
  };
}

/** 各部门满意率: one bar per department, 0-100 %, and the rule the rate follows in the subtitle. */
function departmentsChart(report: WeeklyReport | MonthlyReport): ReportChart {
  const title = '各部门满意率';
  const departments = report.satisfaction.departments;
  const empty = departments.every((d) => d.answers === 0);
  return {
    key: 'departments',
    title,
    option: {
      ...base(title, empty),
      grid: { left: 56, right: 24, top: 56, bottom: 36 },
      xAxis: categoryAxis(departments.map((d) => DEPARTMENT_LABELS[d.department])),
      yAxis: {
        type: 'value',
        name: '满意率（%）',
        min: 0,
        max: 100,
        interval: 20,
        nameTextStyle: TEXT,
        axisLabel: { ...TEXT, formatter: '{value}%' },
      },
      series: [
        {
          type: 'bar',
          name: '满意率',
          data: departments.map((d) => percent(d.rate)),
          barMaxWidth: 40,
          label: { ...barLabel, formatter: '{c}%' },
        },
      ],
    },
  };
}

/** 招揽 funnel: listed → letter → called → booked → came, each stage's width its count. */
function funnelChart(funnel: InvitationFunnel, title: string): ReportChart {
  const empty = funnel.listed === 0;
  const data = FUNNEL_STAGES.map((stage) => ({ name: FUNNEL_STAGE_LABELS[stage], value: funnel[stage] }));
  return {
    key: 'funnel',
    title,
    option: {
      ...base(title, empty),
      tooltip: { trigger: 'item', formatter: '{b}：{c}' },
      series: [
        {
          type: 'funnel',
          name: title,
          sort: 'none',
          orient: 'vertical',
          left: '6%',
          width: '58%',
          top: 56,
          bottom: 12,
          min: 0,
          // At least 1: an empty funnel (every stage 0) draws nothing rather than dividing by zero.
          max: Math.max(funnel.listed, funnel.letter, funnel.called, funnel.booked, funnel.came, 1),
          minSize: '0%',
          gap: 2,
          // Beside the stage, not in it: the narrow last stages leave no room inside.
          label: { show: true, position: 'right', formatter: '{b}  {c}', ...TEXT, fontSize: 12 },
          labelLine: { show: true, length: 8, lineStyle: { color: '#9aa6b5' } },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          data,
        },
      ],
    },
  };
}

function weeklyCharts(r: WeeklyReport): ReportChart[] {
  const kinds = r.revisits.byKind;
  return [
    countBars(
      'revisits',
      '回访完成情况',
      kinds.map((k) => CALL_KIND_LABELS[k.kind]),
      [
        { name: '应回访', data: kinds.map((k) => k.due) },
        { name: '已回访', data: kinds.map((k) => k.done) },
        { name: '接通', data: kinds.map((k) => k.reached) },
      ],
      '通数',
    ),
    departmentsChart(r),
    countBars(
      'complaints',
      '投诉受理与关闭',
      ['本周受理', '本周关闭', '受理未关闭'],
      [{ name: '投诉', data: [r.complaints.opened, r.complaints.closed, r.complaints.stillOpen] }],
      '件数',
    ),
    funnelChart(r.invitations.funnel, '招揽转化漏斗'),
  ];
}

function monthlyCharts(r: MonthlyReport): ReportChart[] {
  const types = r.roVolume.byType;
  const roTitle = '进厂台次及金额（按类型）';
  const claims = r.claims;
  return [
    departmentsChart(r),
    countBars(
      'complaintsByType',
      '投诉类型',
      r.complaints.byType.map((t) => COMPLAINT_TYPE_LABELS[t.type]),
      [{ name: '投诉', data: r.complaints.byType.map((t) => t.count) }],
      '件数',
    ),
    countBars(
      'lostReasons',
      '流失原因',
      r.lost.reasons.map((x) => LOST_REASON_LABELS[x.reason]),
      [{ name: '车辆', data: r.lost.reasons.map((x) => x.count) }],
      '台数',
    ),
    funnelChart(r.invitations.funnel, '招揽转化漏斗'),
    {
      key: 'roVolume',
      title: roTitle,
      option: {
        ...base(roTitle, r.roVolume.total.count === 0),
        legend: { top: 30, data: ['台次', '金额（元）'], textStyle: TEXT, itemWidth: 14, itemHeight: 10 },
        grid: { left: 56, right: 80, top: 70, bottom: 36 },
        xAxis: categoryAxis(types.map((t) => RO_TYPE_LABELS[t.type])),
        yAxis: [countAxis('台次'), { type: 'value', name: '金额（元）', nameTextStyle: TEXT, axisLabel: TEXT }],
        series: [
          { type: 'bar', name: '台次', data: types.map((t) => t.count), barMaxWidth: 32, label: barLabel },
          {
            type: 'bar',
            name: '金额（元）',
            yAxisIndex: 1,
            data: types.map((t) => yuan(t.totalFen)),
            barMaxWidth: 32,
          },
        ],
      },
    },
    countBars(
      'claims',
      '索赔',
      ['上报', '按时上报', '审核通过', '驳回', '结算'],
      [
        {
          name: '单数',
          data: [claims.reported, claims.reportedOnTime, claims.approved, claims.rejected, claims.paid],
        },
      ],
      '单数',
    ),
  ];
}

/** The charts of a weekly or monthly report, in the order the page and the print show them. */
export function reportCharts(report: Report): ReportChart[] {
  return report.kind === 'weekly' ? weeklyCharts(report) : monthlyCharts(report);
}
