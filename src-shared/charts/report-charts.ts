import type { EChartsOption } from 'echarts';
import type { Report } from '../domain/reports';

/** One chart of a report: the screen draws `option` with ECharts, the print renders it to SVG. */
export interface ReportChart {
  /** Stable: 'departments', 'complaintsByType'… */
  key: string;
  /** 各部门满意率 */
  title: string;
  option: EChartsOption;
}

/** The charts of a weekly or monthly report, in the order the page and the print show them. */
export function reportCharts(_report: Report): ReportChart[] {
  return [];
}
