/**
 * The report charts' ECharts options (src-shared/charts/report-charts.ts) for the hand-made week
 * and month of tests/support/report-sample.ts and for empty periods, and their server-side SVG
 * (src-main/services/reports/chart-svg.ts): plain data, not animated, Chinese titles, the print font
 * first, and an empty period drawn as zero bars / an empty funnel, never NaN.
 */
import { describe, expect, it } from 'vitest';
import { chartSvg } from '../../src-main/services/reports/chart-svg';
import { type ReportChart, reportCharts } from '../../src-shared/charts/report-charts';
import { PRINT_FONT_FAMILY } from '../../src-shared/print';
import { emptyMonthlyReport, emptyWeeklyReport, monthlyReport, weeklyReport } from '../support/report-sample';

type AnyRecord = Record<string, unknown>;
const opt = (chart: ReportChart) => chart.option as AnyRecord;
const series = (chart: ReportChart) => opt(chart).series as AnyRecord[];
const xCategories = (chart: ReportChart) => (opt(chart).xAxis as AnyRecord).data as string[];
const byKey = (charts: ReportChart[], key: string) => charts.find((c) => c.key === key)!;

describe('report chart options', () => {
  it('a week: 回访 per kind, 各部门满意率 0-100 %, 投诉, the 招揽 funnel', () => {
    const charts = reportCharts(weeklyReport);
    expect(charts.map((c) => c.key)).toEqual(['revisits', 'departments', 'complaints', 'funnel']);
    expect(charts.map((c) => c.title)).toEqual(['回访完成情况', '各部门满意率', '投诉受理与关闭', '招揽转化漏斗']);

    const revisits = byKey(charts, 'revisits');
    expect(xCategories(revisits)).toEqual(['7天跟踪回访', '满意度回访', '新车交车回访']);
    expect(series(revisits).map((s) => [s.name, s.data])).toEqual([
      ['应回访', [12, 8, 3]],
      ['已回访', [10, 7, 2]],
      ['接通', [9, 7, 2]],
    ]);

    // 15/16 = 93.75 → 93.8; 14/16 = 87.5; 15/15 = 100; 配件 has no answers: no bar.
    const departments = byKey(charts, 'departments');
    expect(xCategories(departments)).toEqual(['接待', '车间', '洗车', '配件']);
    expect(series(departments)[0]!.data).toEqual([93.8, 87.5, 100, '-']);
    expect(opt(departments).yAxis).toMatchObject({ min: 0, max: 100 });

    expect(series(byKey(charts, 'complaints'))[0]!.data).toEqual([2, 1, 1]);
    const funnel = series(byKey(charts, 'funnel'))[0]!;
    expect(funnel.type).toBe('funnel');
    expect(funnel.data).toEqual([
      { name: '应招揽', value: 52 },
      { name: '已寄信', value: 40 },
      { name: '已电话', value: 31 },
      { name: '已预约', value: 14 },
      { name: '已进厂', value: 9 },
    ]);
    expect(funnel.max).toBe(52);
  });

  it('a month: satisfaction, complaint types, lost reasons, funnel, RO volume and amounts, claims', () => {
    const charts = reportCharts(monthlyReport);
    expect(charts.map((c) => c.key)).toEqual([
      'departments',
      'complaintsByType',
      'lostReasons',
      'funnel',
      'roVolume',
      'claims',
    ]);
    const types = byKey(charts, 'complaintsByType');
    expect(xCategories(types)).toEqual([
      '维修质量',
      '维修价格',
      '维修时间',
      '服务态度',
      '配件',
      '透明度',
      '环境',
      '其他',
    ]);
    expect(series(types)[0]!.data).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
    const lost = byKey(charts, 'lostReasons');
    expect(xCategories(lost)).toEqual(['在别处保养', '搬家', '车已卖', '价格']);
    expect(series(lost)[0]!.data).toEqual([5, 3, 2, 1]);

    const ro = byKey(charts, 'roVolume');
    expect(xCategories(ro)).toEqual(['首保', '定保', '一般维修', '钣喷', '索赔/三包', '保险理赔', '返修']);
    expect(series(ro).map((s) => s.name)).toEqual(['台次', '金额（元）']);
    expect(series(ro)[0]!.data).toEqual([17, 102, 64, 28, 12, 11, 2]);
    // In 元: 850000 fen = 8500, 16543210 fen = 165432.1.
    expect(series(ro)[1]!.data).toEqual([8500, 98765, 154321, 165432.1, 23456, 37180.22, 0]);
    expect(series(ro)[1]!.yAxisIndex).toBe(1);

    const claims = byKey(charts, 'claims');
    expect(xCategories(claims)).toEqual(['上报', '按时上报', '审核通过', '驳回', '结算']);
    expect(series(claims)[0]!.data).toEqual([14, 13, 12, 1, 10]);
  });

  it('every option is plain data, not animated, titled in Chinese, in the print font', () => {
    for (const report of [weeklyReport, monthlyReport, emptyWeeklyReport, emptyMonthlyReport]) {
      for (const chart of reportCharts(report)) {
        // No functions anywhere: a JSON round trip gives the same option back.
        expect(JSON.parse(JSON.stringify(chart.option))).toEqual(chart.option);
        expect(opt(chart).animation).toBe(false);
        expect((opt(chart).title as AnyRecord).text).toBe(chart.title);
        expect(chart.title).toMatch(/[\u4e00-\u9fff]/);
        const font = (opt(chart).textStyle as AnyRecord).fontFamily as string;
        expect(font.startsWith(`'${PRINT_FONT_FAMILY}'`)).toBe(true);
      }
    }
  });

  it('an empty period: zero bars, no categories where there is nothing to list, an empty funnel', () => {
    const charts = reportCharts(emptyMonthlyReport);
    for (const chart of charts) expect((opt(chart).title as AnyRecord).subtext).toBe('本期没有数据');
    expect(series(byKey(charts, 'complaintsByType'))[0]!.data).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(xCategories(byKey(charts, 'lostReasons'))).toEqual([]);
    expect(xCategories(byKey(charts, 'departments'))).toEqual([]);
    const funnel = series(byKey(charts, 'funnel'))[0]!;
    expect((funnel.data as { value: number }[]).map((d) => d.value)).toEqual([0, 0, 0, 0, 0]);
    expect(funnel.max).toBe(1);
    expect(series(byKey(charts, 'claims'))[0]!.data).toEqual([0, 0, 0, 0, 0]);

    const week = reportCharts(emptyWeeklyReport);
    expect(xCategories(byKey(week, 'revisits'))).toEqual([]);
    expect(series(byKey(week, 'complaints'))[0]!.data).toEqual([0, 0, 0]);
    // A period with data has no "no data" line.
    expect((opt(byKey(reportCharts(weeklyReport), 'revisits')).title as AnyRecord).subtext).toBeUndefined();
  });
});

describe('server-side SVG', () => {
  it('renders every chart of every sample to SVG with its title and no NaN', async () => {
    for (const report of [weeklyReport, monthlyReport, emptyWeeklyReport, emptyMonthlyReport]) {
      for (const chart of reportCharts(report)) {
        const svg = await chartSvg(chart.option, { width: 700, height: 240 });
        expect(svg.startsWith('<svg')).toBe(true);
        expect(svg).toContain('width="700"');
        expect(svg).toContain(`>${chart.title}</text>`);
        expect(svg).not.toContain('NaN');
        expect(svg).not.toContain('<image');
      }
    }
  });

  it('draws the figures: the bar labels and category names are in the SVG', async () => {
    const charts = reportCharts(monthlyReport);
    const departments = await chartSvg(byKey(charts, 'departments').option, { width: 342, height: 240 });
    for (const text of ['93.8%', '87.5%', '100%', '接待', '配件']) expect(departments).toContain(`>${text}</text>`);
    const funnel = await chartSvg(byKey(charts, 'funnel').option, { width: 342, height: 240 });
    for (const text of ['应招揽  52', '已进厂  9']) expect(funnel).toContain(`>${text}</text>`);
  });
});
