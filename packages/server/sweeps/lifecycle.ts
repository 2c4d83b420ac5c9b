// A sweep's life, whichever face asks: created PENDING (or in the state asked for), RUNNING once it
// hands out its first run, paused and resumed by a user, FINISHED when its search is used up or a
// user finishes it, CANCELED by a user. An ended sweep stays ended; only a PENDING one is reconfigured.
// A sweep is deleted once no agent runs it any more.
import { randomInt } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { loadSweepConfig, SEED_RANGE, withSeed, type SweepConfig, type Violation } from '@sextant/sweeps';
import type { Agent, Store, Sweep, SweepKey, SweepState } from '../store/store.ts';
import { ConflictError, RequestError } from '../errors.ts';
import { runDir } from '../files/run-files.ts';
import { randomId } from './names.ts';

/** The states a user may move a sweep to. */
export const SETTABLE: SweepState[] = ['RUNNING', 'PAUSED', 'FINISHED', 'CANCELED'];

/** The state a client names (in any case) if a user may set it. */
export function settableState(text: string): SweepState | undefined {
  const state = text.toUpperCase() as SweepState;
  return SETTABLE.includes(state) ? state : undefined;
}

export const isOver = (sweep: Sweep): boolean => sweep.state === 'FINISHED' || sweep.state === 'CANCELED';

/** The sweep config in `text` with its warnings; a config with errors is refused, every error named. */
export function checkedConfig(text: string): { config: SweepConfig; violations: Violation[] } {
  const { config, violations } = loadSweepConfig(text);
  if (!config) throw new RequestError(configErrors(violations));
  return { config, violations };
}

function configErrors(violations: Array<{ path: string; message: string; severity: string; line?: number }>): string {
  const errors = violations.filter((v) => v.severity === 'error');
  return `invalid sweep config: ${errors.map((v) => `${v.line ? `line ${v.line}: ` : ''}${v.path ? `${v.path}: ` : ''}${v.message}`).join('; ')}`;
}

/** A new sweep under a fresh 8-character id; its config text was checked by checkedConfig. */
export function createSweep(store: Store, sweep: { entity: string; project: string; displayName: string | null; config: string; state: SweepState }): Promise<Sweep> {
  return store.createSweep({ ...sweep, config: seeded(sweep.config), name: randomId() });
}

/** A config without `seed` gets its own, stored with it: each sweep draws its own points and can be replayed. */
const seeded = (config: string): string => withSeed(config, randomInt(SEED_RANGE));

/** A user's change of a sweep's state and/or config, written at once. */
export async function changeSweep(store: Store, sweep: Sweep, change: { state?: SweepState; config?: string }): Promise<Sweep> {
  if (change.state !== undefined && isOver(sweep)) throw new RequestError(`sweep ${sweep.name} is already ${sweep.state}`);
  if (change.config !== undefined) {
    if (sweep.state !== 'PENDING') throw new RequestError(`cannot reconfigure sweep ${sweep.name}: it has already started (${sweep.state})`);
    checkedConfig(change.config);
    change = { ...change, config: seeded(change.config) };
  }
  const updated = (await store.updateSweep(sweep, change)) as Sweep;
  if (change.state === 'CANCELED') {
    // Canceling kills the running runs (their agents do it on exit): each is asked to stop, so it
    // ends `killed` however its process goes.
    for (const run of await store.sweepRuns(sweep)) if (ACTIVE_RUN.has(run.state) && !run.stopRequested) await store.requestStop(run);
  }
  return updated;
}

const ACTIVE_RUN = new Set(['pending', 'running', 'preempting']);

/** A new agent of a sweep that has not ended. */
export async function registerAgent(store: Store, key: SweepKey, host: string): Promise<Agent> {
  const sweep = await store.getSweep(key);
  if (!sweep) throw new RequestError(`sweep ${key.entity}/${key.project}/${key.name} does not exist`);
  if (isOver(sweep)) throw new RequestError(`Sweep ${key.entity}/${key.project}/${key.name} is not running (${sweep.state})`);
  return store.createAgent({ id: randomId(12), sweep: key, host, state: 'RUNNING' });
}

/**
 * Deletes a sweep and its agents, with `withRuns` its runs and their files too (else they stay as
 * runs of no sweep); how many runs went. Refused while an agent still runs it: cancelling the sweep
 * tells its agents to exit at their next heartbeat, and then it can go.
 */
export async function deleteSweep(store: Store, filesDir: string, sweep: Sweep, withRuns: boolean): Promise<number> {
  const running = (await store.sweepAgents(sweep)).filter((agent) => agent.state === 'RUNNING').length;
  if (running > 0) {
    throw new ConflictError(`sweep ${sweep.entity}/${sweep.project}/${sweep.name} has ${running} running agent${running === 1 ? '' : 's'}: ${isOver(sweep)
      ? 'they exit at their next heartbeat, delete it then'
      : `cancel it first (sextant cancel ${sweep.entity}/${sweep.project}/${sweep.name}); its agents exit at their next heartbeat`}`);
  }
  const runs = (await store.deleteSweep(sweep, withRuns)) ?? [];
  await Promise.all(runs.map((run) => rm(runDir(filesDir, run), { recursive: true, force: true })));
  return runs.length;
}
