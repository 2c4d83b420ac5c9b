// The one storage contract both backends implement (SQLite by default, PostgreSQL to scale out).
// Every method is a single atomic operation: a write that resolved is durable.
import type { JsonObject } from '@sextant/sweeps';

export interface User {
  id: number;
  username: string;
  admin: boolean;
}

export interface ApiKeyInfo {
  id: number;
  userId: number;
  /** The first characters of the key, to tell keys apart in listings. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export type RunState = 'running' | 'finished' | 'failed' | 'crashed' | 'killed' | 'pending' | 'preempted' | 'preempting';

/** Where a run lives: entity/project/name, name being the run id the client chose. */
export interface RunKey {
  entity: string;
  project: string;
  name: string;
}

export interface Run extends RunKey {
  agentId: string | null;
  displayName: string | null;
  state: RunState;
  config: JsonObject;
  summary: JsonObject;
  sweepName: string | null;
  groupName: string | null;
  jobType: string | null;
  notes: string | null;
  tags: string[];
  host: string | null;
  program: string | null;
  exitcode: number | null;
  stopRequested: boolean;
  historyLineCount: number;
  eventsLineCount: number;
  logLineCount: number;
  createdAt: string;
  updatedAt: string;
  heartbeatAt: string;
}

/** Fields a client may set when it creates or updates a run (UpsertBucket). */
export type RunPatch = Partial<Pick<Run, 'displayName' | 'state' | 'config' | 'summary' | 'sweepName' | 'groupName' | 'jobType' | 'notes' | 'tags' | 'host' | 'program'>>;

/** One line of a stream file; history and events lines carry their `_step` when they have one. */
export interface StreamLine {
  content: string;
  step?: number | null;
}

/** The line-addressed files of a run's stream. */
export type StreamFile = 'history' | 'events' | 'log';

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
  /** DEAD: it stopped heartbeating (see Store.buryAgents); a heartbeat brings it back. */
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

export interface Store {
  createUser(username: string, admin: boolean): Promise<User>;
  findUser(username: string): Promise<User | undefined>;
  addApiKey(userId: number, hash: string, prefix: string): Promise<ApiKeyInfo>;
  /** The user owning an unrevoked key with this hash. */
  userForKeyHash(hash: string): Promise<User | undefined>;
  listApiKeys(userId: number): Promise<ApiKeyInfo[]>;
  revokeApiKey(userId: number, keyId: number): Promise<boolean>;
  countUsers(): Promise<number>;

  /** Creates the run (and its project) or applies the patch to it; returns the stored run. */
  upsertRun(key: RunKey, patch: RunPatch): Promise<{ run: Run; inserted: boolean }>;
  getRun(key: RunKey): Promise<Run | undefined>;
  /** Whether the run exists and whether it was asked to stop: the cheap check file_stream makes on every request. */
  runStatus(key: RunKey): Promise<{ stopRequested: boolean; sweepName: string | null } | undefined>;
  listRuns(entity: string, project: string): Promise<Run[]>;
  listProjects(entity: string): Promise<Array<{ name: string; createdAt: string; runCount: number }>>;

  /**
   * Writes lines at `offset` (0-based line index) of a stream file: a line already stored at an
   * index is replaced, so a retried batch never duplicates or drops a line. Also refreshes the
   * run's heartbeat and line counts.
   */
  writeLines(key: RunKey, file: StreamFile, offset: number, lines: StreamLine[]): Promise<void>;
  readLines(key: RunKey, file: StreamFile, from: number, limit: number): Promise<string[]>;
  /** History or events rows with minStep <= _step < maxStep, ascending by step (then line). */
  readSteps(key: RunKey, file: StreamFile, minStep: number, maxStep: number): Promise<string[]>;
  /** The largest `_step` among the run's history rows, or undefined when there is none. */
  lastStep(key: RunKey): Promise<number | undefined>;
  /** Marks the run alive now (any file_stream request). */
  touchRun(key: RunKey): Promise<void>;
  finishRun(key: RunKey, state: RunState, exitcode: number | null): Promise<void>;
  requestStop(key: RunKey): Promise<boolean>;
  /**
   * Runs still `running` whose heartbeat is older than `before`, and sweep runs an agent received
   * but never started (its agent died), become `crashed`; returns them.
   */
  crashStaleRuns(before: Date): Promise<RunKey[]>;

  createSweep(sweep: Omit<Sweep, 'createdAt' | 'updatedAt' | 'runCount'>): Promise<Sweep>;
  getSweep(key: SweepKey): Promise<Sweep | undefined>;
  updateSweep(key: SweepKey, patch: { state?: SweepState; config?: string }): Promise<Sweep | undefined>;
  /** An entity's sweeps, newest first. */
  listSweeps(entity: string): Promise<Sweep[]>;
  sweepAgents(key: SweepKey): Promise<Agent[]>;
  /** The runs of a sweep given to this agent or named in `names`, in creation order. */
  agentRuns(key: SweepKey, agentId: string, names: string[]): Promise<Run[]>;
  /** The runs of a sweep, in creation order. */
  sweepRuns(key: SweepKey): Promise<Run[]>;
  createAgent(agent: Omit<Agent, 'createdAt' | 'heartbeatAt'>): Promise<Agent>;
  getAgent(id: string): Promise<Agent | undefined>;
  /** Records a heartbeat; an agent marked DEAD is RUNNING again. */
  touchAgent(id: string): Promise<void>;
  /** The agent was told to exit. */
  finishAgent(id: string): Promise<void>;
  /**
   * Agents still RUNNING whose last heartbeat is older than `before` end: with pending or running
   * runs they become DEAD and those runs crashed and asked to stop (an orphaned process then ends
   * itself); without, they left (--count, Ctrl-C) and become FINISHED. Returns the crashed runs.
   */
  buryAgents(before: Date): Promise<RunKey[]>;
  /**
   * Pre-creates sweep runs for agents, in order, only if the sweep has handed out exactly `expected`
   * runs so far: concurrent controllers (servers on one database) never assign twice on the same state.
   */
  assignSweepRuns(key: SweepKey, expected: number, runs: SweepAssignment[]): Promise<boolean>;

  close(): Promise<void>;
}
