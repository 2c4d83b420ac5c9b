// What the store's SQL is written against, once for both backends. Statements use `?` placeholders
// and the SQL both SQLite and PostgreSQL accept; a backend (sqlite.ts, postgres.ts) only runs them.
// Work that must be atomic is a generator: it yields statements and receives their results, and a
// backend runs the whole generator as one transaction.
import type { PartedAppend, RunKey, RunPatch, RunStatus } from './run-store.ts';

export type Param = string | number | null;
/** The two databases the store runs on; the few statements they disagree on name their SQL per dialect. */
export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface Statement {
  sql: string;
  params: Param[];
  /**
   * `one`: the first row or undefined; `all`: the rows; `run`: the number of rows changed;
   * `script`: several statements without parameters (a migration), nothing.
   */
  mode: 'one' | 'all' | 'run' | 'script';
}

/** What a statement yields back: a Row, undefined, Row[] or a count, by its mode. */
export type Work<T> = Generator<Statement, T, any>;

export const one = (sql: string, ...params: Param[]): Statement => ({ sql, params, mode: 'one' });
export const all = (sql: string, ...params: Param[]): Statement => ({ sql, params, mode: 'all' });
export const exec = (sql: string, ...params: Param[]): Statement => ({ sql, params, mode: 'run' });
export const script = (sql: string): Statement => ({ sql, params: [], mode: 'script' });

/** A project whose version (Store.projectVersion) may have changed. */
export interface ProjectRef {
  entity: string;
  project: string;
}

/** Told of project changes: a project, or none when changes may have been missed (check them all). */
export type ProjectsChanged = (project?: ProjectRef) => void;

/** A database the store's SQL runs on. */
export interface Sql {
  readonly dialect: Dialect;
  /** The first row of a statement run on its own, or undefined. */
  one(sql: string, ...params: Param[]): Promise<Row | undefined>;
  /** The rows of a statement run on its own. */
  all(sql: string, ...params: Param[]): Promise<Row[]>;
  /** Runs a statement on its own; the number of rows it changed. */
  run(sql: string, ...params: Param[]): Promise<number>;
  /**
   * Runs work as one transaction: all its writes or none. On SQLite it holds the write lock from
   * BEGIN on; on PostgreSQL other writers wait only for the rows it updated, so work that must not
   * race writes before it reads (an UPDATE … RETURNING, a compare-and-set).
   */
  transaction<T>(work: () => Work<T>): Promise<T>;
  /** A liveness write (a heartbeat time): durable with the next synced write, a power cut may lose it. */
  touch(sql: string, ...params: Param[]): Promise<void>;
  /** Store.watchProjects. */
  watchProjects(changed: ProjectsChanged, onError: (error: unknown) => void): () => void;
  /**
   * A committed write changed a line count of a run of `project`: its watchers, on every server, are
   * told. The project triggers leave such writes out (a notification inside the transaction would
   * make concurrent streams commit one at a time on PostgreSQL, schema.ts), so the store says it.
   */
  linesWritten(project: ProjectRef): void;
  /**
   * RunStore.appendLines when the database runs appends its own way (SQLite on a file: on a thread
   * of their own, which writes each part while the next is read); it tells linesWritten of each
   * append written.
   */
  appendLines?: (append: PartedAppend) => Promise<RunStatus | undefined>;
  /** RunStore.upsertRun's work (upsertWork) when the database runs it its own way, as appendLines; it tells the project's watchers. */
  upsertRun?: (key: RunKey, patch: RunPatch) => Promise<{ row: Row; inserted: boolean }>;
  close(): Promise<void>;
}

/** The single statements of a Sql, over a backend's way of running one. */
export function statements(execute: (statement: Statement) => unknown): Pick<Sql, 'one' | 'all' | 'run'> {
  return {
    one: async (sql, ...params) => (await execute(one(sql, ...params))) as Row | undefined,
    all: async (sql, ...params) => (await execute(all(sql, ...params))) as Row[],
    run: async (sql, ...params) => (await execute(exec(sql, ...params))) as number,
  };
}

/** Feeds each statement's result back into the work until it returns, with `execute` running them. */
export function runWork<T>(work: Work<T>, execute: (statement: Statement) => unknown): T {
  let next = work.next();
  while (!next.done) next = work.next(execute(next.value));
  return next.value;
}

/** The same, for a backend whose statements answer asynchronously. */
export async function runWorkAsync<T>(work: Work<T>, execute: (statement: Statement) => Promise<unknown>): Promise<T> {
  let next = work.next();
  while (!next.done) next = work.next(await execute(next.value));
  return next.value;
}

/** `?, ?, ?` for a list of `count` values (an IN list: SQL has no empty one, so count > 0). */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * A statement text built once per `id` and kept (at most `limit`, then the lot is dropped): the same
 * string each time, so the databases' caches of prepared and renumbered statements find it without
 * building and hashing a new copy of a long text on every request.
 */
export function keptText(texts: Map<string, string>, limit: number, id: string, build: () => string): string {
  let text = texts.get(id);
  if (text === undefined) {
    if (texts.size >= limit) texts.clear();
    texts.set(id, (text = build()));
  }
  return text;
}

/** `(?, ?), (?, ?)` for a multi-row VALUES of `rows` rows of `columns` values each. */
export function valueRows(rows: number, columns: number): string {
  const row = `(${placeholders(columns)})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

const INT64_MAX = '9223372036854775807';
const INT64_MIN = '-9223372036854775808';

/**
 * A whole number as a 64-bit integer parameter (line indexes and `_step`s, which W&B keeps as int64):
 * exact when it is a safe JavaScript integer, else as the decimal text of the double, clamped to
 * the 64-bit range (2^63 itself, the double nearest 2^63 - 1, would overflow a BIGINT).
 */
export function int64(value: number | null): Param {
  if (value === null || Number.isSafeInteger(value)) return value;
  if (value >= 2 ** 63) return INT64_MAX;
  if (value < -(2 ** 63)) return INT64_MIN;
  return String(BigInt(Math.trunc(value)));
}

export const now = (): string => new Date().toISOString();

/**
 * The database's clock, as ISO text like every stored time, `ms` milliseconds ago (negative: ahead).
 * Liveness (heartbeat times) is stamped and compared with it, so servers sharing one database
 * never compare their own clocks. A marker in the SQL text that each backend expands (withClock).
 */
export const dbTime = (ms = 0): string => `{now:${Math.round(ms)}}`;

/**
 * The clock by dialect, expanded by each backend. SQLite's `now` is the machine's
 * (one machine holds the file); PostgreSQL's clock_timestamp() is the server's at the statement.
 */
const CLOCK: Record<Dialect, (ms: number) => string> = {
  sqlite: (ms) => `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '${-ms / 1000} seconds')`,
  postgres: (ms) => `to_char((clock_timestamp() - interval '${ms} milliseconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

/** The SQL text with each dbTime marker replaced by the dialect's clock. */
export function withClock(dialect: Dialect, text: string): string {
  return text.includes('{now:') ? text.replace(/\{now:(-?\d+)\}/g, (_, ms: string) => CLOCK[dialect](Number(ms))) : text;
}

/** The parameters naming a run or a sweep, for `entity = ? AND project = ? AND name = ?`. */
export const keyParams = (key: { entity: string; project: string; name: string }): Param[] => [key.entity, key.project, key.name];
