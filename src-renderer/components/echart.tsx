import type { EChartsOption } from 'echarts';
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the app's charts use (a tree-shaken bundle); SVG, like the printed charts.
echarts.use([
  BarChart,
  LineChart,
  FunnelChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DatasetComponent,
  MarkLineComponent,
  SVGRenderer,
]);

/** What a click on a chart says: the category (a day, a department) and the series. */
export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex: number;
  seriesName: string;
}

/**
 * One ECharts chart, drawn as SVG from an option built in src-shared/charts (the same option the
 * printed report renders on the server). Follows its container's width.
 */
export function EChart({
  option,
  height = 300,
  onClick,
  label,
  className,
}: {
  option: EChartsOption;
  height?: number;
  onClick?: (click: ChartClick) => void;
  /** What the chart shows, for screen readers and tests. */
  label: string;
  className?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      clickRef.current?.({
        name: String(p.name ?? ''),
        dataIndex: p.dataIndex ?? -1,
        seriesIndex: p.seriesIndex ?? -1,
        seriesName: String(p.seriesName ?? ''),
      });
    });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => c.resize());
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return (
    <div
      ref={host}
      className={['echart', onClick ? 'echart-clickable' : '', className ?? ''].filter(Boolean).join(' ')}
      style={{ width: '100%', height }}
      role="img"
      aria-label={label}
    />
  );
}
