import type { EChartsOption } from 'echarts';

/** The size a printed chart is drawn at (CSS px); the page scales it to its column's width. */
export interface ChartSize {
  width: number;
  height: number;
}

type EChartsModule = typeof import('echarts');
let loaded: Promise<EChartsModule> | null = null;

/**
 * ECharts is large (about 1 MB of JS): loaded on the first chart rendered, not when the host
 * starts (tests/api/host-startup.test.ts).
 */
function loadEcharts(): Promise<EChartsModule> {
  loaded ??= import('echarts').then((mod) => {
    const m = mod as EChartsModule & { default?: EChartsModule };
    return m.default ?? m;
  });
  return loaded;
}

/**
 * One chart as an SVG string, drawn on the server from the same option the screen draws (ECharts'
 * server-side rendering: no DOM, no canvas). Vector, so the PDF's charts stay sharp at any zoom.
 */
export async function chartSvg(option: EChartsOption, size: ChartSize): Promise<string> {
  const echarts = await loadEcharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
