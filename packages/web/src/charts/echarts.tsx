// ECharts with only what the dashboard draws (parallel coordinates and bars), imported from
// echarts/core so the rest of ECharts stays out of the bundle.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, ParallelChart } from 'echarts/charts';
import { GridComponent, ParallelComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, ParallelChart, GridComponent, ParallelComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type EChartsOption = Parameters<echarts.ECharts['setOption']>[0];

export function EChart({ option, height, label }: { option: EChartsOption; height: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const instance = echarts.init(box.current!);
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} className="echart" data-echart={label} style={{ height }} />;
}
