// What an agent is told on each heartbeat (spec wandb-sweeps.md §5.2, §6.2): stop the runs that
// were asked to stop, exit when the sweep is over, otherwise one new run at a time. The next run
// comes from the pure search library; assignment is optimistic (see Store.assignSweepRun), so
// agents polling at once never receive the same run or overshoot run_cap.
import { createRng, nextRuns, toRunConfig, valueKey, valueOf, type JsonObject, type RunConfig, type SweepConfig, type SweepRun } from '@sextant/sweeps';
import type { Agent, Run, Store, Sweep } from '../store/store.ts';
import { randomId, sweepRunName } from './names.ts';
import { sweepConfig } from './sweep-config.ts';

export type Command = { type: 'run'; run_id: string; program: string | null; args: JsonObject } | { type: 'stop'; run_id: string } | { type: 'exit' };

const ACTIVE = new Set(['pending', 'running', 'preempting']);

export async function heartbeat(store: Store, agent: Agent, runState: Record<string, unknown>): Promise<Command[]> {
  await store.touchAgent(agent.id);
  const commands = await decide(store, agent, runState);
  if (commands.some((c) => c.type === 'exit')) await store.finishAgent(agent.id);
  return commands;
}

async function decide(store: Store, agent: Agent, runState: Record<string, unknown>): Promise<Command[]> {
  const commands: Command[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const sweep = await store.getSweep(agent.sweep);
    if (!sweep) return [{ type: 'exit' }];
    const runs = await store.sweepRuns(agent.sweep);
    const reported = Object.keys(runState).filter((id) => runState[id] === true);
    // A run this agent was given that it no longer reports, and whose process never reached the
    // server, ended before wandb.init: it failed.
    for (const run of runs) {
      if (run.agentId === agent.id && run.state === 'pending' && !reported.includes(run.name)) await store.finishRun(run, 'failed', null);
    }
    commands.length = 0;
    for (const run of runs) if (run.stopRequested && reported.includes(run.name)) commands.push({ type: 'stop', run_id: run.name });
    if (sweep.state === 'CANCELED') return [{ type: 'exit' }];
    const busy = reported.length > 0;
    if (sweep.state === 'FINISHED') return busy ? commands : [{ type: 'exit' }];
    if (sweep.state === 'PAUSED' || busy) return commands;

    const config = sweepConfig(sweep.config);
    if (!config) return [{ type: 'exit' }];
    if (config.run_cap !== undefined && sweep.runCount >= config.run_cap) return finish(store, sweep, runs, commands);
    if (targetReached(config, runs)) return finish(store, sweep, runs, commands);
    const retry = retryConfig(config, runs);
    const [suggestion] = retry ? [{ config: retry }] : nextRuns(config, runs.map(toSweepRun), 1, createRng(seedFor(config, sweep)));
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

/** `metric.target`: once a run's summary reaches it (at or below for minimize), no new runs start. */
function targetReached(config: SweepConfig, runs: Run[]): boolean {
  const metric = config.metric;
  if (!metric || metric.target === undefined) return false;
  const target = metric.target;
  return runs.some((run) => {
    const value = run.summary[metric.name];
    return typeof value === 'number' && (metric.goal === 'maximize' ? value >= target : value <= target);
  });
}

/**
 * Our `retry: {max}`: the parameters of a crashed or failed run are handed out again, before new
 * suggestions, while every run with those parameters has failed and there were at most `max`
 * retries. Parameters are compared with the same identity as grid de-duplication.
 */
function retryConfig(config: SweepConfig, runs: Run[]): RunConfig | undefined {
  if (!config.retry) return undefined;
  const values = (run: Run) => config.params.map((p) => valueOf(run.config as RunConfig, p) ?? null);
  const attempts = new Map<string, Run[]>();
  for (const run of runs) {
    const key = valueKey(values(run));
    attempts.set(key, [...(attempts.get(key) ?? []), run]);
  }
  for (const group of attempts.values()) {
    const allFailed = group.every((r) => r.state === 'failed' || r.state === 'crashed');
    // Rebuilt from the parameters: what the run's own process added to its config (_wandb…) stays out.
    if (allFailed && group.length <= config.retry.max) return toRunConfig(config.params, values(group[0]));
  }
  return undefined;
}

/** Each assignment draws from its own stream: the sweep's seed and how many runs came before. */
function seedFor(config: SweepConfig, sweep: Sweep): number {
  return (config.seed ?? 0) * 1_000_003 + sweep.runCount;
}

/** The run as search sees it. Histories are not loaded: bayes uses the summary's value. */
function toSweepRun(run: Run): SweepRun {
  return { id: run.name, state: run.state, config: run.config as SweepRun['config'], summary: run.summary, history: [] };
}
