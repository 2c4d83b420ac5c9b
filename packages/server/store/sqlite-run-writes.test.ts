import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { openSqliteDatabase, openSqliteStore } from './sqlite.ts';
import { packLines, sqliteRunWrites, unpackLines } from './sqlite-run-writes.ts';
import type { ProjectRef } from './sql.ts';
import { asParts, type RunKey, type RunStatus } from './run-store.ts';
import type { Store } from './store.ts';

const newPath = (): string => join(mkdtempSync(join(tmpdir(), 'sextant-run-writes-')), 'db.sqlite');
const line = (run: number, step: number) => ({ content: JSON.stringify({ run, _step: step }), step });
const batch = (run: number, from: number, count = 5) => Array.from({ length: count }, (_, i) => line(run, from + i));
const running: RunStatus = { stopRequested: false, sweepName: null };

test('a run\'s upserts and appends to a file run on a worker thread; only a :memory: database keeps them on the main connection', async () => {
  const path = newPath();
  const workers: Worker[] = [];
  const onFile = openSqliteDatabase(path);
  const inMemory = openSqliteDatabase(':memory:');
  assert.deepEqual([typeof onFile.appendLines, typeof onFile.upsertRun], ['function', 'function']);
  assert.deepEqual([inMemory.appendLines, inMemory.upsertRun], [undefined, undefined]);
  await Promise.all([onFile.close(), inMemory.close()]);
  const store = openSqliteStore(path, { writeWorker: (worker) => void workers.push(worker) });
  assert.equal(workers.length, 0, 'no worker before the first write');
  await store.upsertRun({ entity: 'e', project: 'p', name: 'r' }, {});
  assert.equal(workers.length, 1);
  assert.deepEqual(await store.appendLines({ entity: 'e', project: 'p', name: 'r' }, 'history', 0, batch(0, 0)), running);
  assert.equal(workers.length, 1);
  await store.close();
});

test('lines cross to the worker packed and come out as they went in: texts of any length and characters, steps or none', () => {
  const lines = [{ content: '{"a":1}', step: 0 }, { content: '', step: null }, { content: 'log line 🙂 é', step: undefined }, { content: '{"_step":9007199254740991}', step: 2 ** 53 - 1 }, { content: 'x'.repeat(5000), step: -3 }];
  const packed = packLines(lines);
  assert.equal(packed.texts, lines.map((l) => l.content).join(''));
  assert.deepEqual(unpackLines(structuredClone(packed)), lines.map((l) => ({ content: l.content, step: l.step ?? null })));
  assert.deepEqual(unpackLines(packLines([])), []);
});

/** A store on a new file with one run of 5 lines appended, and the write workers it started. */
async function storeWithRun(): Promise<{ path: string; store: Store; workers: Worker[]; key: RunKey }> {
  const path = newPath();
  const workers: Worker[] = [];
  const store = openSqliteStore(path, { writeWorker: (worker) => void workers.push(worker) });
  const key = { entity: 'e', project: 'p', name: 'r' };
  await store.upsertRun(key, {});
  assert.deepEqual(await store.appendLines(key, 'history', 0, batch(0, 0)), running);
  return { path, store, workers, key };
}

for (const where of ['file', ':memory:']) {
  test(`upserts and appends from many runs at once (${where}): each answered once a reader on the main connection sees it, counts right, a refused one writes nothing, watchers told`, async () => {
    const store = openSqliteStore(where === 'file' ? newPath() : ':memory:');
    const told: ProjectRef[] = [];
    const stopWatching = store.watchProjects((project) => void (project && told.push(project)), (error) => assert.fail(String(error)));
    const runs: RunKey[] = Array.from({ length: 16 }, (_, i) => ({ entity: 'e', project: `p${i % 2}`, name: `run${i}` }));
    const upserts = await Promise.all(runs.map(async (run, r) => {
      const { inserted } = await store.upsertRun(run, { summary: { r } });
      assert.deepEqual((await store.getRun(run))?.summary, { r });
      return inserted;
    }));
    assert.deepEqual(upserts, runs.map(() => true));
    assert.deepEqual((await store.upsertRun(runs[3], { notes: 'n' })).run.summary, { r: 3 }, 'a patch leaves the other fields');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(new Set(told.map((p) => `${p.entity}/${p.project}`)), new Set(['e/p0', 'e/p1']));
    told.length = 0;
    // Four batches per run, all asked for at once; run 5's third leaves a gap (it and the fourth are refused).
    const offsets = [0, 5, 10, 15];
    const answers = await Promise.all(offsets.flatMap((from) => runs.map(async (run, r) => {
      const answer = await store.appendLines(run, 'history', r === 5 && from === 10 ? 11 : from, batch(r, from));
      // Answered: the main connection reads what it wrote at once.
      const held = (await store.readLines(run, 'history', 0, 100)).length;
      if (answer) assert.ok(held >= from + 5, `run${r} at ${from}: answered, but the main connection reads ${held} lines`);
      return answer;
    })));
    answers.forEach((answer, i) => {
      const [r, from] = [i % runs.length, offsets[Math.floor(i / runs.length)]];
      assert.deepEqual(answer, r === 5 && from >= 10 ? undefined : running, `run${r} at ${from}`);
    });
    for (const [r, run] of runs.entries()) {
      const count = r === 5 ? 10 : 20;
      assert.deepEqual((await store.readLines(run, 'history', 0, 100)).map((l) => JSON.parse(l)), batch(r, 0, count).map((l) => JSON.parse(l.content)), `run${r}`);
      assert.equal((await store.getRun(run))?.historyLineCount, count);
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(new Set(told.map((p) => `${p.entity}/${p.project}`)), new Set(['e/p0', 'e/p1']));
    stopWatching();
    await store.close();
  });
}

test('a worker that dies rejects the writes it had not answered, saying so; nothing of them is written and the next write starts another worker', async () => {
  const { path, store, workers, key } = await storeWithRun();
  // Another connection holds the write lock: the worker can commit none of these before it dies.
  const other = new DatabaseSync(path);
  other.exec('PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE');
  const lost = [5, 10, 15].map((from) => store.appendLines(key, 'history', from, batch(0, from)));
  const exited = once(workers[0], 'exit');
  void workers[0].terminate();
  other.exec('COMMIT');
  other.close();
  await exited;
  for (const append of lost) await assert.rejects(append, /the SQLite write worker exited \(code 1\) before answering 3 write\(s\) to .*db\.sqlite: each may or may not have been written/);
  assert.equal((await store.getRun(key))?.historyLineCount, 5);
  assert.deepEqual(await store.appendLines(key, 'history', 5, batch(0, 5)), running);
  assert.equal(workers.length, 2);
  assert.deepEqual((await store.readLines(key, 'history', 0, 100)).map((l) => JSON.parse(l)._step), Array.from({ length: 10 }, (_, i) => i));
  // The dead worker's connection left no lock behind: the main connection writes.
  await store.requestStop(key);
  assert.deepEqual(await store.appendLines(key, 'history', 10, batch(0, 10)), { stopRequested: true, sweepName: null });
  await store.close();
});

test('close waits for the writes asked for, then ends the worker; later writes are refused', async () => {
  const { path, store, workers, key } = await storeWithRun();
  let exited = false;
  workers[0].once('exit', () => (exited = true));
  const appends = [5, 10, 15].map((from) => store.appendLines(key, 'history', from, batch(0, from)));
  await store.close();
  assert.equal(exited, true);
  assert.deepEqual(await Promise.all(appends), [running, running, running]);
  await assert.rejects(store.appendLines(key, 'history', 20, batch(0, 20)), /closed/);
  const reopened = new DatabaseSync(path);
  assert.equal(reopened.prepare('SELECT history_line_count AS n FROM runs').get()?.n, 20);
  reopened.close();
});

test('the worker writes in its turn only: while the main connection holds the turn, an append waits, and is written once it is released', async () => {
  const { path, store, key } = await storeWithRun();
  await store.close();
  const told: ProjectRef[] = [];
  const writes = sqliteRunWrites(path, (project) => void told.push(project));
  assert.equal(writes.turn.take(), true);
  let answered = false;
  const appended = writes.append({ key, file: 'history', offset: 5, lines: asParts(batch(0, 5)) }).finally(() => (answered = true));
  const reader = new DatabaseSync(path);
  const count = (): unknown => reader.prepare('SELECT history_line_count AS n FROM runs').get()?.n;
  // However long the main thread holds it (here while 50 timers fire), the worker waits.
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    assert.equal(answered, false);
  }
  assert.equal(count(), 5);
  writes.turn.release();
  assert.deepEqual(await appended, running);
  assert.equal(count(), 10);
  assert.deepEqual(told, [{ entity: 'e', project: 'p' }]);
  // The turn is free again: the main thread takes it at once.
  await writes.turn.ended();
  assert.equal(writes.turn.take(), true);
  writes.turn.release();
  reader.close();
  await writes.close();
});

test('checkpoints run on a thread of their own and the write-ahead log starts over: it holds far fewer pages than were written', async () => {
  const path = newPath();
  const store = openSqliteStore(path);
  const key = { entity: 'e', project: 'p', name: 'r' };
  await store.upsertRun(key, {});
  // 40 appends of 2,000 lines of about 130 bytes: 10 MB of lines, more in the log with the indexes.
  const padding = 'x'.repeat(100);
  for (let from = 0; from < 80_000; from += 2000) {
    const lines = Array.from({ length: 2000 }, (_, i) => ({ content: JSON.stringify({ _step: from + i, padding }), step: from + i }));
    assert.deepEqual(await store.appendLines(key, 'history', from, lines), running);
  }
  // Written without a checkpoint, the log would have grown to about 20 MB (5,000 pages).
  const reader = new DatabaseSync(path);
  const { log } = reader.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number };
  reader.close();
  assert.ok(log < 2000, `the log holds ${log} pages since it last started over`);
  assert.equal((await store.getRun(key))?.historyLineCount, 80_000);
  await store.close();
  const reopened = new DatabaseSync(path);
  assert.equal(reopened.prepare('SELECT COUNT(*) AS n FROM run_lines').get()?.n, 80_000);
  reopened.close();
});
