// The worker thread of sqlite-run-writes.ts: its own connection to the SQLite file, on which it
// writes the runs' appends and upserts it is sent in groups, each group one transaction committed
// without SQLite's sync, then the write-ahead log synced (fdatasync) with the write turn and lock
// released, then the group answered.
import { closeSync, fdatasyncSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { GROUP_LINES, runStatusOf } from './line-appends.ts';
import { appendWork, upsertWork } from './run-sql.ts';
import { commitGroup, openConnection, openLog, statementRunner, type Outcome } from './sqlite.ts';
import { FREE, MAIN, WORKER, unpackLines, type WriteAnswer, type WriteRequest } from './sqlite-run-writes.ts';
import type { Row } from './sql.ts';

const { path, turn } = workerData as { path: string; turn: Int32Array };
const db = openConnection(path);
// Every commit here is followed by the log's sync below, outside the write lock.
db.exec('PRAGMA synchronous = NORMAL');
const execute = statementRunner(db);
let log: number | undefined;
const queued: WriteRequest[] = [];
const linesOf = (request: WriteRequest): number => ('append' in request ? request.append.lines.lengths.length : 0);

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
      ? () => appendWork('sqlite', request.append.key, request.append.file, request.append.offset, unpackLines(request.append.lines), request.append.summary)
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
    if (synced !== undefined || 'error' in outcome) return [request.id, { error: 'error' in outcome ? outcome.error : synced }];
    const row = outcome.value as Row | undefined;
    return [request.id, { value: 'append' in request ? row && runStatusOf(row) : outcome.value }];
  }));
}

parentPort!.on('message', (message: WriteRequest | 'close') => {
  if (message === 'close') {
    while (queued.length > 0) writeGroup();
    db.close();
    if (log !== undefined) closeSync(log);
    parentPort!.close();
    return;
  }
  // Writes that arrive while a group is written and synced wait for the turn after it, and go together.
  if (queued.push(message) === 1) setImmediate(function next() {
    writeGroup();
    if (queued.length > 0) setImmediate(next);
  });
});
