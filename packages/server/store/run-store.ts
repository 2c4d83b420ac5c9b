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

/**
 * An append's lines produced part by part as they are checked, so that a store may write a part
 * while the next is being checked. Reading a part may throw (a line refused): then nothing of the
 * append is written.
 */
export interface LineParts {
  parts: Iterable<StreamLine[]>;
  /**
   * What is written with the lines, read once every part has been: file_stream knows it only once
   * the whole request is parsed, which its first part does not wait for. Without it, appendLines's
   * own `summary` and `others`.
   */
  rest?(): AppendRest;
}

/** What an append writes beside its lines. */
export interface AppendRest {
  /** The run's summary from now on. */
  summary?: JsonObject;
  /** The lines of the request's other files (the client sends console and system metrics with its history). */
  others?: FileLines[];
}

/** Lines of one file at an offset, checked whole. */
export interface FileLines {
  file: StreamFile;
  offset: number;
  lines: StreamLine[];
}

/** RunStore.appendLines's arguments, `rest` given by `lines`. */
export interface PartedAppend {
  key: RunKey;
  file: StreamFile;
  offset: number;
  lines: Required<LineParts>;
}

/** Lines given whole, as parts, with what is written beside them. */
export const asParts = (lines: StreamLine[], rest: AppendRest = {}): Required<LineParts> => ({ parts: [lines], rest: () => rest });

/** Every line of an append, its parts read now. */
export function wholeLines(lines: StreamLine[] | LineParts): StreamLine[] {
  return Array.isArray(lines) ? lines : [...lines.parts].flat();
}

/**
 * Thrown inside an append's transaction when what came with its last part is refused (an other
 * file's offset past the lines the run holds): its lines are rolled back, and it is answered as
 * refused.
 */
export class RefusedAppend extends Error {
  constructor() {
    super('the append was refused: an offset is past the lines the run holds');
  }
}

/** The line-addressed files of a run's stream. */
export type StreamFile = 'history' | 'events' | 'log';

/** Run columns a filter or an order may read; `tags` is a list of strings, the others text or null. */
export type RunColumn = 'name' | 'display_name' | 'state' | 'created_at' | 'heartbeat_at' | 'tags' | 'group_name' | 'job_type' | 'host' | 'sweep_name' | 'entity';

/**
 * Where a filter or an order reads a run's value: a column, or a path into its config or summary.
 * A document field with several paths takes the first one present (`config.lr` is `lr.value`).
 */
export type RunField = { column: RunColumn } | { document: 'config' | 'summary'; paths: string[][] };

/** A scalar a condition compares with. */
export type RunScalar = string | number | boolean | null;

/**
 * A condition on runs. `equals` holds when the value is the scalar (JSON equality: a string is
 * never a number) or is a list holding it; `compare` holds only between two numbers or two strings
 * (strings by code point); `present` when the value is there and not null; `list` when it is a list.
 * Non-finite numbers read as null (NaN) and as the largest double (±Infinity).
 */
export type RunCondition =
  | { all: RunCondition[] }
  | { any: RunCondition[] }
  | { not: RunCondition }
  | { field: RunField; equals: RunScalar }
  | { field: RunField; compare: 'gt' | 'gte' | 'lt' | 'lte'; value: number | string }
  | { field: RunField; present: true }
  | { field: RunField; list: true };

/**
 * The order of a run listing: by the field's kind (numbers, then strings, then other values, then
 * runs lacking it), then its value (in `descending` order), then creation time, then name
 * (ascending). By creation time itself, ties go by name in the same direction.
 */
export interface RunOrder {
  field: RunField;
  descending: boolean;
}

/** Where a page of runs continues after: the previous page's last run's sort key. */
export interface RunCursor {
  kind: number;
  value: number | string | null;
  createdAt: string;
  name: string;
}

export interface RunQuery {
  where: RunCondition;
  order: RunOrder;
  after?: RunCursor;
  limit?: number;
}

/** What file_stream tells the client after a write: whether the run was asked to stop, and its sweep. */
export interface RunStatus {
  stopRequested: boolean;
  sweepName: string | null;
}

/**
 * Every write is atomic and durable once it resolved (touchRun aside). Reads
 * see every write that resolved before they were called. Heartbeat and update times come from the
 * database's clock, so servers sharing one database agree on them whatever their own clocks say.
 */
export interface RunStore {
  /**
   * On UpsertBucket (a client starts or updates a run) and when file_stream carries a summary:
   * creates the run (and its project) or applies the patch to it, in one transaction; returns the
   * stored run. Fields the patch leaves undefined keep their values.
   */
  upsertRun(key: RunKey, patch: RunPatch): Promise<{ run: Run; inserted: boolean }>;
  getRun(key: RunKey): Promise<Run | undefined>;
  /**
   * On every file_stream request, the cheap check: whether the run exists, was asked to stop, and
   * how many lines each of its stream files holds (lines are written in order, so no line is missing below).
   */
  runStatus(key: RunKey): Promise<(RunStatus & { lineCounts: Record<StreamFile, number> }) | undefined>;
  /** A project's runs, oldest first (then by name). */
  listRuns(entity: string, project: string): Promise<Run[]>;
  /**
   * Runs of a project meeting `where`, in `order`, after the cursor `after`, at most `limit` (all
   * when undefined), each with its own cursor.
   */
  queryRuns(entity: string, project: string, query: RunQuery): Promise<Array<{ run: Run; cursor: RunCursor }>>;
  /** How many runs of a project meet `where`. */
  countRuns(entity: string, project: string, where: RunCondition): Promise<number>;
  /** A project, if it holds anything: a read of the project alone, whatever its runs. */
  getProject(entity: string, project: string): Promise<{ name: string; createdAt: string } | undefined>;
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
  /**
   * file_stream's usual request, lines of one file: writeLines with runStatus's checks in the same
   * transaction (one statement on PostgreSQL, which appends of other runs may share). Writes only
   * when the run exists and holds at least `offset` lines of `file`, and then returns its status;
   * otherwise writes nothing, undefined. With `summary`, the run's summary becomes it in the same
   * transaction (the wandb client sends its summary with its lines: one commit, one sync), and so
   * are the lines of `others`, other files, each only if the run holds the lines before its offset.
   * Every part of `lines` is read before appendLines returns; one that throws rejects the promise
   * with its error, and nothing is written. Lines in parts with `rest` take the summary and others from it.
   */
  appendLines(key: RunKey, file: StreamFile, offset: number, lines: StreamLine[] | LineParts, summary?: JsonObject, others?: FileLines[]): Promise<RunStatus | undefined>;
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
   * Periodically: runs still `running` or `pending` silent for `silentForMs` by the database's
   * clock (every heartbeat time is stamped by it) become `crashed` (`killed` when they were asked
   * to stop), in one statement; returns them.
   */
  crashStaleRuns(silentForMs: number): Promise<RunKey[]>;
}
