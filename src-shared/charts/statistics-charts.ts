import type { EChartsOption } from 'echarts';
import { COMPLAINT_LEVEL_LABELS, COMPLAINT_TYPE_LABELS } from '../domain/complaints';
import { RO_TYPE_LABELS, RO_TYPES } from '../domain/enums';
import {
  FUNNEL_STAGE_LABELS,
  FUNNEL_STAGES,
  type StatisticsChart,
  type StatisticsDrill,
  type StatisticsView,
} from '../domain/reports';
import { DEPARTMENT_LABELS, DEPARTMENTS, type Department } from '../domain/revisits';

/**
 * The statistics page's charts as ECharts options, pure functions of the view (the same options
 * could be rendered to SVG on the server). `label` translates the Chinese words a chart shows (the
 * screen passes its i18n; default: Chinese). No animation: the figures are read, not watched.
 */
export type Translate = (zh: string) => string;
const chinese: Translate = (zh) => zh;

/** Store palette: calm, distinguishable in print. */
export const CHART_COLORS = ['#1677ff', '#52c41a', '#faad14', '#13c2c2', '#722ed1', '#eb2f96', '#fa541c', '#8c8c8c'];

const base = {
  animation: false,
  color: CHART_COLORS,
} satisfies EChartsOption;

/** An empty chart that says so (a period with no data is not an error). */
export function emptyChart(label: Translate = chinese): EChartsOption {
  return {
    ...base,
    title: {
      text: label('无数据'),
      left: 'center',
      top: 'middle',
      textStyle: { color: '#8c8c8c', fontSize: 14, fontWeight: 'normal' },
    },
    series: [],
  };
}

const percentAxis = {
  type: 'value',
  min: 0,
  max: 100,
  axisLabel: { formatter: '{value}%' },
} as const;

const pct = (rate: number | null) => (rate === null ? '-' : Math.round(rate * 1000) / 10);
/** 11-23 for a day, 26-11 for a month on a crowded axis. */
const shortDay = (date: string) => date.slice(5);

/** 每日进厂台次: a bar per day, stacked by RO type (only the types that occur). */
export function roPerDayOption(view: StatisticsView, label: Translate = chinese): EChartsOption {
  const types = RO_TYPES.filter((type) => view.roPerDay.some((d) => (d.byType[type] ?? 0) > 0));
  if (types.length === 0) return emptyChart(label);
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: view.roPerDay.map((d) => shortDay(d.date)) },
    yAxis: { type: 'value', minInterval: 1, name: label('台次') },
    series: types.map((type) => ({
      type: 'bar',
      name: label(RO_TYPE_LABELS[type]),
      stack: 'ro',
      barMaxWidth: 28,
      data: view.roPerDay.map((d) => d.byType[type] ?? 0),
    })),
  };
}

/** The departments that have answers in the view, in the usual order. */
function satisfactionDepartments(view: StatisticsView): Department[] {
  return DEPARTMENTS.filter((d) => view.satisfaction.some((s) => s.department === d));
}

/** Every month of the period (a month without answers is a gap in the lines, not left out). */
function satisfactionMonths(view: StatisticsView): string[] {
  const months: string[] = [];
  for (let m = view.from.slice(0, 7); m <= view.to.slice(0, 7); ) {
    months.push(m);
    const next = Number(m.slice(5, 7)) + 1;
    m = next > 12 ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 4)}-${String(next).padStart(2, '0')}`;
  }
  return months;
}

/** 各部门满意率趋势: a line per department over the months, 0-100 %. */
export function satisfactionOption(view: StatisticsView, label: Translate = chinese): EChartsOption {
  const departments = satisfactionDepartments(view);
  if (departments.length === 0) return emptyChart(label);
  const months = satisfactionMonths(view);
  return {
    ...base,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months, boundaryGap: months.length === 1 },
    yAxis: percentAxis,
    series: departments.map((department) => ({
      type: 'line',
      name: label(DEPARTMENT_LABELS[department]),
      symbolSize: 9,
      connectNulls: false,
      triggerLineEvent: true,
      data: months.map((month) =>
        pct(view.satisfaction.find((s) => s.month === month && s.department === department)?.rate ?? null),
      ),
    })),
  };
}

/** 招揽转化漏斗: listed → letter → called → booked → came, widths by count. */
export function funnelOption(view: StatisticsView, label: Translate = chinese): EChartsOption {
  const f = view.funnel;
  if (f.listed === 0) return emptyChart(label);
  return {
    ...base,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        type: 'funnel',
        name: label('招揽转化漏斗'),
        sort: 'none',
        left: 8,
        width: '62%',
        top: 8,
        bottom: 8,
        min: 0,
        max: f.listed,
        minSize: '8%',
        gap: 2,
        // Beside the funnel: a stage of a few vehicles is too narrow to hold its words.
        label: { show: true, position: 'right', formatter: '{b}  {c}' },
        labelLine: { show: true, length: 16 },
        data: FUNNEL_STAGES.map((stage) => ({ name: label(FUNNEL_STAGE_LABELS[stage]), value: f[stage] })),
      },
    ],
  };
}

/** 每月流失率: a bar per month, 0-100 %, the rate on top. */
export function churnOption(view: StatisticsView, label: Translate = chinese): EChartsOption {
  if (view.churn.every((m) => m.churn === null)) return emptyChart(label);
  return {
    ...base,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (typeof v === 'number' ? `${v}%` : '—'),
    },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: view.churn.map((m) => m.month) },
    yAxis: percentAxis,
    series: [
      {
        type: 'bar',
        name: label('流失率'),
        barMaxWidth: 40,
        label: { show: true, position: 'top', formatter: '{c}%' },
        data: view.churn.map((m) => pct(m.churn)),
      },
    ],
  };
}

function countBars(names: string[], counts: number[], seriesName: string, label: Translate): EChartsOption {
  if (counts.every((n) => n === 0)) return emptyChart(label);
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: seriesName,
        barMaxWidth: 36,
        label: { show: true, position: 'top' },
        data: counts,
      },
    ],
  };
}

/** 投诉类型: a bar per type (every type, zeros included). */
export function complaintsByTypeOption(view: StatisticsView, label: Translate = chinese): EChartsOption {
  return countBars(
    view.complaintsByType.map((c) => label(COMPLAINT_TYPE_LABELS[c.type])),
    view.complaintsByType.map((c) => c.count),
    label('投诉类型'),
    label,
  );
}

/** 投诉级别: a bar per level, mildest to gravest. */
export function complaintsByLevelOption(view: StatisticsView, label: Translate = chinese): EChartsOption {
  return countBars(
    view.complaintsByLevel.map((c) => label(COMPLAINT_LEVEL_LABELS[c.level])),
    view.complaintsByLevel.map((c) => c.count),
    label('投诉级别'),
    label,
  );
}

/** The option of one chart of the page. */
export function statisticsChartOption(chart: StatisticsChart, view: StatisticsView, label: Translate = chinese) {
  switch (chart) {
    case 'roPerDay':
      return roPerDayOption(view, label);
    case 'satisfaction':
      return satisfactionOption(view, label);
    case 'funnel':
      return funnelOption(view, label);
    case 'churn':
      return churnOption(view, label);
    case 'complaintsByType':
      return complaintsByTypeOption(view, label);
    case 'complaintsByLevel':
      return complaintsByLevelOption(view, label);
  }
}

/**
 * What a click on a drawn element asks for: the category's index (a day, a month, a stage, a type)
 * and, for the satisfaction lines, the series' index (a department in the order drawn).
 */
export function statisticsDrillAt(
  chart: StatisticsChart,
  view: StatisticsView,
  at: { dataIndex: number; seriesIndex: number },
): StatisticsDrill | null {
  const i = at.dataIndex;
  switch (chart) {
    case 'roPerDay': {
      const day = view.roPerDay[i];
      return day ? { chart, date: day.date } : null;
    }
    case 'satisfaction': {
      const month = satisfactionMonths(view)[i];
      const department = satisfactionDepartments(view)[at.seriesIndex];
      return month && department ? { chart, month, department } : null;
    }
    case 'funnel': {
      const stage = FUNNEL_STAGES[i];
      return stage ? { chart, stage } : null;
    }
    case 'churn': {
      const month = view.churn[i]?.month;
      return month ? { chart, month } : null;
    }
    case 'complaintsByType': {
      const type = view.complaintsByType[i]?.type;
      return type ? { chart, type } : null;
    }
    case 'complaintsByLevel': {
      const level = view.complaintsByLevel[i]?.level;
      return level ? { chart, level } : null;
    }
  }
}
