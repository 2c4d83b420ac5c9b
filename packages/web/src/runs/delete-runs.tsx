// Deleting the runs ticked in the project's table, after asking: one DELETE per run, in order; a
// failure stops there and says which run it was, the runs deleted so far untick.
import { api, paths, type Run } from '../api.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';

const LISTED = 10;

export function DeleteRuns({ runs, onDeleted, onClose }: { runs: Run[]; onDeleted: (ids: string[]) => void; onClose: () => void }) {
  const remove = async (): Promise<void> => {
    const deleted: string[] = [];
    for (const run of runs) {
      try {
        await api(paths.run(run.entity, run.project, run.id), { method: 'DELETE' });
        deleted.push(run.id);
      } catch (e) {
        onDeleted(deleted);
        throw new Error(`run ${run.name} (${run.id}): ${(e as Error).message}`);
      }
    }
    onDeleted(deleted);
    onClose();
  };
  return (
    <ConfirmDialog title={`Delete ${runs.length} run${runs.length === 1 ? '' : 's'}?`} confirmLabel={`Delete ${runs.length} run${runs.length === 1 ? '' : 's'}`} onConfirm={remove} onClose={onClose}>
      <p>With their history, console, system metrics, alerts and files. This cannot be undone.</p>
      <ul className="muted" data-testid="deleted-runs">
        {runs.slice(0, LISTED).map((run) => <li key={run.id}>{run.name}</li>)}
        {runs.length > LISTED && <li>and {runs.length - LISTED} more</li>}
      </ul>
    </ConfirmDialog>
  );
}
