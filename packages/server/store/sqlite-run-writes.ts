// The writes file_stream makes for each request, a run's appended lines with its summary
// (RunStore.appendLines), and runs' upserts (RunStore.upsertRun: UpsertBucket's), on a SQLite file: run on a
// worker thread (sqlite-run-write-worker.ts) with its own connection to the file, so that the main
// thread spends its core on HTTP and parsing while the SQL, the commit and the log's sync run on
// another. Everything else the main connection writes as before (sqlite.ts).
// The semantics are those of the main connection's group commit: writes that arrive while the
// worker writes or syncs a group go together in the next transaction, each in its own savepoint (one
// refused or failing writes nothing and the others are written), in the order they were asked
// for, so a run's appends land in order. Each is answered once its commit is in the write-ahead log
// and the log is synced (fdatasync, with the write lock released), and the main thread then tells the
// project's watchers (the main connection's TEMP triggers do not see the worker's writes).
// The worker starts with the first write; one that dies rejects the writes it had not answered,
// saying so, and the next write starts another. `:memory:` databases cannot be shared between
// connections: they keep these writes on the main connection.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type AppendRest, type PartedAppend, type RunKey, type RunPatch, type RunStatus, type StreamLine } from './run-store.ts';
import type { ProjectRef, Row } from './sql.ts';

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

/** The worker thread's name, and that of the thread it runs checkpoints on. */
export const WRITER_THREAD = 'sqlite-writes';
export const CHECKPOINT_THREAD = 'sqlite-checkpoints';

/** The main thread's side of the turn. */
export interface WriteTurn {
  /** Takes the turn when it is free, at once: whether it did. */
  take(): boolean;
  release(): void;
  /** Settles once the worker has ended its turn (at once when it holds none). */
  ended(): Promise<unknown>;
}

/**
 * An append's lines as they cross to the worker: their texts end to end, each one's length, and
 * their steps (NaN for none). Posting one string and two transferred arrays costs about an eighth
 * of cloning an object per line (0.03 against 0.24 ms for 2,000 lines, on the sending thread).
 */
export interface PackedLines {
  texts: string;
  lengths: Uint32Array<ArrayBuffer>;
  steps: Float64Array<ArrayBuffer>;
}

export function packLines(lines: StreamLine[]): PackedLines {
  const lengths = new Uint32Array(lines.length);
  const steps = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    lengths[i] = line.content.length;
    steps[i] = line.step ?? NaN;
  });
  return { texts: lines.map((line) => line.content).join(''), lengths, steps };
}

const transferOf = (lines: PackedLines): ArrayBuffer[] => [lines.lengths.buffer, lines.steps.buffer];

export function unpackLines({ texts, lengths, steps }: PackedLines): StreamLine[] {
  const lines: StreamLine[] = new Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    lines[i] = { content: texts.slice(at, (at += lengths[i])), step: Number.isNaN(steps[i]) ? null : steps[i] };
  }
  return lines;
}

/**
 * A write as sent to the worker, with its number for the answer. An append carries its first part
 * of lines; the others follow as parts of the same number, then its rest (its end), or its
 * abandonment (a part that threw).
 */
export type WriteRequest = { id: number; append: Omit<PartedAppend, 'lines'> & { lines: PackedLines } } | { id: number; upsert: { key: RunKey; patch: RunPatch } };
type AppendSequel = { part: PackedLines } | { end: AppendRest } | { abandoned: true };
export type PartMessage = { id: number } & AppendSequel;

/** The worker's answers to a group, by request number: the write's value, or the error. */
export type WriteAnswer = [id: number, outcome: { value: unknown } | { error: unknown }];

export interface SqliteRunWrites {
  /** RunStore.appendLines: the run's status, or undefined when it was refused. Each part is sent as soon as it is read. */
  append(append: PartedAppend): Promise<RunStatus | undefined>;
  /** RunStore.upsertRun: the run's row, and whether it was created. */
  upsert(key: RunKey, patch: RunPatch): Promise<{ row: Row; inserted: boolean }>;
  /** The main connection takes it for each transaction it writes. */
  turn: WriteTurn;
  /** Waits for the writes asked for and ends the worker. */
  close(): Promise<void>;
}

interface Waiting {
  key: RunKey;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Writes of runs to the SQLite file at `path` on a worker thread; `changed` is told each written
 * one's project; `started` of each worker started (tests end one).
 */
export function sqliteRunWrites(path: string, changed: (project: ProjectRef) => void, started?: (worker: Worker) => void): SqliteRunWrites {
  let current: { worker: Worker; waiting: Map<number, Waiting> } | undefined;
  let closed = false;
  let next = 0;
  const turn = new Int32Array(new SharedArrayBuffer(4));
  // Counts the parts posted, so that a worker waiting for an append's next part sleeps on it.
  const posted = new Int32Array(new SharedArrayBuffer(4));
  const start = (): { worker: Worker; waiting: Map<number, Waiting> } => {
    // Named, so that the thread can be told apart in top -H and in /proc (bench/cpu-meter.ts).
    const worker = new Worker(new URL('./sqlite-run-write-worker.ts', import.meta.url), { workerData: { path, turn, posted }, name: WRITER_THREAD });
    const waiting = new Map<number, Waiting>();
    // Idle, the worker does not keep the process alive; with writes to answer it does.
    worker.unref();
    let failure: Error | undefined;
    worker.on('message', (answers: WriteAnswer[]) => {
      for (const [id, outcome] of answers) {
        const { key, resolve, reject } = waiting.get(id)!;
        waiting.delete(id);
        if ('error' in outcome) reject(outcome.error);
        else {
          // Undefined: an append refused, nothing written.
          if (outcome.value) changed({ entity: key.entity, project: key.project });
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
      const error = new Error(`the SQLite write worker ${failure ? `failed (${failure.message})` : `exited (code ${code})`} before answering ${waiting.size} write(s) `
        + `to ${path}: each may or may not have been written (a retry of file_stream rewrites its lines)`);
      for (const { reject } of waiting.values()) reject(error);
      waiting.clear();
    });
    started?.(worker);
    return { worker, waiting };
  };
  /** Posts a write: its answer, and where what follows an append goes. */
  const send = (key: RunKey, request: (id: number) => WriteRequest, transfer: ArrayBuffer[] = []): { answer: Promise<unknown>; post(sequel: AppendSequel): void } => {
    if (closed) return { answer: Promise.reject(new Error(`the store of ${path} is closed: it takes no more writes`)), post: () => undefined };
    const { worker, waiting } = (current ??= start());
    if (waiting.size === 0) worker.ref();
    const id = next++;
    const answer = new Promise((resolve, reject) => waiting.set(id, { key, resolve, reject }));
    worker.postMessage(request(id), transfer);
    return {
      answer,
      post(sequel) {
        worker.postMessage({ id, ...sequel } satisfies PartMessage, 'part' in sequel ? transferOf(sequel.part) : []);
        Atomics.add(posted, 0, 1);
        Atomics.notify(posted, 0);
      },
    };
  };
  return {
    append({ lines: { parts, rest }, ...append }) {
      const read = parts[Symbol.iterator]();
      let part: IteratorResult<StreamLine[]>;
      try {
        part = read.next();
      } catch (error) {
        return Promise.reject(error);
      }
      const first = packLines(part.done ? [] : part.value);
      const { answer, post } = send(append.key, (id) => ({ id, append: { ...append, lines: first } }), transferOf(first));
      try {
        if (!part.done) while (!(part = read.next()).done) post({ part: packLines(part.value) });
        post({ end: rest() });
      } catch (error) {
        // The worker rolls back what it wrote of the append, then answers.
        post({ abandoned: true });
        return answer.then(() => Promise.reject(error), () => Promise.reject(error));
      }
      return answer as Promise<RunStatus | undefined>;
    },
    upsert: (key, patch) => send(key, (id) => ({ id, upsert: { key, patch } })).answer as Promise<{ row: Row; inserted: boolean }>,
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
