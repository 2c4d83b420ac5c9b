// Deleting a sweep after asking: its runs too only when ticked; while an agent still runs it, the
// dialog says to cancel it first (the server refuses it then, with 409).
import { useState } from 'react';
import { api, paths, type Sweep } from '../api.ts';
import { href, navigate } from '../route.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';

export function DeleteSweep({ sweep, onClose }: { sweep: Sweep; onClose: () => void }) {
  const [withRuns, setWithRuns] = useState(false);
  const runs = Object.values(sweep.runs).reduce((a, b) => a + b, 0);
  const agents = sweep.agents.filter((a) => a.state === 'RUNNING').length;
  const over = sweep.state === 'FINISHED' || sweep.state === 'CANCELED';
  const blocked = agents === 0 ? undefined : `${agents} agent${agents === 1 ? ' is' : 's are'} still running this sweep: ${over ? 'they exit at their next heartbeat; delete it then.' : 'cancel it first; they exit at their next heartbeat.'}`;
  const remove = async (): Promise<void> => {
    await api(`${paths.sweep(sweep.entity, sweep.project, sweep.id)}${withRuns ? '?runs=true' : ''}`, { method: 'DELETE' });
    navigate(href.project(sweep.entity, sweep.project));
  };
  return (
    <ConfirmDialog title={`Delete sweep ${sweep.name ?? sweep.id}?`} confirmLabel="Delete sweep" blocked={blocked} onConfirm={remove} onClose={onClose}>
      <p>The sweep, its config and its agents are deleted. This cannot be undone.</p>
      {runs > 0 && (
        <label>
          <input type="checkbox" checked={withRuns} onChange={(e) => setWithRuns(e.target.checked)} />
          Also delete its {runs} run{runs === 1 ? '' : 's'} with their history and files (otherwise they stay in the project)
        </label>
      )}
    </ConfirmDialog>
  );
}
