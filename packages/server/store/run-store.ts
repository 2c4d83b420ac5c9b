// Runs, their projects, and the line-addressed stream files (history, events, log) a run writes.
import type { JsonObject } from '@sextant/sweeps';

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
  /** A 64-bit integer as W&B keeps it; beyond ±2^63 it is stored as the nearest end of that range. */
  step?: number | null;
}

/** The line-addressed files of a run's stream. */
export type StreamFile = 'history' | 'events' | 'log';

/**
 * Every write is atomic and durable once it resolved (touchRun aside). Reads
 * see every write that resolved before they were called.
 */
export interface RunStore {
  /**
   * On UpsertBucket (a client starts or updates a run) and when file_stream carries a summary:
   * creates the run (and its project) or applies the patch to it, in one transaction; returns the
   * stored run. Fields the patch leaves undefined keep their values.
   */
  upsertRun(key: RunKey, patch: RunPatch): Promise<{ run: Run; inserted: boolean }>;
  getRun(key: RunKey): Promise<Run | undefined>;
  /** On every file_stream request, the cheap check: whether the run exists and was asked to stop. */
  runStatus(key: RunKey): Promise<{ stopRequested: boolean; sweepName: string | null } | undefined>;
  /** A project's runs, oldest first (then by name). */
  listRuns(entity: string, project: string): Promise<Run[]>;
  /** An entity's projects, oldest first, with their run counts. */
  listProjects(entity: string): Promise<Array<{ name: string; createdAt: string; runCount: number }>>;
  /**
   * Polled by the dashboard's live view: a token that changes whenever anything the dashboard
   * shows of the project changes: a run added or updated (history, summary, state), a sweep added
   * or changed, an agent added or its state changed. Agent and run heartbeats leave it as it is.
   */
  projectVersion(entity: string, project: string): Promise<string>;

  /**
   * On file_stream: writes lines at `offset` (0-based line index, 64-bit) of a stream file in one
   * transaction. A line already stored at an index is replaced, so a retried batch never duplicates
   * or drops a line. Also refreshes the run's heartbeat and raises its line count to the end of
   * the batch (a retry of an older batch never lowers it).
   */
  writeLines(key: RunKey, file: StreamFile, offset: number, lines: StreamLine[]): Promise<void>;
  /** Up to `limit` lines from index `from` on, in line order (history paging, logs, early stopping). */
  readLines(key: RunKey, file: StreamFile, from: number, limit: number): Promise<string[]>;
  /** History or events rows with minStep <= _step < maxStep, ascending by step (then line): scans and charts. */
  readSteps(key: RunKey, file: StreamFile, minStep: number, maxStep: number): Promise<string[]>;
  /** The largest `_step` among the run's history rows, or undefined when there is none. */
  lastStep(key: RunKey): Promise<number | undefined>;
  /** On a file_stream request without lines: marks the run alive now. A liveness write: it may reach the disk only with the next durable write, so a power cut (not a crash of the server) may lose it. */
  touchRun(key: RunKey): Promise<void>;
  /** When the client reports its exit code, or a sweep run fails to start: sets the final state. */
  finishRun(key: RunKey, state: RunState, exitcode: number | null): Promise<void>;
  /**
   * When a user deletes a run (wandb.Api's run.delete()), in one transaction: the run with its
   * stream lines, alerts and the record of artifacts it used; the artifact versions it logged stay.
   * False when there was no such run.
   */
  deleteRun(key: RunKey): Promise<boolean>;
  /**
   * When the run raises an alert (`run.alert()`): appends it, a JSON object as text. Alerts of one
   * run raised at once each get their own place.
   */
  addRunAlert(key: RunKey, alert: string): Promise<void>;
  /** The run's alerts, oldest first. */
  runAlerts(key: RunKey): Promise<string[]>;
  /** When a run is to stop (early termination): its next file_stream answer says so. Whether it exists. */
  requestStop(key: RunKey): Promise<boolean>;
  /**
   * Periodically: runs still `running` or `pending` whose heartbeat is older than `before` become
   * `crashed` (`killed` when they were asked to stop), in one statement; returns them.
   */
  crashStaleRuns(before: Date): Promise<RunKey[]>;
}
