// ECharts with only what the dashboard draws (parallel coordinates and bars), imported from
// echarts/core so the rest of ECharts stays out of the bundle.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, ParallelChart } from 'echarts/charts';
import { GridComponent, ParallelComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, ParallelChart, GridComponent, ParallelComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type EChartsOption = Parameters<echarts.ECharts['setOption']>[0];

export type EChartsInstance = echarts.ECharts;

/**
 * `keep` names the components a new option merges into instead of replacing (matched by id), so
 * what the user did to them (a brushed axis) survives a data refresh. `onUpdate` runs after every
 * new option and after each of the `updateOn` events.
 */
export function EChart({ option, height, label, keep, onUpdate, updateOn = [] }: {
  option: EChartsOption; height: number; label: string; keep?: string[]; onUpdate?: (chart: EChartsInstance) => void; updateOn?: string[];
}) {
  const update = useRef(onUpdate);
  update.current = onUpdate;
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const instance = echarts.init(box.current!);
    chart.current = instance;
    for (const event of updateOn) instance.on(event, () => update.current?.(instance));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.setOption(option, keep ? { replaceMerge: keep } : { notMerge: true });
    update.current?.(instance);
  }, [option]);
  return <div ref={box} className="echart" data-echart={label} style={{ height }} />;
}
