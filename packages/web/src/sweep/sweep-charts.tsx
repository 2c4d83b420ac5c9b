// The sweep's analysis for one metric (the sweep's own or any other the runs logged): parallel
// coordinates over its parameters and the metric, parameter importance, and the metric per run in
// creation order or against the runs' start time, with the best so far. Brushing axis ranges on
// the parallel coordinates selects the runs inside every range.
import { useMemo } from 'react';
import type { Json, Run, Sweep } from '../api.ts';
import { EChart, type EChartsInstance, type EChartsOption } from '../charts/echarts.tsx';
import { LineChart } from '../charts/line-chart.tsx';
import { formatNumber } from '../format.ts';
import { colorAt, cssVar } from '../theme.ts';
import { parameterImportance } from './importance.ts';
import { bestSoFar, type AnalysisMetric, type RunAxis } from './analysis-metric.ts';

const dig = (value: Json | undefined, path: string[]): Json | undefined =>
  path.reduce<Json | undefined>((node, key) => (node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined), value);

export function parameterValue(run: Run, path: string[]): Json | undefined {
  return dig(run.config as Json, path);
}

export function metricOf(run: Run, name: string): number | undefined {
  const v = dig(run.summary as Json, [name]) ?? dig(run.summary as Json, name.split('.'));
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

interface ParallelSeries { getRawIndicesByActiveState(state: 'active' | 'inactive'): number[] }

/** The runs inside every brushed range, or null when no axis is brushed (ECharts' documented way to read a brush). */
function brushedRuns(chart: EChartsInstance, runs: Run[]): Set<string> | null {
  const model = (chart as unknown as { getModel(): { getSeries(): ParallelSeries[] } }).getModel();
  const series = model.getSeries()[0];
  if (!series || series.getRawIndicesByActiveState('inactive').length === 0) return null;
  return new Set(series.getRawIndicesByActiveState('active').map((i) => runs[i].id));
}

export function SweepCharts({ sweep, metric, x, runs, theme, onBrush }: {
  sweep: Sweep; metric: AnalysisMetric | null; x: RunAxis; runs: Run[]; theme: string; onBrush: (runs: Set<string> | null) => void;
}) {
  const params = sweep.parameters;
  const values = useMemo(() => params.map((p) => runs.map((r) => parameterValue(r, p.path) ?? null)), [params, runs]);
  const metricValues = useMemo(() => runs.map((r) => (metric ? metricOf(r, metric.name) : undefined)), [runs, metric]);
  const scored = metricValues.filter((v) => v !== undefined).length;

  const parallel = useMemo((): EChartsOption => {
    const text = cssVar('--fg');
    const muted = cssVar('--muted');
    const axes = [...params.map((p, i) => axisFor(p.name, values[i], p.type.includes('log_uniform'))), ...(metric ? [{ name: metric.name, type: 'value' as const }] : [])]
      .map((a, dim) => ({ id: `axis:${a.name}`, dim, ...a, nameTextStyle: { color: text }, axisLabel: { color: muted }, axisLine: { lineStyle: { color: muted } } }));
    const data = runs.map((_, i) => [...values.map((column) => toAxis(column[i])), ...(metric ? [metricValues[i] ?? null] : [])]);
    const finite = metricValues.filter((v) => v !== undefined);
    return {
      animation: false,
      parallelAxis: axes,
      parallel: { left: 60, right: 90, top: 40, bottom: 30 },
      visualMap: metric && finite.length ? {
        show: true, type: 'continuous', dimension: axes.length - 1, min: Math.min(...finite), max: Math.max(...finite), right: 0, top: 'middle',
        inRange: { color: metric.goal === 'minimize' ? ['#2c7bb6', '#ffffbf', '#d7191c'] : ['#d7191c', '#ffffbf', '#2c7bb6'] }, textStyle: { color: muted }, itemHeight: 160,
      } : undefined,
      series: [{ id: 'runs', type: 'parallel', inactiveOpacity: 0.05, activeOpacity: 1, lineStyle: { width: 1.5, opacity: 0.6 }, data }],
    } as EChartsOption;
  }, [params, values, metricValues, metric, runs, theme]);

  const importance = useMemo(() => (metric ? parameterImportance(params.map((p) => p.name), values, metricValues) : []), [params, values, metricValues, metric]);
  const bars = useMemo((): EChartsOption => {
    const rows = [...importance].sort((a, b) => a.importance - b.importance);
    const muted = cssVar('--muted');
    return {
      animation: false,
      grid: { left: 120, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', max: 1, axisLabel: { color: muted }, splitLine: { lineStyle: { color: cssVar('--grid') } } },
      yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { color: cssVar('--fg') } },
      tooltip: { trigger: 'axis' },
      series: [{ type: 'bar', data: rows.map((r) => Number(r.importance.toFixed(4))), itemStyle: { color: colorAt(0) } }],
    } as EChartsOption;
  }, [importance, theme]);

  const progress = useMemo(() => {
    // Runs come in creation order, so their start times rise with it.
    const xs = x === 'time' ? runs.map((r) => Date.parse(r.createdAt) / 1000) : metricValues.map((_, i) => i + 1);
    const best = bestSoFar(metricValues, metric?.goal ?? 'minimize');
    const pick = (ys: Array<number | undefined>) => ({ x: xs.filter((_, i) => ys[i] !== undefined && !Number.isNaN(ys[i])), y: ys.filter((v) => v !== undefined && !Number.isNaN(v)) as number[] });
    return [
      { label: metric?.name ?? 'metric', color: colorAt(0), ...pick(metricValues), points: true },
      { label: `best so far (${metric?.goal === 'maximize' ? 'max' : 'min'})`, color: colorAt(1), ...pick(best) },
    ];
  }, [metricValues, metric, runs, x]);

  if (runs.length === 0) return <p className="empty">No runs yet. Start an agent: <code>wandb agent {sweep.entity}/{sweep.project}/{sweep.id}</code> (or <code>sextant launch {sweep.project}/{sweep.id} --jobs 4</code>).</p>;
  return (
    <>
      <section>
        <h2>Parallel coordinates</h2>
        {params.length === 0 ? <p className="empty">This sweep has no varying parameter.</p> : <EChart label="parallel" option={parallel} height={320}
          keep={['parallelAxis', 'series']} updateOn={['axisareaselected']} onUpdate={(chart) => onBrush(brushedRuns(chart, runs))} />}
      </section>
      {metric && (
        <div className="two-columns">
          <section>
            <h2>Parameter importance for {metric.name}</h2>
            {scored < 2 ? <p className="empty">Importance needs at least two runs that reported {metric.name}.</p> : (
              <>
                <EChart label="importance" option={bars} height={Math.max(120, 36 * importance.length + 40)} />
                <table className="plain" data-testid="importance">
                  <thead><tr><th>Parameter</th><th>Importance</th><th>Correlation</th></tr></thead>
                  <tbody>
                    {[...importance].sort((a, b) => b.importance - a.importance).map((r) => (
                      <tr key={r.name}><td>{r.name}</td><td className="num">{formatNumber(Number(r.importance.toFixed(3)))}</td>
                        <td className={`num ${r.correlation > 0 ? 'pos' : r.correlation < 0 ? 'neg' : ''}`}>{Number.isNaN(r.correlation) ? '–' : r.correlation.toFixed(2)}</td></tr>
                    ))}
                  </tbody>
                </table>
                <p className="muted small">Importance: share of a 100-tree random forest's variance reduction; correlation: Pearson with {metric.name}.</p>
              </>
            )}
          </section>
          <section>
            <LineChart title={`${metric.name} per run`} xLabel={x === 'time' ? 'run start time' : 'run (creation order)'} time={x === 'time'} theme={theme} height={260}
              lines={progress} />
          </section>
        </div>
      )}
    </>
  );
}

/** A numeric parameter drawn from a log distribution gets a log axis (its values are all positive). */
function axisFor(name: string, column: Array<Json | null>, log: boolean): { name: string; type: 'value' | 'log' | 'category'; data?: string[] } {
  if (column.every((v) => v === null || typeof v === 'number')) return { name, type: log && column.every((v) => v === null || v > 0) ? 'log' : 'value' };
  return { name, type: 'category', data: [...new Set(column.filter((v) => v !== null).map((v) => toAxis(v) as string))].sort() };
}

function toAxis(v: Json | null): number | string | null {
  if (v === null || typeof v === 'number') return v;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
