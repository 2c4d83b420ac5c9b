// A thread of the SQLite write worker (sqlite-run-write-worker.ts) that copies the write-ahead log
// into the database file (a checkpoint) when asked, on a connection of its own, and says when it is
// done. SQLite would otherwise run each checkpoint inside the commit that crosses its threshold, so
// that one write's answer waited for the copy of a thousand pages; a passive checkpoint here runs
// beside the writes that follow.
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './sqlite.ts';

const db = openConnection((workerData as { path: string }).path);
db.exec('PRAGMA wal_autocheckpoint = 0');

parentPort!.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  // PASSIVE: copies what no reader still needs, never waits for a lock or blocks a writer.
  db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  parentPort!.postMessage('done');
});
