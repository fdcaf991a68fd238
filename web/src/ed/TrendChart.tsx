import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface Trend {
  name: string;
  /** One figure per day; null where no visit counted (a gap in the line, never a zero). */
  values: Array<number | null>;
}

/**
 * Lines over days (ECharts, drawn as SVG so it prints). One chart instance lives as long as the
 * element and takes new figures with setOption; it follows its box, not the window. The figures
 * are also in the table beside it, which is what a screen reader reads.
 */
export function TrendChart({ label, days, trends, unit }: { label: string; days: string[]; trends: Trend[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  useEffect(() => {
    const element = box.current!;
    chart.current = init(element, null, { renderer: 'svg' });
    const follow = new ResizeObserver(() => chart.current?.resize());
    follow.observe(element);
    return () => {
      follow.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  const figures = JSON.stringify({ days, trends, unit });
  useEffect(() => {
    const { days, trends, unit } = JSON.parse(figures) as { days: string[]; trends: Trend[]; unit: string };
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 56, right: 24, top: 40, bottom: 32 },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? 'no visit' : `${String(v)} ${unit}`) },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', name: unit, min: 0 },
        series: trends.map((t) => ({ name: t.name, type: 'line', data: t.values, connectNulls: false, symbolSize: 8 })),
      },
      { notMerge: true },
    );
  }, [figures]);
  return <div ref={box} className="measures-chart" role="img" aria-label={label} data-testid="trend-chart" />;
}
