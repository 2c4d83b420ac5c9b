// Chart series from a run's numeric columns: for each key, the rows having both x and the key,
// downsampled so spikes survive.
import { minMaxDownsample } from './downsample.ts';

export type ChartSeries = Record<string, { x: number[]; y: number[]; count: number }>;

/** `keys` default: every column not starting with `_`. */
export function chartSeries(columns: Map<string, number[]>, x: string, keys: string[] | undefined, points: number): ChartSeries {
  const xColumn = columns.get(x) ?? [];
  const series: ChartSeries = {};
  for (const k of keys ?? [...columns.keys()].filter((name) => !name.startsWith('_'))) {
    const yColumn = columns.get(k) ?? [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < yColumn.length; i++) {
      if (Number.isFinite(xColumn[i]) && Number.isFinite(yColumn[i])) {
        xs.push(xColumn[i]);
        ys.push(yColumn[i]);
      }
    }
    series[k] = { ...minMaxDownsample({ x: xs, y: ys }, points), count: xs.length };
  }
  return series;
}
