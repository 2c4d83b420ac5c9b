// A new sweep from its YAML: checked as you type (each problem with its line), previewed (the
// parameters, how many runs it plans, the first runs its search hands out) with the same library
// the server uses, then created through POST /api/v1/sweeps/E/P; the commands that start its agents.
import { useMemo, useState } from 'react';
import { api, paths, type Sweep } from '../api.ts';
import { href } from '../route.ts';
import { Link } from '../link.tsx';
import { formatNumber } from '../format.ts';
import { describe, previewSweep, STARTER } from '../sweep/preview.ts';
import type { Json } from '@sextant/sweeps';

const PREVIEW_RUNS = 10;

export function NewSweepPage({ entity, project }: { entity: string; project: string }) {
  const [text, setText] = useState(STARTER);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [created, setCreated] = useState<Sweep>();
  const preview = useMemo(() => previewSweep(text, PREVIEW_RUNS), [text]);
  const errors = preview.violations.filter((v) => v.severity === 'error');

  const create = async (): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      setCreated(await api<Sweep>(paths.sweeps(entity, project), { method: 'POST', body: JSON.stringify({ config: text, name: name.trim() || undefined }) }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (created) return <Created sweep={created} />;
  const config = preview.config;
  return (
    <div className="page" data-page="new-sweep">
      <div className="page-head"><h1>New sweep</h1><span className="muted">in {project}</span></div>
      <div className="two-columns">
        <section>
          <label className="field">Name <input aria-label="sweep name" value={name} placeholder={config?.name ?? 'optional'} onChange={(e) => setName(e.target.value)} /></label>
          <textarea className="sweep-yaml" aria-label="sweep config" spellCheck={false} rows={24} value={text} onChange={(e) => setText(e.target.value)} />
          <ul className="violations" data-testid="violations" aria-live="polite">
            {preview.violations.map((v, i) => <li key={i} className={v.severity}>{describe(v)}</li>)}
          </ul>
          <div className="row">
            <button className="primary" disabled={busy || errors.length > 0} onClick={() => void create()}>Create sweep</button>
            {errors.length > 0 && <span className="muted">{errors.length} error{errors.length === 1 ? '' : 's'} to fix first</span>}
            {error && <span className="error" role="alert">{error}</span>}
          </div>
        </section>
        <section data-testid="preview">
          <h2>Preview</h2>
          {!config ? <p className="empty">Nothing to preview until the config is valid.</p> : (
            <>
              <dl className="facts">
                <div><dt>Method</dt><dd>{config.method}</dd></div>
                <div><dt>Metric</dt><dd>{config.metric ? `${config.metric.goal} ${config.metric.name}` : 'none'}</dd></div>
                <div><dt>Runs</dt><dd data-testid="planned">{preview.expected === undefined ? 'until stopped' : formatNumber(preview.expected)}</dd></div>
                {config.early_terminate && <div><dt>Early stop</dt><dd>{config.early_terminate.type}</dd></div>}
              </dl>
              <table className="plain" data-testid="parameters">
                <thead><tr><th>Parameter</th><th>Kind</th></tr></thead>
                <tbody>{config.params.map((p) => <tr key={p.name}><td>{p.name}</td><td>{p.type.replaceAll('_', ' ')}</td></tr>)}</tbody>
              </table>
              {preview.problem ? <p className="error">{preview.problem}</p> : preview.parameters.length > 0 && (
                <>
                  <h3>The first {preview.runs.length} runs</h3>
                  {config.method !== 'grid' && <p className="muted small">Drawn with {config.seed === undefined ? 'a sample seed; the sweep gets its own' : `seed ${config.seed}`}.</p>}
                  <table className="plain" data-testid="preview-runs">
                    <thead><tr><th>#</th>{preview.parameters.map((p) => <th key={p}>{p}</th>)}</tr></thead>
                    <tbody>{preview.runs.map((row, i) => <tr key={i}><td className="num">{i + 1}</td>{row.map((v, j) => <td key={j} className={typeof v === 'number' ? 'num' : undefined}>{show(v)}</td>)}</tr>)}</tbody>
                  </table>
                </>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function Created({ sweep }: { sweep: Sweep }) {
  const path = `${sweep.entity}/${sweep.project}/${sweep.id}`;
  return (
    <div className="page" data-page="new-sweep">
      <div className="page-head"><h1>Sweep {sweep.id} created</h1></div>
      <div data-testid="created">
        <p>It waits for agents. Start one wherever the training script is:</p>
        <pre>{`wandb agent ${path}`}</pre>
        <p>or several on this machine at once:</p>
        <pre>{`sextant launch --sweep ${path} --jobs 4`}</pre>
        <p><Link className="button primary" href={href.sweep(sweep.entity, sweep.project, sweep.id)}>Open the sweep</Link></p>
      </div>
    </div>
  );
}

function show(v: Json): string {
  return typeof v === 'number' ? formatNumber(v) : typeof v === 'string' ? v : JSON.stringify(v);
}
