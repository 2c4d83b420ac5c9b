// One run: its overview (name, tags and notes editable; the run deletable), a chart per metric
// (x = _step, _runtime or any key; smoothing; log scale; zoom), its media, its system metrics, config
// and summary, the tail of its console, its files, and the artifacts it logged and used.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, download, paths, type History, type Run, type RunFile } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href, replaceSearch } from '../route.ts';
import { readChartSettings, writeChartSettings } from '../view-state.ts';
import { Link } from '../link.tsx';
import { age, formatBytes, formatDuration, formatTime } from '../format.ts';
import { KeyValues } from '../key-values.tsx';
import { StateBadge } from '../runs/state-badge.tsx';
import { runtime } from '../runs/columns.ts';
import { LineChart, type ChartLine } from '../charts/line-chart.tsx';
import { ChartControls, type ChartSettings } from '../charts/chart-controls.tsx';
import { smooth } from '../charts/smoothing.ts';
import { colorAt } from '../theme.ts';
import { SystemCharts } from '../charts/system-charts.tsx';
import { MediaSection } from '../media/media-section.tsx';
import { RunArtifacts } from '../artifacts/run-artifacts.tsx';
import { DeleteRun, RunEditor } from '../runs/run-editor.tsx';
import { Unloaded } from '../not-found.tsx';

const CONSOLE_LINES = 1000;

export function RunPage({ entity, project, run: id, theme }: { entity: string; project: string; run: string; theme: string }) {
  const [settings, setSettings] = useState<ChartSettings>(() => readChartSettings(new URLSearchParams(location.search)));
  useEffect(() => replaceSearch(writeChartSettings(settings, new URLSearchParams(location.search))), [settings]);
  const base = paths.run(entity, project, id);
  const run = usePoll(() => api<Run>(base), [base]);
  const version = run.data ? `${run.data.historyLineCount}|${run.data.state}` : '';
  const history = usePoll(() => api<History>(`${base}/history?x=${encodeURIComponent(settings.x)}&points=1000`), [base, settings.x, version]);
  const files = usePoll(() => api<{ files: RunFile[] }>(`${base}/files`), [base]);
  const consoleLines = useConsoleTail(base);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [saved, setSaved] = useState<Run>();

  // Until the history against a newly chosen x arrives, the charts keep the old one under its own x.
  const x = history.data?.x ?? settings.x;
  const charts = useMemo(() => Object.entries(history.data?.series ?? {}).filter(([key]) => key !== x), [history.data, x]);
  if (!run.data) return <Unloaded error={run.error} loading="Loading run…" back={{ href: href.project(entity, project), label: `${project}'s runs` }} />;
  // An edit shows at once; the next poll brings the same.
  const r = saved && saved.updatedAt >= run.data.updatedAt ? saved : run.data;
  const xChoices = ['_step', '_runtime', '_timestamp', settings.x, ...Object.keys(history.data?.series ?? {})];

  return (
    <div className="page">
      <div className="page-head">
        <h1>{r.name}</h1>
        <StateBadge state={r.state} />
        <span className="muted">{r.id}</span>
        <div className="row">
          <button onClick={() => setEditing(true)} disabled={editing}>Edit</button>
          <button className="danger" onClick={() => setDeleting(true)}>Delete</button>
        </div>
      </div>
      {editing
        ? <RunEditor run={r} onSaved={(edited) => { setSaved(edited); setEditing(false); }} onClose={() => setEditing(false)} />
        : r.notes && <p className="run-notes" data-testid="run-notes">{r.notes}</p>}
      {deleting && <DeleteRun run={r} fileCount={files.data?.files.length ?? 0} onClose={() => setDeleting(false)} />}
      <dl className="facts" data-testid="run-facts">
        <div><dt>Created</dt><dd>{formatTime(r.createdAt)}</dd></div>
        {runtime(r) !== undefined && <div><dt>Runtime</dt><dd>{formatDuration(runtime(r)!)}</dd></div>}
        <div><dt>Last heartbeat</dt><dd>{age(r.heartbeatAt)} ago</dd></div>
        {r.sweep && <div><dt>Sweep</dt><dd><Link href={href.sweep(entity, project, r.sweep)}>{r.sweep}</Link></dd></div>}
        {r.group && <div><dt>Group</dt><dd>{r.group}</dd></div>}
        {r.jobType && <div><dt>Job type</dt><dd>{r.jobType}</dd></div>}
        {r.host && <div><dt>Host</dt><dd>{r.host}</dd></div>}
        {r.program && <div><dt>Command</dt><dd><code>{r.program}</code></dd></div>}
        {r.exitcode !== null && <div><dt>Exit code</dt><dd>{r.exitcode}</dd></div>}
        {r.tags.length > 0 && <div><dt>Tags</dt><dd>{r.tags.join(', ')}</dd></div>}
        <div><dt>History</dt><dd>{r.historyLineCount} rows</dd></div>
      </dl>

      <section>
        <div className="section-head">
          <h2>Charts</h2>
          <ChartControls settings={settings} onChange={setSettings} xChoices={[...new Set(xChoices)]} />
        </div>
        {history.error && <p className="error">{history.error.message}</p>}
        {history.data && charts.length === 0 && <p className="empty">No metrics logged yet: <code>wandb.log({'{"loss": 0.5}'})</code> in the run adds a chart here.</p>}
        <div className="charts" aria-busy={x !== settings.x}>
          {charts.map(([key, series]) => {
            const lines: ChartLine[] = settings.smoothing > 0
              ? [{ label: `${key} (raw)`, x: series.x, y: series.y, color: colorAt(0), faint: true }, { label: key, x: series.x, y: smooth(series.y, settings.smoothing), color: colorAt(0) }]
              : [{ label: key, x: series.x, y: series.y, color: colorAt(0) }];
            return <LineChart key={key} title={key} lines={lines} xLabel={x} yScale={settings.yScale} theme={theme} syncKey={`run:${id}`} />;
          })}
        </div>
      </section>

      <MediaSection base={base} entity={entity} project={project} />

      <SystemCharts base={base} theme={theme} />

      <div className="two-columns">
        <section><h2>Config</h2><KeyValues values={r.config} /></section>
        <section><h2>Summary</h2><KeyValues values={Object.fromEntries(Object.entries(r.summary).filter(([k]) => !k.startsWith('_')))} /></section>
      </div>

      <section>
        <h2>Console</h2>
        {consoleLines.length === 0 ? <p className="empty">Nothing printed yet.</p> : <ConsoleTail lines={consoleLines} />}
      </section>

      <section>
        <h2>Files</h2>
        {(files.data?.files.length ?? 0) === 0 ? <p className="empty">No files saved yet (<code>wandb.save("model.pt")</code> uploads one).</p> : (
          <table className="plain">
            <thead><tr><th>Name</th><th>Size</th><th>Updated</th><th /></tr></thead>
            <tbody>
              {files.data!.files.map((f) => (
                <tr key={f.name}>
                  <td>{f.name}</td><td className="num">{formatBytes(f.size)}</td><td>{formatTime(f.updatedAt)}</td>
                  <td><button onClick={() => void download(f)}>Download</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <RunArtifacts base={base} />
    </div>
  );
}

/** The console, kept scrolled to its newest line unless the reader scrolled up. */
function ConsoleTail({ lines }: { lines: string[] }) {
  const box = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  useEffect(() => {
    if (box.current && following.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);
  const onScroll = (): void => {
    const el = box.current!;
    following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
  };
  return <pre ref={box} className="console" data-testid="console" onScroll={onScroll}>{lines.join('\n')}</pre>;
}

/** The last CONSOLE_LINES console lines, read forward from where the last poll stopped. */
function useConsoleTail(base: string): string[] {
  const tail = useRef<{ base: string; next: number; lines: string[] }>({ base, next: 0, lines: [] });
  const polled = usePoll(async () => {
    if (tail.current.base !== base) tail.current = { base, next: 0, lines: [] };
    for (;;) {
      const page = await api<{ lines: string[]; next: number }>(`${base}/console?from=${tail.current.next}&limit=${CONSOLE_LINES}`);
      tail.current.lines = [...tail.current.lines, ...page.lines].slice(-CONSOLE_LINES);
      tail.current.next = page.next;
      if (page.lines.length < CONSOLE_LINES) return tail.current.lines;
    }
  }, [base]);
  return polled.data ?? [];
}
