// The project page's charts: one panel per metric over the first runs of the (filtered, sorted)
// table, in the table's colours, grouped by key prefix into collapsible groups, with a search box.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Run } from '../api.ts';
import { usePoll } from '../poll.ts';
import { replaceSearch } from '../route.ts';
import { loadHistories, type HistoryCache } from '../charts/histories.ts';
import { LineChart } from '../charts/line-chart.tsx';
import { ChartControls, type ChartSettings } from '../charts/chart-controls.tsx';
import { smooth } from '../charts/smoothing.ts';
import { readChartSettings, RUN_COUNTS, writeChartSettings } from '../view-state.ts';
import { panelGroups, pointsPerRun } from './panels.ts';


interface Props {
  entity: string;
  project: string;
  /** The table's runs in its order; the first `count` are drawn. */
  runs: Run[];
  count: number;
  onCount: (count: number) => void;
  colors: ReadonlyMap<string, string>;
  theme: string;
}

export function Workspace({ entity, project, runs, count, onCount, colors, theme }: Props) {
  const [settings, setSettings] = useState<ChartSettings>(() => readChartSettings(new URLSearchParams(location.search)));
  useEffect(() => replaceSearch(writeChartSettings(settings, new URLSearchParams(location.search))), [settings]);
  const [search, setSearch] = useState('');
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const shown = runs.slice(0, count);
  const latest = useRef(shown);
  latest.current = shown;
  const cache = useRef<HistoryCache>(new Map());
  const polled = usePoll(async () => {
    const histories = await loadHistories(entity, project, latest.current, settings.x, pointsPerRun(latest.current.length), cache.current);
    return { x: settings.x, rows: latest.current.map((run, i) => ({ run, history: histories[i] })) };
  }, [entity, project, shown.map((r) => `${r.id}:${r.historyLineCount}`).join(','), settings.x]);

  const x = polled.data?.x ?? settings.x;
  const keys = useMemo(() => {
    const all = new Set<string>();
    for (const { history } of polled.data?.rows ?? []) for (const k of Object.keys(history.series)) all.add(k);
    return all;
  }, [polled.data]);
  const groups = panelGroups([...keys].filter((k) => k !== x), search);
  const toggle = (name: string): void => {
    const next = new Set(closed);
    if (!next.delete(name)) next.add(name);
    setClosed(next);
  };

  return (
    <section data-testid="workspace" data-ready={polled.data !== undefined && polled.data.x === settings.x}>
      <div className="section-head">
        <h2>Charts</h2>
        <input className="chart-search" aria-label="search charts" placeholder="search charts" value={search} onChange={(e) => setSearch(e.target.value)} />
        <ChartControls settings={settings} onChange={setSettings} xChoices={[...new Set(['_step', '_runtime', '_timestamp', settings.x, ...keys])]} />
      </div>
      <p className="muted small" data-testid="workspace-note">
        The first <select aria-label="runs charted" value={count} onChange={(e) => onCount(Number(e.target.value))}>
          {RUN_COUNTS.map((n) => <option key={n} value={n}>{n}</option>)}
        </select> runs of the table as filtered and sorted ({Math.min(count, runs.length)} of {runs.length} charted), in their table colours.
      </p>
      {polled.error && <p className="error">{polled.error.message}</p>}
      {polled.data && keys.size === 0 && <p className="empty">No metrics logged by these runs yet.</p>}
      {keys.size > 0 && groups.length === 0 && <p className="empty">No chart matches “{search}”.</p>}
      {groups.map((group) => {
        const open = !closed.has(group.name);
        return (
          <div key={group.name} className="panel-group" data-group={group.name}>
            <button className="panel-group-head" aria-expanded={open} onClick={() => toggle(group.name)}>
              {open ? '▾' : '▸'} {group.name} <span className="muted">{group.metrics.length}</span>
            </button>
            {open && (
              <div className="charts" aria-busy={x !== settings.x}>
                {group.metrics.map((metric) => (
                  <LineChart key={metric} title={metric} xLabel={x} yScale={settings.yScale} theme={theme} syncKey={`workspace:${entity}/${project}`}
                    lines={(polled.data?.rows ?? []).flatMap(({ run, history }) => {
                      const series = history.series[metric];
                      return series ? [{ label: run.name, x: series.x, y: settings.smoothing > 0 ? smooth(series.y, settings.smoothing) : series.y, color: colors.get(run.id)! }] : [];
                    })} />
                ))}
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}
