import { BarChart as Bars } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([Bars, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export interface BarSeries {
  name: string;
  values: number[];
}

/**
 * A bar chart (ECharts, SVG) of categories against one or more series, stacked when asked. The
 * chart is a picture with a label saying what it shows; the same figures are in the table beside
 * it, which is what a screen reader and the CSV use.
 */
export function BarChart({ label, categories, series, stacked = false, percent = false, height = 240 }: { label: string; categories: string[]; series: BarSeries[]; stacked?: boolean; percent?: boolean; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  // Drawn again only when the figures change, not on every refresh that brings the same ones.
  const figures = JSON.stringify({ categories, series, stacked, percent });
  useEffect(() => {
    const { categories, series, stacked, percent } = JSON.parse(figures) as { categories: string[]; series: BarSeries[]; stacked: boolean; percent: boolean };
    if (!element.current) return;
    const chart = echarts.init(element.current, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 48, right: 16, top: series.length > 1 ? 32 : 12, bottom: 28 },
      legend: series.length > 1 ? { top: 0 } : undefined,
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', minInterval: percent ? undefined : 1, axisLabel: percent ? { formatter: '{value} %' } : undefined },
      series: series.map((s) => ({ name: s.name, type: 'bar', stack: stacked ? 'total' : undefined, data: s.values })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [figures]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height }} data-testid="chart" />;
}
