// file_stream's appends on a SQLite file, on a worker thread (sqlite-append-worker.ts) with its own
// connection to the file, so that the main thread spends its time on HTTP and parsing while the SQL
// of the appends (the run's row, the lines' INSERT, the commit and the log's sync) runs on another
// core. What the main connection writes is unchanged; the two connections share the file's
// write lock, each waiting for the other up to busy_timeout, and the worker holds it only while it
// writes a group (never across a sync). The semantics are those of appendLines on the main
// connection: appends that arrive while the worker writes or syncs a group go together in the next
// transaction, each in its own savepoint (one refused or failing writes nothing and the others are
// written), in the order they were asked for, so a run's appends land in order. Each is answered
// once its commit is in the write-ahead log and the log is synced (fdatasync), and the main thread
// then tells the project's watchers (Sql.linesWritten: the main connection's triggers do not see the
// worker's writes). The worker starts with the first append; one that dies rejects the appends it
// had not answered, saying so, and the next append starts another. `:memory:` databases cannot be
// shared between connections: they keep the main connection's appends (sqlite.ts).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Append } from './line-appends.ts';
import type { RunStatus } from './run-store.ts';
import type { ProjectRef } from './sql.ts';

/**
 * Whose turn it is to write the file, in memory the main thread and the worker share: FREE, MAIN or
 * WORKER. SQLite's own lock makes a connection that finds it taken sleep (1 ms at least), which on
 * the main thread would stop every request; with the turn the main thread waits without blocking
 * (Atomics.waitAsync) and the worker, which may block, on Atomics.wait. Each holds the turn only
 * while it writes a transaction, never across a sync. Other processes (the CLI) still meet
 * SQLite's lock and busy_timeout.
 */
export const FREE = 0;
export const MAIN = 1;
export const WORKER = 2;

/** The main thread's side of the turn. */
export interface WriteTurn {
  /** Takes the turn when it is free, at once: whether it did. */
  take(): boolean;
  release(): void;
  /** Settles once the worker has ended its turn (at once when it holds none). */
  ended(): Promise<unknown>;
}

/** An append as sent to the worker: its number, for the answer. */
export interface AppendRequest extends Append {
  id: number;
}

/** The worker's answers to a group, by request number: the run's status, undefined (refused), or the error. */
export type AppendAnswer = [id: number, outcome: { value: RunStatus | undefined } | { error: unknown }];

export interface SqliteAppends {
  append(append: Append): Promise<RunStatus | undefined>;
  /** The main connection takes it for each transaction it writes. */
  turn: WriteTurn;
  /** Waits for the appends asked for and ends the worker. */
  close(): Promise<void>;
}

interface Waiting {
  append: Append;
  resolve(status: RunStatus | undefined): void;
  reject(error: unknown): void;
}

/**
 * Appends to the SQLite file at `path` on a worker thread; `written` is told each append's project
 * once it is written; `started` of each worker started (tests end one).
 */
export function sqliteAppends(path: string, written: (project: ProjectRef) => void, started?: (worker: Worker) => void): SqliteAppends {
  let current: { worker: Worker; waiting: Map<number, Waiting> } | undefined;
  let closed = false;
  let next = 0;
  const turn = new Int32Array(new SharedArrayBuffer(4));
  const start = (): { worker: Worker; waiting: Map<number, Waiting> } => {
    const worker = new Worker(new URL('./sqlite-append-worker.ts', import.meta.url), { workerData: { path, turn } });
    const waiting = new Map<number, Waiting>();
    // Idle, the worker does not keep the process alive; with appends to answer it does.
    worker.unref();
    let failure: Error | undefined;
    worker.on('message', (answers: AppendAnswer[]) => {
      for (const [id, outcome] of answers) {
        const { append, resolve, reject } = waiting.get(id)!;
        waiting.delete(id);
        if ('error' in outcome) reject(outcome.error);
        else {
          if (outcome.value) written({ entity: append.key.entity, project: append.key.project });
          resolve(outcome.value);
        }
      }
      if (waiting.size === 0) worker.unref();
    });
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (current?.worker === worker) current = undefined;
      // A worker that died writing: SQLite rolled its transaction back as its connection closed.
      if (Atomics.compareExchange(turn, 0, WORKER, FREE) === WORKER) Atomics.notify(turn, 0);
      if (waiting.size === 0) return;
      const error = new Error(`the SQLite append worker ${failure ? `failed (${failure.message})` : `exited (code ${code})`} before answering ${waiting.size} append(s) `
        + `to ${path}: each may or may not have been written (a retry rewrites its lines)`);
      for (const { reject } of waiting.values()) reject(error);
      waiting.clear();
    });
    started?.(worker);
    return { worker, waiting };
  };
  return {
    turn: {
      take: () => Atomics.compareExchange(turn, 0, FREE, MAIN) === FREE,
      release() {
        Atomics.store(turn, 0, FREE);
        Atomics.notify(turn, 0);
      },
      ended() {
        const wait = Atomics.waitAsync(turn, 0, WORKER);
        return wait.async ? wait.value : Promise.resolve();
      },
    },
    append: (append) => new Promise((resolve, reject) => {
      if (closed) return reject(new Error(`the store of ${path} is closed: no appends are taken`));
      const { worker, waiting } = (current ??= start());
      if (waiting.size === 0) worker.ref();
      const id = next++;
      waiting.set(id, { append, resolve, reject });
      worker.postMessage({ id, ...append } satisfies AppendRequest);
    }),
    async close() {
      closed = true;
      if (!current) return;
      const { worker } = current;
      worker.ref();
      const exited = once(worker, 'exit');
      worker.postMessage('close');
      await exited;
    },
  };
}
