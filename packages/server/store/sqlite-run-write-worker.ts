// The worker thread of sqlite-run-writes.ts: its own connection to the SQLite file, on which it
// writes the runs' appends and upserts it is sent in groups, each group one transaction committed
// without SQLite's sync, then the write-ahead log synced (fdatasync) with the write turn and lock
// released, then the group answered. An append's lines come in parts: the worker writes each part
// while the main thread checks the next, and waits for a part not yet sent.
import { closeSync, fdatasyncSync } from 'node:fs';
import { Worker, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { GROUP_LINES, runStatusOf } from './line-appends.ts';
import { appendWork, upsertWork } from './run-sql.ts';
import { commitGroup, openConnection, openLog, statementRunner, type Outcome } from './sqlite.ts';
import { CHECKPOINT_THREAD, FREE, MAIN, WORKER, unpackLines, type PackedLines, type PartMessage, type WriteAnswer, type WriteRequest } from './sqlite-run-writes.ts';
import { RefusedAppend, type AppendRest, type LineParts, type StreamLine } from './run-store.ts';
import type { Row } from './sql.ts';

/**
 * Bytes of lines written between checkpoints: about SQLite's own 1,000 pages of log, with the
 * pages of the indexes the lines are in.
 */
const CHECKPOINT_BYTES = 1024 * 1024;
/** What an upsert counts for: a page. */
const UPSERT_BYTES = 4096;

/**
 * How long a part may take to come. The main thread sends an append's parts as it reads them, in
 * one go, so they come within that read's time; past this the append fails rather than keep the
 * write turn.
 */
const PART_WAIT_MS = 10_000;

const { path, turn, posted } = workerData as { path: string; turn: Int32Array; posted: Int32Array };
const db = openConnection(path);
// Every commit here is followed by the log's sync below, outside the write lock. Checkpoints run on
// a thread of their own (sqlite-checkpoint-worker.ts), asked for every CHECKPOINT_BYTES.
db.exec('PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0');
const execute = statementRunner(db);
let log: number | undefined;
const queued: WriteRequest[] = [];
/** What has come of the appends queued or being written: their parts, then their rest or abandonment. */
const parts = new Map<number, { come: PackedLines[]; end?: AppendRest; abandoned: boolean }>();
let scheduled = false;
let closing = false;
let unCheckpointed = 0;
let checkpointing = false;
// Started now: a thread loads its modules for a while, and a checkpoint asked of it waits for that.
let checkpoints: Worker | undefined = checkpointThread();
/** An append's lines as far as its parts have come (its group is formed before the rest may have). */
const linesOf = (request: WriteRequest): number => ('append' in request ? parts.get(request.id)!.come.reduce((lines, part) => lines + part.lengths.length, 0) : 0);

/** A message from the main thread: a write to queue, a part of an append, its abandonment, or 'close'. */
function take(message: WriteRequest | PartMessage | 'close'): void {
  if (message === 'close') {
    closing = true;
  } else if ('part' in message) {
    return void parts.get(message.id)?.come.push(message.part);
  } else if ('end' in message) {
    const append = parts.get(message.id);
    if (append) append.end = message.end;
    return;
  } else if ('abandoned' in message) {
    const append = parts.get(message.id);
    if (append) append.abandoned = true;
    return;
  } else {
    if ('append' in message) parts.set(message.id, { come: [message.append.lines], abandoned: false });
    queued.push(message);
  }
  schedule();
}

/**
 * An append's lines, part by part, and then its rest: blocks this thread until the next part or
 * the rest comes. Kept until the group is answered, so that a group run again write by write reads
 * them again.
 */
function partsOf(id: number): Required<LineParts> {
  const append = parts.get(id)!;
  function* lines(): Generator<StreamLine[]> {
    for (let i = 0; ; i++) {
      while (append.come.length === i && !append.end && !append.abandoned) awaitMessage();
      if (append.abandoned) throw new Error('the append was abandoned: one of its lines was refused');
      // Parts come before the rest: with the rest here and no part left, every part was read.
      if (append.come.length === i) return;
      yield unpackLines(append.come[i]);
    }
  }
  return { parts: lines(), rest: () => append.end! };
}

function awaitMessage(): void {
  const seen = Atomics.load(posted, 0);
  const message = receiveMessageOnPort(parentPort!);
  if (message) return take(message.message as WriteRequest | PartMessage);
  if (Atomics.wait(posted, 0, seen, PART_WAIT_MS) === 'timed-out') throw new Error(`the next part of an append did not come within ${PART_WAIT_MS} ms`);
}

/** Writes the next group (the writes queued, up to GROUP_LINES lines of appends but at least one write), syncs and answers it. */
function writeGroup(): void {
  let lines = 0;
  let count = 0;
  while (count < queued.length && (count === 0 || lines + linesOf(queued[count]) <= GROUP_LINES)) lines += linesOf(queued[count++]);
  const group = queued.splice(0, count);
  if (group.length === 0) return;
  // The write turn (sqlite-run-writes.ts): the main thread may hold it for one transaction.
  while (Atomics.compareExchange(turn, 0, FREE, WORKER) !== FREE) Atomics.wait(turn, 0, MAIN);
  let outcomes: Outcome[];
  try {
    outcomes = commitGroup(db, group.map((request) => 'append' in request
      ? () => appendWork('sqlite', request.append.key, request.append.file, request.append.offset, partsOf(request.id))
      : () => upsertWork('sqlite', request.upsert.key, request.upsert.patch)), execute);
  } finally {
    Atomics.store(turn, 0, FREE);
    Atomics.notify(turn, 0);
  }
  let synced: unknown;
  try {
    log ??= openLog(`${path}-wal`);
    if (log !== undefined) fdatasyncSync(log);
  } catch (error) {
    // Committed but maybe not on disk: no write of the group is acknowledged.
    synced = error;
  }
  parentPort!.postMessage(group.map((request, i): WriteAnswer => {
    const outcome = outcomes[i];
    if ('error' in outcome && outcome.error instanceof RefusedAppend) return [request.id, { value: undefined }];
    if (synced !== undefined || 'error' in outcome) return [request.id, { error: 'error' in outcome ? outcome.error : synced }];
    const row = outcome.value as Row | undefined;
    return [request.id, { value: 'append' in request ? row && runStatusOf(row) : outcome.value }];
  }));
  for (const request of group) {
    unCheckpointed += 'append' in request ? parts.get(request.id)!.come.reduce((bytes, part) => bytes + part.texts.length, 0) : UPSERT_BYTES;
    // Parts of a refused append may still come: they find no entry and are dropped.
    parts.delete(request.id);
  }
  if (unCheckpointed >= CHECKPOINT_BYTES && !checkpointing) {
    unCheckpointed = 0;
    checkpointing = true;
    (checkpoints ??= checkpointThread()).postMessage('checkpoint');
  }
}

/**
 * The checkpoint thread. Its checkpoint copies the log as it was when it began; the pages written
 * meanwhile are copied here once it is done, between groups (a few, quickly), so that the next
 * write finds the whole log copied and starts it over instead of letting it grow.
 */
function checkpointThread(): Worker {
  const thread = new Worker(new URL('./sqlite-checkpoint-worker.ts', import.meta.url), { workerData: { path }, name: CHECKPOINT_THREAD });
  thread.on('message', () => {
    checkpointing = false;
    if (!closing) db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  });
  // A thread that failed: the next checkpoint starts another.
  thread.on('error', () => {
    if (checkpoints === thread) checkpoints = undefined;
    checkpointing = false;
  });
  return thread;
}

// Writes that arrive while a group is written and synced wait for the turn after it, and go together.
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(function next() {
    writeGroup();
    if (queued.length > 0) return void setImmediate(next);
    scheduled = false;
    if (!closing) return;
    db.close();
    if (log !== undefined) closeSync(log);
    checkpoints?.postMessage('close');
    parentPort!.close();
  });
}

parentPort!.on('message', take);
