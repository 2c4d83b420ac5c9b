// The default store: one SQLite file (node:sqlite) in write-ahead-log mode, synced at each commit, so a
// write that returned survives a crash of the server or the machine. Each call runs to its end
// synchronously: no other request's statements interleave with a transaction. Transactions asked
// for while the event loop reads the requests already received are committed together (group
// commit): each runs whole, in order, inside its own savepoint (a lone one needs none), and all
// share one disk sync, so concurrent writers do not queue behind one fsync each. That sync is not
// SQLite's own, which would hold the event loop for the whole fsync: the group commits without it
// and the write-ahead log is then synced from libuv's thread pool, the event loop meanwhile reading
// and answering other requests. Each write of the group is answered once that sync is done. Reads
// see it from its commit on: a power cut before the sync may take back what a reader saw, never
// what a writer was answered.
// The writes file_stream makes for each request (a run's appends and upsert) are the exception: on a
// file they run the same way on a worker thread with a connection of its own (sqlite-run-writes.ts).
// Project changes for live updates come from this connection's own (TEMP) triggers: one server
// writes the file, and other connections (the CLI) have none; the worker's writes are told by sqlite-run-writes.ts.
import { closeSync, existsSync, fdatasync, openSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { migrate } from './schema.ts';
import { exec, runWork, statements, withClock, type ProjectRef, type ProjectsChanged, type Sql, type Statement, type Work } from './sql.ts';
import { sqlStore } from './sql-store.ts';
import { sqliteRunWrites } from './sqlite-run-writes.ts';
import type { Store } from './store.ts';

/** Compiled statements kept: compiling costs more than running these small queries. */
const CACHED_STATEMENTS = 500;

export interface SqliteOptions {
  /**
   * Makes a file's written data durable: fdatasync(2) in the thread pool (tests pass their own), as
   * PostgreSQL syncs its log on Linux: the data and the size, not the file's times.
   */
  syncFile?: (fd: number) => Promise<void>;
  /** Told of each worker thread started for the writes of runs (sqlite-run-writes.ts): tests end one. */
  writeWorker?: (worker: Worker) => void;
}

/** The store over a SQLite file, its schema first brought up to date. */
export function openSqliteStore(path: string, options: SqliteOptions = {}): Store {
  const { sql, transaction } = connect(path, options);
  transaction(() => migrate('sqlite'));
  return sqlStore(sql);
}

/** A SQLite file as the store's SQL runs on it, its schema as it is. */
export function openSqliteDatabase(path: string, options: SqliteOptions = {}): Sql {
  return connect(path, options).sql;
}

/** A connection to the file (or ':memory:') with the store's settings, in write-ahead-log mode. */
export function openConnection(path: string): DatabaseSync {
  // Runs, configs and key hashes are the owner's alone. SQLite gives the WAL and shared-memory
  // files the database file's mode, so a new database starts as an empty 0600 file.
  if (path !== ':memory:' && !existsSync(path)) writeFileSync(path, '', { mode: 0o600 });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  return db;
}

/** Runs a statement on the connection and gives its result by its mode; compiled statements are kept. */
export function statementRunner(db: DatabaseSync): (statement: Statement) => unknown {
  const cache = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let prepared = cache.get(sql);
    if (prepared) return prepared;
    // Statements with a variable number of rows vary in text: forget the oldest past the limit.
    if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    cache.set(sql, (prepared = db.prepare(withClock('sqlite', sql))));
    return prepared;
  };
  return ({ sql, params, mode }) => {
    if (mode === 'script') return db.exec(sql);
    const statement = prepare(sql);
    const values = params as SQLInputValue[];
    if (mode === 'one') return statement.get(...values);
    if (mode === 'all') return statement.all(...values);
    return Number(statement.run(...values).changes);
  };
}

/** Runs the work as one transaction on the connection: all its writes or none. */
function runTransaction<T>(db: DatabaseSync, work: () => Work<T>, execute: (statement: Statement) => unknown): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = runWork(work(), execute);
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Works asked for together, committed as one transaction (commitTogether) or, when that failed as a
 * whole or there is one work (its own transaction is the same, two statements shorter), each alone.
 */
export function commitGroup(db: DatabaseSync, works: Array<() => Work<unknown>>, execute: (statement: Statement) => unknown): Outcome[] {
  return (works.length > 1 && commitTogether(db, works, execute)) || works.map((work) => outcome(() => runTransaction(db, work, execute)));
}

function connect(path: string, { syncFile = promisify(fdatasync), writeWorker }: SqliteOptions): { sql: Sql; transaction: <T>(work: () => Work<T>) => T } {
  const db = openConnection(path);
  const execute = statementRunner(db);
  const transaction = <T>(work: () => Work<T>): T => runTransaction(db, work, execute);
  const { watchProjects, linesWritten } = projectChanges(db);
  const runWrites = path === ':memory:' ? undefined : sqliteRunWrites(path, linesWritten, writeWorker);
  // The log's file, opened once it exists (WAL mode makes it on the first write); SQLite keeps it
  // while this connection is open, rewriting it from the start after a checkpoint.
  let log: number | undefined;
  // One sync at a time: the groups committed while one runs share the next (which the running one
  // may not cover: it may have begun before their commit), rather than queueing a sync each.
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const startSync = (): Promise<void> => {
    const sync: Promise<void> = (async () => {
      log ??= openLog(`${path}-wal`);
      if (log !== undefined) await syncFile(log);
    })().finally(() => {
      if (running === sync) running = undefined;
    });
    return (running = sync);
  };
  const logSynced = (): Promise<void> => {
    if (path === ':memory:') return Promise.resolve();
    if (!running) return startSync();
    next ??= running.catch(() => undefined).then(() => {
      next = undefined;
      return startSync();
    });
    return next;
  };
  const syncing = new Set<Promise<void>>();
  const queued: Array<Queued<unknown>> = [];
  const flush = (): void => {
    if (queued.length === 0) return;
    // While the worker writes runs, the group waits for its turn (sqlite-run-writes.ts) and grows.
    if (runWrites && !runWrites.turn.take()) return void runWrites.turn.ended().then(flush);
    const batch = queued.splice(0);
    // Committed to the log without SQLite's sync (a kill -9 already keeps it), synced just below.
    // A synced commit of a later group, or a checkpoint, syncs the log up to there as well.
    db.exec('PRAGMA synchronous = NORMAL');
    let outcomes: Outcome[];
    try {
      outcomes = commitGroup(db, batch.map(({ work }) => work), execute);
    } finally {
      db.exec('PRAGMA synchronous = FULL');
      runWrites?.turn.release();
    }
    const settled = logSynced().then(() => settle(batch, outcomes), (error: unknown) => {
      // Committed but maybe not on disk: no write of the group is acknowledged.
      settle(batch, outcomes.map((o) => ('error' in o ? o : { error })));
    }).finally(() => syncing.delete(settled));
    syncing.add(settled);
  };
  const grouped = <T>(work: () => Work<T>): Promise<T> => new Promise<T>((resolve, reject) => {
    if (queued.push({ work, resolve, reject } as Queued<unknown>) === 1) setImmediate(flush);
  });
  const sql: Sql = {
    dialect: 'sqlite',
    ...statements(execute),
    // A write on its own is a transaction of one statement: it joins the group commit too.
    run: (text, ...params) => grouped(function* () {
      return (yield exec(text, ...params)) as number;
    }),
    transaction: grouped,
    // Written without a disk sync, a liveness time reaches the disk with the next synced commit;
    // a kill -9 keeps it (WAL), only a power cut may lose the last few.
    async touch(text, ...params) {
      while (runWrites && !runWrites.turn.take()) await runWrites.turn.ended();
      db.exec('PRAGMA synchronous = NORMAL');
      try {
        execute(exec(text, ...params));
      } finally {
        db.exec('PRAGMA synchronous = FULL');
        runWrites?.turn.release();
      }
    },
    watchProjects,
    linesWritten,
    appendLines: runWrites?.append,
    upsertRun: runWrites?.upsert,
    async close() {
      await runWrites?.close();
      flush();
      await Promise.all(syncing);
      if (log !== undefined) closeSync(log);
      db.close();
    },
  };
  return { sql, transaction };
}

/**
 * The writes that change a project's version (the conditions of PostgreSQL's triggers, schema.ts),
 * on this connection: each calls back into JavaScript, and the projects so changed are told once
 * the synchronous transaction that made them has ended (a rolled-back one only costs a re-read).
 * Line counts changing are told by the store (Sql.linesWritten), as on PostgreSQL.
 */
const PROJECT_TRIGGERS = [
  ['runs', 'INSERT', 'NEW', ''], ['runs', 'DELETE', 'OLD', ''],
  ['runs', 'UPDATE', 'NEW', `OLD.updated_at IS NOT NEW.updated_at AND OLD.history_line_count = NEW.history_line_count
    AND OLD.events_line_count = NEW.events_line_count AND OLD.log_line_count = NEW.log_line_count`],
  ['sweeps', 'INSERT', 'NEW', ''], ['sweeps', 'DELETE', 'OLD', ''], ['sweeps', 'UPDATE', 'NEW', 'OLD.updated_at IS NOT NEW.updated_at'],
  ['agents', 'INSERT', 'NEW', ''], ['agents', 'DELETE', 'OLD', ''], ['agents', 'UPDATE', 'NEW', 'OLD.state IS NOT NEW.state'],
].map(([table, event, row, when]) => `CREATE TEMP TRIGGER IF NOT EXISTS ${table}_${event.toLowerCase()}_project AFTER ${event} ON ${table}
    ${when ? `WHEN ${when}` : ''} BEGIN SELECT sextant_project_changed(${row}.entity, ${row}.project); END;`).join('\n');

function projectChanges(db: DatabaseSync): Pick<Sql, 'watchProjects' | 'linesWritten'> {
  const watchers = new Set<ProjectsChanged>();
  let changed: Map<string, ProjectRef> | undefined;
  let triggers = false;
  const tell = (entity: unknown, project: unknown): null => {
    if (watchers.size === 0) return null;
    if (!changed) {
      changed = new Map();
      queueMicrotask(() => {
        const projects = [...changed!.values()];
        changed = undefined;
        for (const project of projects) for (const watcher of watchers) watcher(project);
      });
    }
    changed.set(JSON.stringify([entity, project]), { entity: String(entity), project: String(project) });
    return null;
  };
  db.function('sextant_project_changed', tell);
  return {
    watchProjects: (watcher) => {
      // Made on first use, once the schema is there (the store migrates it first).
      if (!triggers) db.exec(PROJECT_TRIGGERS);
      triggers = true;
      watchers.add(watcher);
      return () => void watchers.delete(watcher);
    },
    linesWritten: ({ entity, project }) => void tell(entity, project),
  };
}

interface Queued<T> {
  work: () => Work<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** The log file, or undefined while there is none: nothing was committed to it yet, nothing to sync. */
export function openLog(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export type Outcome = { value: unknown } | { error: unknown };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

function settle(batch: Array<Queued<unknown>>, outcomes: Outcome[]): void {
  batch.forEach(({ resolve, reject }, i) => {
    const o = outcomes[i];
    if ('error' in o) reject(o.error);
    else resolve(o.value);
  });
}

/**
 * Runs the works as one transaction, each in a savepoint: a work that throws is rolled back alone.
 * Each work's outcome once committed; false (nothing kept) when the transaction as a whole failed,
 * for the caller to run each work on its own.
 */
function commitTogether(db: DatabaseSync, works: Array<() => Work<unknown>>, execute: (statement: Statement) => unknown): Outcome[] | false {
  const outcomes: Outcome[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const work of works) {
      db.exec('SAVEPOINT work');
      try {
        outcomes.push({ value: runWork(work(), execute) });
        db.exec('RELEASE work');
      } catch (error) {
        // An error SQLite ends the whole transaction on (a full disk, I/O) leaves no savepoint.
        if (!db.isTransaction) return false;
        db.exec('ROLLBACK TO work');
        db.exec('RELEASE work');
        outcomes.push({ error });
      }
    }
    db.exec('COMMIT');
  } catch {
    if (db.isTransaction) db.exec('ROLLBACK');
    return false;
  }
  return outcomes;
}
