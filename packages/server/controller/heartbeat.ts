// What an agent is told on each heartbeat (spec wandb-sweeps.md §5.2, §6.2): stop the runs that
// were asked to stop, exit when the sweep is over, otherwise one new run at a time. The next run
// comes from the pure search library; assignment is optimistic (see Store.assignSweepRun), so
// agents polling at once never receive the same run or overshoot run_cap.
import { createRng, loadSweepConfig, nextRuns, type JsonObject, type SweepConfig, type SweepRun } from '@sextant/sweeps';
import type { Agent, Run, Store, Sweep } from '../store/store.ts';
import { randomId, sweepRunName } from './names.ts';

export type Command = { type: 'run'; run_id: string; program: string | null; args: JsonObject } | { type: 'stop'; run_id: string } | { type: 'exit' };

const ACTIVE = new Set(['pending', 'running', 'preempting']);

export async function heartbeat(store: Store, agent: Agent, runState: Record<string, unknown>): Promise<Command[]> {
  await store.touchAgent(agent.id);
  const commands: Command[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const sweep = await store.getSweep(agent.sweep);
    if (!sweep) return [{ type: 'exit' }];
    const runs = await store.sweepRuns(agent.sweep);
    const mine = runs.filter((r) => r.agentId === agent.id && ACTIVE.has(r.state));
    const reported = Object.keys(runState).filter((id) => runState[id] === true);
    commands.length = 0;
    for (const run of runs) if (run.stopRequested && reported.includes(run.name)) commands.push({ type: 'stop', run_id: run.name });
    if (sweep.state === 'CANCELED') return [{ type: 'exit' }];
    const busy = reported.length > 0 || mine.some((r) => r.state === 'pending');
    if (sweep.state === 'FINISHED') return busy ? commands : [{ type: 'exit' }];
    if (sweep.state === 'PAUSED' || busy) return commands;

    const { config } = loadSweepConfig(sweep.config);
    if (!config) return [{ type: 'exit' }];
    if (config.run_cap !== undefined && sweep.runCount >= config.run_cap) return finish(store, sweep, runs, commands);
    const [suggestion] = nextRuns(config, runs.map(toSweepRun), 1, createRng(seedFor(config, sweep)));
    if (!suggestion) return finish(store, sweep, runs, commands);
    const name = randomId();
    if (await store.assignSweepRun(agent.sweep, sweep.runCount, { name, displayName: sweepRunName(sweep.runCount + 1), config: suggestion.config, agentId: agent.id })) {
      if (sweep.state === 'PENDING') await store.updateSweep(agent.sweep, { state: 'RUNNING' });
      return [...commands, { type: 'run', run_id: name, program: config.program ?? null, args: suggestion.config }];
    }
  }
  return commands;
}

/** The search space is used up (or run_cap reached): the sweep finishes once its runs end; agents exit. */
async function finish(store: Store, sweep: Sweep, runs: Run[], commands: Command[]): Promise<Command[]> {
  if (!runs.some((r) => ACTIVE.has(r.state))) await store.updateSweep(sweep, { state: 'FINISHED' });
  return [...commands, { type: 'exit' }];
}

/** Each assignment draws from its own stream: the sweep's seed and how many runs came before. */
function seedFor(config: SweepConfig, sweep: Sweep): number {
  return (config.seed ?? 0) * 1_000_003 + sweep.runCount;
}

/** The run as search sees it. Histories are not loaded: bayes uses the summary's value. */
function toSweepRun(run: Run): SweepRun {
  return { id: run.name, state: run.state, config: run.config as SweepRun['config'], summary: run.summary, history: [] };
}
