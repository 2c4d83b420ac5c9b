// Sweeps, the agents that run them, and the sweep runs the controller hands out.
import type { JsonObject } from '@sextant/sweeps';
import type { Run, RunKey } from './run-store.ts';

export type SweepState = 'PENDING' | 'RUNNING' | 'PAUSED' | 'FINISHED' | 'CANCELED';

/** A sweep lives in entity/project; `name` is its 8-character id. */
export interface SweepKey {
  entity: string;
  project: string;
  name: string;
}

export interface Sweep extends SweepKey {
  displayName: string | null;
  /** The config as YAML text, as clients send and read it. */
  config: string;
  state: SweepState;
  /** Runs handed out so far; also the optimistic-concurrency token of assignment. */
  runCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Agent {
  id: string;
  sweep: SweepKey;
  host: string;
  /** DEAD: it stopped heartbeating (see SweepStore.buryAgents); a heartbeat brings it back. */
  state: 'RUNNING' | 'FINISHED' | 'DEAD';
  createdAt: string;
  heartbeatAt: string;
}

export interface SweepAssignment {
  name: string;
  displayName: string;
  config: JsonObject;
  agentId: string;
}

/**
 * Every write is atomic and durable once it resolved (touchAgent aside). Several servers may share
 * one PostgreSQL database: assignment and burial stay correct when they race.
 */
export interface SweepStore {
  /** On UpsertSweep (`wandb sweep`): creates the sweep and its project in one transaction. */
  createSweep(sweep: Omit<Sweep, 'createdAt' | 'updatedAt' | 'runCount'>): Promise<Sweep>;
  getSweep(key: SweepKey): Promise<Sweep | undefined>;
  /**
   * When a user pauses, resumes, stops or edits a sweep, and when the controller starts or
   * finishes it: sets what the patch gives; the updated sweep, or undefined when there is none.
   */
  updateSweep(key: SweepKey, patch: { state?: SweepState; config?: string }): Promise<Sweep | undefined>;
  /**
   * When a user deletes a sweep, in one transaction: the sweep and its agents; with `withRuns` its
   * runs too (their stream lines, alerts and the record of artifacts they used), else its runs stay
   * as runs of no sweep. The deleted runs (none without `withRuns`), or undefined when there was no
   * such sweep.
   */
  deleteSweep(key: SweepKey, withRuns: boolean): Promise<RunKey[] | undefined>;
  /** An entity's sweeps, newest first. */
  listSweeps(entity: string): Promise<Sweep[]>;
  /** The runs of every sweep of an entity (the sweeps list), or of one sweep, counted by state in one read. */
  sweepRunStates(scope: string | SweepKey): Promise<Array<{ project: string; sweep: string; state: string; count: number }>>;
  /** Every agent of an entity's sweeps, oldest first. */
  entityAgents(entity: string): Promise<Agent[]>;
  /** A sweep's agents, oldest first. */
  sweepAgents(key: SweepKey): Promise<Agent[]>;
  /**
   * On a busy agent's heartbeat: its pending runs, its running runs that were asked to stop, and
   * the runs it reports (`names`), in creation order.
   */
  heartbeatRuns(key: SweepKey, agentId: string, names: string[]): Promise<Run[]>;
  /** The controller's incremental read: the sweep's runs changed (state, config, summary, stop) at or after `since` (ISO time). */
  sweepRunsChangedSince(key: SweepKey, since: string): Promise<Run[]>;
  /** The runs of a sweep, in creation order (the order search suggested them in). */
  sweepRuns(key: SweepKey): Promise<Run[]>;
  /** When `wandb agent` registers (CreateAgent). */
  createAgent(agent: Omit<Agent, 'createdAt' | 'heartbeatAt'>): Promise<Agent>;
  getAgent(id: string): Promise<Agent | undefined>;
  /**
   * On an agent's heartbeat (at most every few seconds): records it, and an agent marked DEAD is
   * RUNNING again. A liveness write: a power cut (not a server crash) may lose the last few.
   */
  touchAgent(id: string): Promise<void>;
  /** When the agent was told to exit. */
  finishAgent(id: string): Promise<void>;
  /**
   * Periodically, in one transaction: agents still RUNNING silent for `silentForMs` by the
   * database's clock end. With pending or running runs they become DEAD and those runs crashed and asked to
   * stop (an orphaned process then ends itself); without, they left (--count, Ctrl-C) and become
   * FINISHED. Returns the crashed runs. Two servers burying at once bury each agent once.
   */
  buryAgents(silentForMs: number): Promise<RunKey[]>;
  /**
   * On the heartbeat of an agent that does not report a pending run it was given: counts one more
   * delivery of the run if it was handed out again fewer than `maxRedeliveries` times, atomically,
   * so servers sharing the database share the count. Whether to hand it out again.
   */
  redeliverRun(run: RunKey, maxRedeliveries: number): Promise<boolean>;
  /**
   * On an idle agent's heartbeat: pre-creates sweep runs for agents, in order, in one transaction,
   * only if the sweep has handed out exactly `expected` runs so far: concurrent controllers (servers
   * on one database) never assign twice on the same state. A PENDING sweep starts RUNNING in the
   * same transaction (any other state is left as it is). Whether the runs were created.
   */
  assignSweepRuns(key: SweepKey, expected: number, runs: SweepAssignment[]): Promise<boolean>;
}
