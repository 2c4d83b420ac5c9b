// A run's name, tags and notes edited in place on its page (PATCH /api/v1/runs/E/P/R, the rules
// wandb.Api's run.update() follows), and deleting the run after asking.
import { useState } from 'react';
import { api, paths, type Run } from '../api.ts';
import { href, navigate } from '../route.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';

/** Tags as typed: separated by commas. */
const parseTags = (text: string): string[] => text.split(',').map((t) => t.trim()).filter(Boolean);

export function RunEditor({ run, onSaved, onClose }: { run: Run; onSaved: (run: Run) => void; onClose: () => void }) {
  const [name, setName] = useState(run.name);
  const [tags, setTags] = useState(run.tags.join(', '));
  const [notes, setNotes] = useState(run.notes ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const save = async (): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      const body = { name, tags: parseTags(tags), notes: notes === '' ? null : notes };
      onSaved(await api<Run>(paths.run(run.entity, run.project, run.id), { method: 'PATCH', body: JSON.stringify(body) }));
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <form className="run-editor" aria-label="edit run" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label>Name <input value={name} onChange={(e) => setName(e.target.value)} autoFocus /></label>
      <label>Tags <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="baseline, augmented (separated by commas)" /></label>
      <label>Notes <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={4} placeholder="What this run tried, and what came of it" /></label>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>Save</button>
        <button type="button" onClick={onClose} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}

export function DeleteRun({ run, fileCount, onClose }: { run: Run; fileCount: number; onClose: () => void }) {
  const remove = async (): Promise<void> => {
    await api(paths.run(run.entity, run.project, run.id), { method: 'DELETE' });
    navigate(href.project(run.entity, run.project));
  };
  return (
    <ConfirmDialog title={`Delete run ${run.name}?`} confirmLabel="Delete run" onConfirm={remove} onClose={onClose}>
      <p>Its config, summary, {run.historyLineCount} history rows, console, system metrics, alerts and {fileCount} file{fileCount === 1 ? '' : 's'} are deleted. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
