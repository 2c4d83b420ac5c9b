// Selected runs side by side: one chart per metric with every run overlaid, a legend that reads
// each run's value at the hovered x (or, grouped by a config key or `group`, each group's mean within
// its min–max band), and their config and summary with the differences marked.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, paths, type Run, type Series } from '../api.ts';
import { loadHistories, type HistoryCache } from '../charts/histories.ts';
import { usePoll } from '../poll.ts';
import { href, replaceSearch } from '../route.ts';
import { readChartSettings, writeChartSettings } from '../view-state.ts';
import { Link } from '../link.tsx';
import { StateBadge } from '../runs/state-badge.tsx';
import { LineChart, type ChartLine } from '../charts/line-chart.tsx';
import { ChartControls, type ChartSettings } from '../charts/chart-controls.tsx';
import { smooth } from '../charts/smoothing.ts';
import { colorAt } from '../theme.ts';
import { RunDiff } from '../runs/run-diff.tsx';
import { columnsOf } from '../runs/columns.ts';
import { band, groupRuns } from '../runs/grouping.ts';
import type { Line } from '../charts/align.ts';

interface Props {
  entity: string;
  project: string;
  runs: string[];
  theme: string;
}

export function ComparePage({ entity, project, runs: ids, theme }: Props) {
  const [settings, setSettings] = useState<ChartSettings>(() => readChartSettings(new URLSearchParams(location.search)));
  useEffect(() => replaceSearch(writeChartSettings(settings, new URLSearchParams(location.search))), [settings]);
  const cache = useRef<HistoryCache>(new Map());
  const [loaded, setLoaded] = useState(0);
  const points = Math.round(Math.min(1000, Math.max(200, 20_000 / Math.max(1, ids.length))));
  const polled = usePoll(async () => {
    const filter = JSON.stringify({ name: { $in: ids } });
    const { runs } = await api<{ runs: Run[] }>(paths.runs(entity, project, { filter, limit: String(Math.max(1, ids.length)), order: '+created_at' }));
    const histories = await loadHistories(entity, project, runs, settings.x, points, cache.current, setLoaded);
    return { x: settings.x, rows: runs.map((run, i) => ({ run, history: histories[i] })) };
  }, [entity, project, ids.join(','), settings.x]);

  // Until the histories against a newly chosen x arrive, the charts keep the old ones under their own x.
  const x = polled.data?.x ?? settings.x;
  const keys = useMemo(() => {
    const all = new Set<string>();
    for (const { history } of polled.data?.rows ?? []) for (const k of Object.keys(history.series)) all.add(k);
    return [...all].sort();
  }, [polled.data]);
  const metrics = keys.filter((k) => k !== x);
  const [group, setGroup] = useState(() => new URLSearchParams(location.search).get('group') ?? '');
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    if (group) params.set('group', group);
    else params.delete('group');
    replaceSearch(params);
  }, [group]);
  const groupColumns = useMemo(() => columnsOf((polled.data?.rows ?? []).map((d) => d.run)).filter((c) => c.id === 'group' || c.id.startsWith('config.')), [polled.data]);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(polled.data !== undefined && polled.data.x === settings.x), [polled.data, settings.x]);

  if (ids.length === 0) return <div className="page"><p className="empty">No runs picked: select runs with the checkboxes on the <Link href={href.project(entity, project)}>project page</Link>, then press Compare.</p></div>;
  if (!polled.data) return <div className="page">{polled.error ? <p className="error">{polled.error.message}</p> : <p className="muted">Loading the histories of {ids.length} runs… {loaded > 0 && `${loaded} done`}</p>}</div>;
  const data = polled.data.rows;
  const missing = ids.filter((id) => !data.some((d) => d.run.id === id));
  const groupColumn = groupColumns.find((c) => c.id === group);
  const groups = groupColumn ? [...groupRuns(data, groupColumn.value)] : undefined;
  const colorOf = new Map(data.map(({ run }, i) => [run.id, colorAt(groups ? groups.findIndex(([, items]) => items.some((d) => d.run.id === run.id)) : i)]));
  const seriesOf = (series: Series): Line => ({ x: series.x, y: settings.smoothing > 0 ? smooth(series.y, settings.smoothing) : series.y });
  return (
    <div className="page" data-page="compare" data-ready={ready}>
      <div className="page-head">
        <h1>Compare {data.length} runs</h1>
        <Link href={href.project(entity, project)}>back to {project}</Link>
      </div>
      <div className="chips">
        {data.map(({ run }) => (
          <Link key={run.id} className="chip" href={href.run(entity, project, run.id)}><i className="swatch" style={{ background: colorOf.get(run.id) }} />{run.name} <StateBadge state={run.state} /></Link>
        ))}
      </div>
      {missing.length > 0 && <p className="error">Not found in {project}: {missing.join(', ')}</p>}
      {polled.error && <p className="error">{polled.error.message}</p>}
      <section>
      <div className="section-head">
        <h2>Metrics</h2>
        <div className="controls">
          <label>group by <select aria-label="group by" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">none</option>
            {groupColumns.map((c) => <option key={c.id} value={c.id}>{c.id === 'group' ? 'group' : c.id.slice('config.'.length)}</option>)}
          </select></label>
          <ChartControls settings={settings} onChange={setSettings} xChoices={[...new Set(['_step', '_runtime', '_timestamp', settings.x, ...keys])]} />
        </div>
      </div>
      {metrics.length === 0 && <p className="empty">These runs have not logged any metric yet.</p>}
      <div className="charts" aria-busy={!ready}>
        {metrics.map((metric) => {
          const lines: ChartLine[] = groups
            ? groups.flatMap(([name, items], g) => {
              const members = items.flatMap(({ history }) => (history.series[metric] ? [seriesOf(history.series[metric])] : []));
              if (members.length === 0) return [];
              const b = band(members);
              return [{ label: `${name} (${members.length})`, x: b.x, y: b.mean, color: colorAt(g), ...(members.length > 1 ? { band: { lower: b.min, upper: b.max } } : {}) }];
            })
            : data.flatMap(({ run, history }) => (history.series[metric] ? [{ label: run.name, ...seriesOf(history.series[metric]), color: colorOf.get(run.id)! }] : []));
          return <LineChart key={metric} title={metric} lines={lines} xLabel={x} yScale={settings.yScale} theme={theme} syncKey="compare" />;
        })}
      </div>
      {groups && <p className="muted small" data-testid="groups">Grouped by {group.replace(/^config\./, '')}: each line is the mean of its group's runs, the band their minimum to maximum.</p>}
      </section>
      <RunDiff runs={data.map(({ run }) => ({ run, color: colorOf.get(run.id)! }))} />
    </div>
  );
}
