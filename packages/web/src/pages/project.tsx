// A project: its sweeps, its runs in a sortable, filterable, groupable, virtualized table (runs
// picked with the checkboxes open side by side in the compare view), and charts of the table's
// first runs.
import { useEffect, useMemo, useState } from 'react';
import { api, paths, saveText, type Run, type Sweep, type SweepSummary } from '../api.ts';
import { usePoll } from '../poll.ts';
import { DeleteRuns } from '../runs/delete-runs.tsx';
import { href, replaceSearch } from '../route.ts';
import { DEFAULT_CHARTED, readTableView, writeTableView } from '../view-state.ts';
import { Link } from '../link.tsx';
import { LogFirstRun } from '../empty-state.tsx';
import { columnsOf, defaultColumns, sortRuns, type Sort } from '../runs/columns.ts';
import { FilterError, parseFilter } from '../runs/filter.ts';
import { RunsTable } from '../runs/runs-table.tsx';
import { ColumnPicker } from '../runs/column-picker.tsx';
import { StateBadge } from '../runs/state-badge.tsx';
import { useWindowHeight } from '../window-height.ts';
import { groupRuns } from '../runs/grouping.ts';
import { toCsv } from '../runs/csv.ts';
import { colorAt } from '../theme.ts';
import { Workspace } from '../workspace/workspace.tsx';
import { Unloaded } from '../not-found.tsx';

const MAX_RUNS = 10_000;
/** More lines than this make a chart unreadable (and a URL too long). */
const MAX_COMPARED = 100;

export function ProjectPage({ entity, project, theme }: { entity: string; project: string; theme: string }) {
  const initial = useMemo(() => readTableView(new URLSearchParams(location.search)), []);
  const [expression, setExpression] = useState(initial.filter);
  const [filter, setFilter] = useState('');
  const [filterError, setFilterError] = useState('');
  const [sort, setSort] = useState<Sort | undefined>(initial.sort);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [configKeys, setConfigKeys] = useState<ReadonlySet<string>>(new Set());
  const columnsKey = `sextant.columns.${entity}/${project}`;
  const [picked, setPicked] = useState<string[] | undefined>(() => initial.columns ?? JSON.parse(localStorage.getItem(columnsKey) ?? 'null') ?? undefined);
  const [group, setGroup] = useState(initial.group ?? '');
  const [charted, setCharted] = useState(initial.charted ?? DEFAULT_CHARTED);
  useEffect(() => replaceSearch(writeTableView({ filter: expression, sort, columns: picked, charted, ...(group ? { group } : {}) }, new URLSearchParams(location.search))), [expression, sort, picked, group, charted]);
  const windowHeight = useWindowHeight();

  const [deleting, setDeleting] = useState(false);
  const { data, error, reload } = usePoll(async () => {
    const [runs, sweeps] = await Promise.all([
      api<{ total: number; runs: Run[] }>(paths.runs(entity, project, { limit: String(MAX_RUNS), filter, total: 'true' })),
      api<{ sweeps: SweepSummary[] }>(`/api/v1/sweeps?entity=${encodeURIComponent(entity)}`),
    ]);
    return { ...runs, sweeps: sweeps.sweeps.filter((s) => s.project === project) };
  }, [entity, project, filter]);

  useEffect(() => {
    // Names in a filter resolve against the config keys seen so far (lr → config.lr): a filter typed
    // before the first runs arrived is read again once they have.
    const next = new Set(configKeys);
    for (const run of data?.runs ?? []) for (const k of Object.keys(run.config)) next.add(k);
    if (next.size !== configKeys.size) setConfigKeys(next);
  }, [data]);
  useEffect(() => {
    const timer = setTimeout(() => {
      try {
        const parsed = parseFilter(expression, configKeys);
        setFilter(Object.keys(parsed).length ? JSON.stringify(parsed) : '');
        setFilterError('');
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        setFilterError(e.message);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [expression, configKeys]);

  const sweepMetrics = useSweepMetrics(entity, project, data?.sweeps);
  const runs = data?.runs ?? [];
  const columns = useMemo(() => columnsOf(runs), [data]);
  const visibleIds = picked ?? defaultColumns(columns, sweepMetrics);
  // Grouped, the group's column comes right after the name and the runs of a group sit together.
  const groupColumn = columns.find((c) => c.id === group);
  const visible = ['name', ...(groupColumn ? [group] : []), ...visibleIds.filter((id) => id !== 'name' && id !== group)].map((id) => columns.find((c) => c.id === id)).filter((c) => c !== undefined);
  const sorted = useMemo(() => {
    const ordered = sortRuns(runs, columns.find((c) => c.id === sort?.column), sort?.descending ?? false);
    return groupColumn ? [...groupRuns(ordered.map((run) => ({ run })), groupColumn.value).values()].flat().map((i) => i.run) : ordered;
  }, [data, sort, columns, groupColumn]);
  const groups = useMemo(() => (groupColumn ? [...groupRuns(sorted.map((run) => ({ run })), groupColumn.value)].map(([name, items]) => [name, items.length] as const) : []), [sorted, groupColumn]);
  const colors = useMemo(() => new Map(sorted.slice(0, charted).map((run, i) => [run.id, colorAt(i)])), [sorted, charted]);
  const exportCsv = (): void => saveText(`${project}-runs.csv`, toCsv(visible.map((c) => c.id), sorted.map((run) => visible.map((c) => c.value(run)))), 'text/csv');
  const pick = (ids: string[]): void => {
    setPicked(ids);
    localStorage.setItem(columnsKey, JSON.stringify(ids));
  };
  const select = (ids: string[], on: boolean): void => {
    const next = new Set(selected);
    for (const id of ids) (on ? next.add(id) : next.delete(id));
    setSelected(next);
  };

  if (!data) return <Unloaded error={error} loading="Loading runs…" />;
  const empty = data.total === 0 && filter === '' && expression.trim() === '';
  return (
    <div className="page">
      <div className="page-head">
        <h1>{project}</h1>
        <span className="muted" data-testid="run-count">{data.total} run{data.total === 1 ? '' : 's'}{data.total > runs.length ? ` (showing the first ${runs.length})` : ''}</span>
        <span className="row"><Link className="button" href={href.newSweep(entity, project)}>New sweep</Link><Link className="button" href={href.artifacts(entity, project)}>Artifacts</Link></span>
      </div>
      {data.sweeps.length > 0 && (
        <div className="chips">
          Sweeps:
          {data.sweeps.map((s) => (
            <Link key={s.id} className="chip" href={href.sweep(entity, project, s.id)}>{s.name ?? s.id} <StateBadge state={s.state} /></Link>
          ))}
        </div>
      )}
      {empty ? <LogFirstRun project={project} /> : (
        <>
          <div className="toolbar">
            <input className="filter" aria-label="filter" placeholder="filter, e.g. lr > 0.01 and state = finished" value={expression}
              onChange={(e) => setExpression(e.target.value)} spellCheck={false} />
            <label className="muted">group by <select aria-label="group by" value={group} onChange={(e) => setGroup(e.target.value)}>
              <option value="">none</option>
              {columns.filter((c) => c.id === 'group' || c.id.startsWith('config.')).map((c) => <option key={c.id} value={c.id}>{c.id === 'group' ? 'group' : c.id.slice('config.'.length)}</option>)}
            </select></label>
            <ColumnPicker columns={columns} visible={visible.map((c) => c.id)} onChange={pick} />
            <button onClick={exportCsv} title="the filtered runs, sorted, with the columns shown">Export CSV</button>
            {selected.size > 0 && <button onClick={() => setSelected(new Set())}>Clear selection</button>}
            {selected.size > 0 && <button className="danger" onClick={() => setDeleting(true)}>Delete {selected.size} selected</button>}
            {deleting && <DeleteRuns runs={sorted.filter((r) => selected.has(r.id))} onClose={() => setDeleting(false)} onDeleted={(ids) => { setSelected(new Set([...selected].filter((id) => !ids.includes(id)))); reload(); }} />}
            <Link className={`button primary${selected.size < 1 ? ' disabled' : ''}`} aria-disabled={selected.size < 1}
              href={`${href.compare(entity, project, sorted.filter((r) => selected.has(r.id)).slice(0, MAX_COMPARED).map((r) => r.id))}${group ? `&group=${encodeURIComponent(group)}` : ''}`}>
              {selected.size > MAX_COMPARED ? `Compare the first ${MAX_COMPARED} of ${selected.size} selected` : `Compare ${selected.size} selected`}
            </Link>
          </div>
          {groups.length > 0 && (
            <div className="chips" data-testid="groups">
              {groups.length} groups by {group.replace(/^config\./, '')}:
              {groups.map(([name, count], g) => <span key={name} className="chip"><i className="swatch" style={{ background: colorAt(g) }} />{name} <span className="muted">{count}</span></span>)}
            </div>
          )}
          {filterError && <p className="error" role="alert">{filterError}</p>}
          {error && <p className="error">{error.message}</p>}
          {runs.length === 0 ? <p className="empty">No run matches this filter.</p> : (
            <RunsTable runs={sorted} columns={visible} sort={sort} onSort={setSort} selected={selected} onSelect={select}
              height={Math.min(Math.max(240, windowHeight - 300), Math.max(1, sorted.length) * 34)} colors={colors} />
          )}
          {runs.length > 0 && <Workspace entity={entity} project={project} runs={sorted} count={charted} onCount={setCharted} colors={colors} theme={theme} />}
        </>
      )}
    </div>
  );
}

/** The metrics of the project's sweeps (newest first, the first ten sweeps), read once per set of sweeps. */
function useSweepMetrics(entity: string, project: string, sweeps: SweepSummary[] | undefined): string[] {
  const [metrics, setMetrics] = useState<string[]>([]);
  const ids = (sweeps ?? []).slice(0, 10).map((s) => s.id).join(',');
  useEffect(() => {
    if (!ids) return;
    let alive = true;
    void Promise.all(ids.split(',').map((id) => api<Sweep>(paths.sweep(entity, project, id)).then((s) => s.metric?.name, () => undefined)))
      .then((names) => alive && setMetrics([...new Set(names.filter((n) => n !== undefined))]));
    return () => void (alive = false);
  }, [entity, project, ids]);
  return metrics;
}
