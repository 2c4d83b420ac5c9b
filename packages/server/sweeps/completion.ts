// A sweep whose agents left after it handed out its `run_cap` runs would otherwise stay RUNNING:
// only an idle agent's heartbeat (heartbeat.ts) finds it used up. So each time a sweep run ends
// (file_stream's exit, or crashed for silence) the sweep is checked here as well.
import type { RunKey, Store, SweepKey } from '../store/store.ts';
import { sweepConfig } from './sweep-config.ts';

/** The run states of a run that has not ended. */
export const ACTIVE = new Set(['pending', 'running', 'preempting']);

/** FINISHED if the sweep is open, has handed out `run_cap` runs and none of them is still active. */
export async function finishIfUsedUp(store: Store, key: SweepKey): Promise<boolean> {
  const sweep = await store.getSweep(key);
  if (!sweep || (sweep.state !== 'RUNNING' && sweep.state !== 'PENDING')) return false;
  const cap = sweepConfig(sweep.config)?.run_cap;
  if (cap === undefined || sweep.runCount < cap) return false;
  if ((await store.sweepRuns(key)).some((run) => ACTIVE.has(run.state))) return false;
  await store.updateSweep(key, { state: 'FINISHED' });
  return true;
}

/** finishIfUsedUp for the sweeps of runs that just ended (each sweep once). */
export async function finishSweepsOf(store: Store, ended: RunKey[]): Promise<void> {
  const sweeps = new Map<string, SweepKey>();
  for (const key of ended) {
    const sweep = (await store.runStatus(key))?.sweepName;
    if (sweep) sweeps.set(JSON.stringify([key.entity, key.project, sweep]), { entity: key.entity, project: key.project, name: sweep });
  }
  for (const key of sweeps.values()) await finishIfUsedUp(store, key);
}
