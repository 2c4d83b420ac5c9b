// A sweep: its state with the actions that apply to it, progress, config, analysis charts for the
// sweep's metric or any other the runs logged, its runs and its agents with the age of their last
// heartbeat.
import { useMemo, useState } from 'react';
import { api, paths, type Run, type Sweep } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href, replaceSearch } from '../route.ts';
import { Link } from '../link.tsx';
import { age, formatTime } from '../format.ts';
import { StateBadge } from '../runs/state-badge.tsx';
import { RunsTable } from '../runs/runs-table.tsx';
import { columnsOf, sortRuns, type Sort } from '../runs/columns.ts';
import { SweepControls } from '../sweep/sweep-controls.tsx';
import { SweepCharts } from '../sweep/sweep-charts.tsx';
import { ParetoFront } from '../sweep/pareto-front.tsx';
import { sweepColumns } from '../sweep/sweep-columns.ts';
import { metricChoices, readAnalysis, writeAnalysis, goalFor, type AnalysisMetric, type RunAxis } from '../sweep/analysis-metric.ts';
import { Unloaded } from '../not-found.tsx';

export function SweepPage({ entity, project, sweep: id, theme }: { entity: string; project: string; sweep: string; theme: string }) {
  const [changed, setChanged] = useState<Sweep>();
  const [sort, setSort] = useState<Sort>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [brushed, setBrushed] = useState<Set<string> | null>(null);
  const [query, setQuery] = useState(() => new URLSearchParams(location.search));
  const polled = usePoll(async () => {
    const [sweep, runs] = await Promise.all([
      api<Sweep>(paths.sweep(entity, project, id)),
      api<{ runs: Run[] }>(paths.runs(entity, project, { filter: JSON.stringify({ sweep: id }), order: '+created_at', limit: '10000' })),
    ]);
    setChanged(undefined);
    return { sweep, runs: runs.runs };
  }, [entity, project, id]);
  const runs = polled.data?.runs ?? [];
  const columns = useMemo(() => columnsOf(runs), [polled.data]);
  const sorted = useMemo(() => sortRuns(runs, columns.find((c) => c.id === sort?.column), sort?.descending ?? false), [polled.data, sort, columns]);

  if (!polled.data) return <Unloaded error={polled.error} loading="Loading sweep…" back={{ href: href.project(entity, project), label: `${project}'s runs` }} />;
  const sweep = changed ?? polled.data.sweep;
  const total = Object.values(sweep.runs).reduce((a, b) => a + b, 0);
  // With several objectives the analysis starts on the first.
  const named = { metric: sweep.metric ?? sweep.metrics?.[0] ?? null };
  const analysis = readAnalysis(query, named);
  const analyse = (metric: AnalysisMetric | null, x: RunAxis): void => {
    const next = writeAnalysis(metric, x, named, query);
    setQuery(next);
    replaceSearch(next);
  };
  const choices = metricChoices(runs, named.metric?.name);
  const visible = sweepColumns(columns, { parameters: sweep.parameters, metric: analysis.metric });
  const shown = brushed ? sorted.filter((r) => brushed.has(r.id)) : sorted;
  const brush = (next: Set<string> | null): void => {
    const same = next === brushed || (next && brushed && next.size === brushed.size && [...next].every((runId) => brushed.has(runId)));
    if (!same) setBrushed(next);
  };
  const select = (ids: string[], on: boolean): void => {
    const next = new Set(selected);
    for (const runId of ids) (on ? next.add(runId) : next.delete(runId));
    setSelected(next);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{sweep.name ?? sweep.id}</h1>
        <span data-testid="sweep-state"><StateBadge state={sweep.state} /></span>
        <span className="muted">sweep {sweep.id} · {sweep.method ?? 'unknown method'}{sweep.metric ? ` · ${sweep.metric.goal} ${sweep.metric.name}` : ''}{sweep.metrics ? ` · Pareto front of ${sweep.metrics.map((m) => `${m.goal} ${m.name}`).join(', ')}` : ''}</span>
        <SweepControls sweep={sweep} onChange={(s) => { setChanged(s); polled.reload(); }} />
      </div>

      <div className="two-columns">
        <section>
          <h2>Progress</h2>
          <p>{total} run{total === 1 ? '' : 's'}{sweep.runCap ? ` of at most ${sweep.runCap}` : ''} · created {formatTime(sweep.createdAt)}</p>
          <div className="progress" aria-label="runs by state">
            {Object.entries(sweep.runs).map(([state, n]) => (
              <span key={state} className={`state-${state}`} style={{ flexGrow: n }} title={`${n} ${state}`}>{n} {state}</span>
            ))}
          </div>
          <h2>Agents</h2>
          {sweep.agents.length === 0 ? <p className="empty">No agent yet: <code>wandb agent {entity}/{project}/{sweep.id}</code></p> : (
            <table className="plain" data-testid="agents">
              <thead><tr><th>Agent</th><th>Host</th><th>State</th><th>Last heartbeat</th></tr></thead>
              <tbody>{sweep.agents.map((a) => <tr key={a.id}><td>{a.id}</td><td>{a.host}</td><td>{a.state?.toLowerCase()}</td><td>{age(a.heartbeatAt)} ago</td></tr>)}</tbody>
            </table>
          )}
        </section>
        <section>
          <h2>Config</h2>
          <pre className="yaml" data-testid="sweep-config">{sweep.config}</pre>
        </section>
      </div>

      {choices.length > 0 && (
        <div className="toolbar" data-testid="analysis">
          <label>Metric <select aria-label="metric" value={analysis.metric?.name ?? ''} onChange={(e) => analyse({ name: e.target.value, goal: sweep.metrics?.find((m) => m.name === e.target.value)?.goal ?? goalFor(e.target.value, named) }, analysis.x)}>
            {!analysis.metric && <option value="">choose a metric</option>}
            {[...new Set([...(analysis.metric ? [analysis.metric.name] : []), ...choices])].map((m) => <option key={m} value={m}>{m}{m === sweep.metric?.name || sweep.metrics?.some((o) => o.name === m) ? ' (sweep metric)' : ''}</option>)}
          </select></label>
          {analysis.metric && (
            <label>Goal <select aria-label="goal" value={analysis.metric.goal} onChange={(e) => analyse({ name: analysis.metric!.name, goal: e.target.value as AnalysisMetric['goal'] }, analysis.x)}>
              <option value="minimize">minimize</option><option value="maximize">maximize</option>
            </select></label>
          )}
          <label>Runs by <select aria-label="runs by" value={analysis.x} onChange={(e) => analyse(analysis.metric, e.target.value as RunAxis)}>
            <option value="order">creation order</option><option value="time">start time</option>
          </select></label>
        </div>
      )}

      <ParetoFront sweep={sweep} runs={runs} />

      <SweepCharts sweep={sweep} metric={analysis.metric} x={analysis.x} runs={runs} theme={theme} onBrush={brush} />

      {runs.length > 0 && (
        <section>
          <div className="section-head">
            <h2>Runs</h2>
            {brushed && <span className="muted" data-testid="brushed">{shown.length} of {runs.length} runs inside the ranges brushed on the parallel coordinates (click an axis to clear its range)</span>}
            <Link className={`button${selected.size < 1 ? ' disabled' : ''}`} href={href.compare(entity, project, runs.filter((r) => selected.has(r.id)).map((r) => r.id))}>Compare {selected.size} selected</Link>
          </div>
          <RunsTable runs={shown} columns={visible} sort={sort} onSort={setSort} selected={selected} onSelect={select} height={Math.min(400, Math.max(1, shown.length) * 34)} />
        </section>
      )}
    </div>
  );
}
