// What an agent is told on each heartbeat (docs/protocol/agents.md#heartbeat-commands, #sweep-states): stop the runs that
// were asked to stop, exit when the sweep is over, otherwise one new run at a time. The next runs
// come from the pure search library. Heartbeats of one sweep that arrive while its previous batch
// is being decided are decided together: one read of the sweep's runs, one transaction for all
// their new runs (group commit), so a crowd of agents does not queue behind one fsync each.
// Assignment is also optimistic (see Store.assignSweepRuns), for several servers on one database.
import { createRng, nextRuns, toRunConfig, valueKey, valueOf, type JsonObject, type RunConfig, type SweepConfig, type SweepRun } from '@sextant/sweeps';
import type { Agent, Run, Store, SweepAssignment, SweepKey } from '../store/store.ts';
import { randomId, sweepRunName } from './names.ts';
import { sweepConfig } from './sweep-config.ts';
import { sweepRuns } from './sweep-runs.ts';
import { ACTIVE } from './completion.ts';
import { SearchThread } from './search-thread.ts';

export type Command = { type: 'run'; run_id: string; program: string | null; args: JsonObject } | { type: 'stop'; run_id: string } | { type: 'exit' };

/**
 * How many times one run is handed to its agent before the agent's silence about it counts as a
 * failure. An agent that does not report a run it was given either never got the answer (the
 * connection dropped) or started it and saw it die before wandb.init; the run is handed out again,
 * so a network blip never loses a point, and a program that dies at once runs this often at most.
 * Counted in the database (Store.redeliverRun), so heartbeats through any server sharing it count.
 */
export const MAX_DELIVERIES = 3;
/**
 * An agent's heartbeat time is written at most this often by one app. When this app last wrote it
 * is its own memory and clock, never compared with the stored time, which is the database's.
 */
const TOUCH_EVERY_MS = 1000;
/** Past this many agents remembered, those not touched within TOUCH_EVERY_MS are forgotten. */
const TOUCHES_KEPT = 10_000;
/**
 * Turns of the event loop a batch waits for more of its sweep's beats: at least the first two, then
 * while each brings more, up to the last. A crowd's requests are read over a turn or two after the
 * one that brought the first beat; deciding that beat alone would make the rest wait for its disk
 * sync and then for their own.
 */
const GATHER_TURNS = { least: 2, most: 5 };

interface Beat {
  agent: Agent;
  /** The runs the agent says are alive (`runState` true). */
  reported: string[];
  /** The runs the agent says it stopped and that have ended (`runState` false: our agent's report). */
  ended: string[];
  resolve(commands: Command[]): void;
  reject(error: unknown): void;
}

/** The agents' heartbeats of one app; its batches are its own, so apps sharing a process never mix them. */
export class Heartbeats {
  readonly #store: Store;
  readonly #search: SearchThread;
  /** Per sweep, the heartbeats that arrived while a batch was being decided. */
  readonly #waiting = new Map<string, Beat[]>();
  /** Per agent, when this app last wrote its heartbeat time (Date.now()). */
  readonly #touched = new Map<string, number>();

  constructor(store: Store, search = new SearchThread()) {
    this.#store = store;
    this.#search = search;
  }

  /** Ends the search thread, if one started. */
  close(): Promise<void> {
    return this.#search.close();
  }

  async beat(agent: Agent, runState: Record<string, unknown>): Promise<Command[]> {
    const store = this.#store;
    await this.#touch(agent);
    const reported = Object.keys(runState).filter((id) => runState[id] === true);
    const ended = Object.keys(runState).filter((id) => runState[id] === false);
    const commands = await new Promise<Command[]>((resolve, reject) => {
      const key = `${agent.sweep.entity}/${agent.sweep.project}/${agent.sweep.name}`;
      const queue = this.#waiting.get(key);
      if (queue) return queue.push({ agent, reported, ended, resolve, reject });
      this.#waiting.set(key, [{ agent, reported, ended, resolve, reject }]);
      void this.#decideWaiting(key, agent.sweep);
    });
    if (commands.some((c) => c.type === 'exit')) await store.finishAgent(agent.id);
    return commands;
  }

  /**
   * An agent this app just created: its row was written with the heartbeat time, so its first beat
   * (a crowd of new agents beats at once) need not write it again.
   */
  registered(agent: Agent): void {
    this.#remember(agent.id, Date.now());
  }

  async #touch(agent: Agent): Promise<void> {
    const now = Date.now();
    if (agent.state === 'RUNNING' && now - (this.#touched.get(agent.id) ?? -Infinity) < TOUCH_EVERY_MS) return;
    this.#remember(agent.id, now);
    await this.#store.touchAgent(agent.id);
  }

  #remember(id: string, now: number): void {
    if (this.#touched.size >= TOUCHES_KEPT) {
      for (const [other, at] of this.#touched) if (now - at >= TOUCH_EVERY_MS) this.#touched.delete(other);
    }
    this.#touched.set(id, now);
  }

  /** Decides batches of the sweep's waiting heartbeats until none is left. */
  async #decideWaiting(key: string, sweep: SweepKey): Promise<void> {
    for (let batch = await this.#collect(key); batch.length > 0; batch = await this.#collect(key)) {
      try {
        const answers = await decide(this.#store, this.#search, sweep, batch);
        batch.forEach((beat, i) => beat.resolve(answers[i]));
      } catch (error) {
        batch.forEach((beat) => beat.reject(error));
      }
    }
    this.#waiting.delete(key);
  }

  /**
   * The sweep's waiting heartbeats, taken once the requests already received have been read (see
   * GATHER_TURNS): the SQLite store answers without yielding to I/O, so a batch taken at once would
   * hold only the beat that started it, and a crowd of agents would queue behind one disk sync each.
   */
  async #collect(key: string): Promise<Beat[]> {
    const waiting = this.#waiting.get(key)!;
    for (let turn = 0, seen = 0; turn < GATHER_TURNS.most && (turn < GATHER_TURNS.least || waiting.length > seen); turn++) {
      seen = waiting.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return waiting.splice(0);
  }
}

async function decide(store: Store, search: SearchThread, key: SweepKey, beats: Beat[]): Promise<Command[][]> {
  const answers: Command[][] = beats.map(() => []);
  /** Whether each unreported run was handed out again, counted once however often the batch is decided. */
  const resent = new Map<string, boolean>();
  for (let attempt = 0; attempt < 5; attempt++) {
    const sweep = await store.getSweep(key);
    if (!sweep) return beats.map(() => [{ type: 'exit' }]);
    const open = sweep.state === 'PENDING' || sweep.state === 'RUNNING';
    // Search needs all the sweep's runs; an agent that is busy only needs its own.
    const runs = open && beats.some((beat) => beat.reported.length === 0) ? await sweepRuns(store, key, sweep.runCount) : undefined;
    const config = sweepConfig(sweep.config);
    const idle: number[] = [];
    for (const [i, { agent, reported, ended }] of beats.entries()) {
      const own = runs
        ? runs.filter((run) => (run.agentId === agent.id && (run.state === 'pending' || (run.state === 'running' && run.stopRequested)))
          || reported.includes(run.name) || ended.includes(run.name))
        : await store.heartbeatRuns(key, agent.id, [...reported, ...ended]);
      const redelivered: Command[] = [];
      for (const run of own) {
        const mine = run.agentId === agent.id || ended.includes(run.name);
        if (!mine || reported.includes(run.name) || !ACTIVE.has(run.state)) continue;
        if (run.stopRequested || ended.includes(run.name)) {
          // Stopped (hyperband, a user, its agent) and its process is gone: killed, whether or not
          // the process said goodbye on file_stream.
          await endKilled(store, run);
          continue;
        }
        if (run.state !== 'pending') continue;
        // Given to this agent, not reported by it, never started (see MAX_DELIVERIES). A paused
        // sweep keeps it for later; an open one hands it out again; an ended one lets it go.
        if (sweep.state === 'PAUSED') continue;
        if (open && config) {
          if (!resent.has(run.name)) resent.set(run.name, await store.redeliverRun(run, MAX_DELIVERIES - 1));
          if (resent.get(run.name)) {
            redelivered.push({ type: 'run', run_id: run.name, program: config.program ?? null, args: run.config });
            continue;
          }
        }
        await store.finishRun(run, 'failed', null);
        run.state = 'failed';
      }
      const stops: Command[] = own.filter((run) => run.stopRequested && reported.includes(run.name)).map((run) => ({ type: 'stop', run_id: run.name }));
      // An agent reporting runs it stopped may be on its way out: it gets no new run on that beat.
      const busy = reported.length > 0 || ended.length > 0 || redelivered.length > 0;
      if (sweep.state === 'CANCELED') {
        // The agent kills its runs when told to exit.
        for (const run of own) if (reported.includes(run.name) && ACTIVE.has(run.state)) await endKilled(store, run);
        answers[i] = [{ type: 'exit' }];
      }
      else if (sweep.state === 'FINISHED') answers[i] = busy ? stops : [{ type: 'exit' }];
      else answers[i] = [...stops, ...redelivered];
      if (!busy && open) idle.push(i);
    }
    if (idle.length === 0 || !runs) return answers;

    if (!config) return answers.map((commands, i) => (idle.includes(i) ? [{ type: 'exit' }] : commands));
    const seen = runs.map(toSweepRun);
    const assigned: SweepAssignment[] = [];
    for (const i of idle) {
      const count = sweep.runCount + assigned.length;
      if ((config.run_cap !== undefined && count >= config.run_cap) || targetReached(config, seen)) break;
      const retry = retryConfig(config, seen);
      // Bayes's suggestions take long enough to stall every other request: they run on a thread.
      const seed = seedFor(config, count);
      const suggestion = retry ? { config: retry }
        : config.method === 'bayes' ? await search.suggest(config, seen, seed) : nextRuns(config, seen, 1, createRng(seed))[0];
      if (!suggestion) break;
      const run = { name: randomId(), displayName: sweepRunName(count + 1), config: suggestion.config, agentId: beats[i].agent.id };
      assigned.push(run);
      seen.push({ id: run.name, state: 'pending', config: run.config, summary: {}, history: [] });
    }
    if (assigned.length > 0 && !(await store.assignSweepRuns(key, sweep.runCount, assigned))) continue;
    // Agents left without a run: the search space is used up, run_cap or the target reached. The
    // sweep finishes once its runs end; those agents exit.
    if (assigned.length === 0 && !runs.some((r) => ACTIVE.has(r.state))) await store.updateSweep(key, { state: 'FINISHED' });
    idle.forEach((i, k) => {
      answers[i] = k < assigned.length
        ? [...answers[i], { type: 'run', run_id: assigned[k].name, program: config.program ?? null, args: assigned[k].config }]
        : [...answers[i], { type: 'exit' }];
    });
    return answers;
  }
  return answers;
}

/** A run whose process was (or is being) killed by its agent ends `killed`; a later file_stream `complete` keeps it so. */
async function endKilled(store: Store, run: Run): Promise<void> {
  if (!run.stopRequested) await store.requestStop(run);
  await store.finishRun(run, 'killed', null);
  run.stopRequested = true;
  run.state = 'killed';
}

/** `metric.target`: once a run's summary reaches it (at or below for minimize), no new runs start. */
function targetReached(config: SweepConfig, runs: SweepRun[]): boolean {
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
function retryConfig(config: SweepConfig, runs: SweepRun[]): RunConfig | undefined {
  if (!config.retry) return undefined;
  const values = (run: SweepRun) => config.params.map((p) => valueOf(run.config, p) ?? null);
  const attempts = new Map<string, SweepRun[]>();
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
function seedFor(config: SweepConfig, runCount: number): number {
  return (config.seed ?? 0) * 1_000_003 + runCount;
}

/** The run as search sees it. Histories are not loaded: bayes uses the summary's value. */
function toSweepRun(run: Run): SweepRun {
  return { id: run.name, state: run.state, config: run.config as SweepRun['config'], summary: run.summary, history: [] };
}
