// Pause, resume, stop (running runs end, no new ones start) and cancel (agents exit at once) a sweep:
// only the actions that apply to its state. A PENDING sweep has not started (no agent asked for a
// run yet): there is nothing to resume or to let finish, so it can only be paused or canceled. Any
// sweep can be deleted once no agent runs it.
import { useState } from 'react';
import { api, paths, type Sweep } from '../api.ts';
import { DeleteSweep } from './delete-sweep.tsx';

const ACTIONS: Array<{ label: string; state: string; when: string[]; confirm?: string }> = [
  { label: 'Pause', state: 'PAUSED', when: ['PENDING', 'RUNNING'] },
  { label: 'Resume', state: 'RUNNING', when: ['PAUSED'] },
  { label: 'Stop', state: 'FINISHED', when: ['RUNNING', 'PAUSED'], confirm: 'Stop this sweep? Agents finish their current runs and get no new ones.' },
  { label: 'Cancel', state: 'CANCELED', when: ['PENDING', 'RUNNING', 'PAUSED'], confirm: 'Cancel this sweep? Its agents exit at once, ending the runs they are running.' },
];

export function SweepControls({ sweep, onChange }: { sweep: Sweep; onChange: (sweep: Sweep) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [deleting, setDeleting] = useState(false);
  const act = async (state: string, confirmText?: string): Promise<void> => {
    if (confirmText && !window.confirm(confirmText)) return;
    setBusy(true);
    setError('');
    try {
      onChange(await api<Sweep>(`${paths.sweep(sweep.entity, sweep.project, sweep.id)}/state`, { method: 'POST', body: JSON.stringify({ state }) }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="row">
      {ACTIONS.filter((a) => a.when.includes(sweep.state)).map((a) => (
        <button key={a.state} disabled={busy} className={a.state === 'CANCELED' ? 'danger' : undefined} onClick={() => void act(a.state, a.confirm)}>{a.label}</button>
      ))}
      <button className="danger" onClick={() => setDeleting(true)}>Delete</button>
      {deleting && <DeleteSweep sweep={sweep} onClose={() => setDeleting(false)} />}
      {error && <span className="error" role="alert">{error}</span>}
    </div>
  );
}
