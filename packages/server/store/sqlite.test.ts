import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fstatSync, mkdtempSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, openSqliteStore } from './sqlite.ts';
import { exec, script } from './sql.ts';
import { storeSuite } from './store-suite.ts';

storeSuite({
  name: 'sqlite',
  dialect: 'sqlite',
  create: async () => join(mkdtempSync(join(tmpdir(), 'sextant-store-')), 'db.sqlite'),
  connect: openSqliteDatabase,
  open: async (path) => openSqliteStore(path),
});

test('writes asked for together are committed together: each answered once committed, one that fails rolled back alone', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-store-')), 'db.sqlite');
  const sql = openSqliteDatabase(path);
  await sql.transaction(function* () {
    yield script('CREATE TABLE t (x INTEGER PRIMARY KEY)');
  });
  const insert = (x: number, fail = false) => sql.transaction(function* () {
    yield exec('INSERT INTO t (x) VALUES (?)', x);
    if (fail) throw new Error(`work ${x} failed`);
    return x;
  });
  const outcomes = await Promise.allSettled([insert(1), insert(2, true), insert(3), sql.run('INSERT INTO t (x) VALUES (?)', 4), sql.run('INSERT INTO t (x) VALUES (?)', 1)]);
  assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected']);
  assert.deepEqual(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason.message).slice(0, 24))), [1, 'work 2 failed', 3, 1, 'UNIQUE constraint failed']);
  // Answered means committed: another connection reads the rows.
  const other = new DatabaseSync(path);
  assert.deepEqual(other.prepare('SELECT x FROM t ORDER BY x').all().map((row) => row.x), [1, 3, 4]);
  other.close();
  await sql.close();
});

test('a group commit is answered once the write-ahead log is synced, and the event loop runs meanwhile; a failed sync answers no write', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-store-')), 'db.sqlite');
  const syncs: Array<{ fd: number; done(error?: Error): void }> = [];
  const synced = new Set<number>();
  const sql = openSqliteDatabase(path, {
    syncFile: (fd) => new Promise<void>((resolve, reject) => {
      syncs.push({ fd, done: (error) => (error ? reject(error) : resolve()) });
    }),
  });
  const nextSync = async () => {
    for (let turn = 0; syncs.length === 0; turn++) {
      assert.ok(turn < 1000, 'the store never asked for the log to be synced');
      await new Promise((resolve) => setImmediate(resolve));
    }
    return syncs.shift()!;
  };
  const created = sql.transaction(function* () {
    yield script('CREATE TABLE t (x INTEGER PRIMARY KEY)');
  });
  (await nextSync()).done();
  await created;

  const inserts = [1, 2].map((x) => sql.run('INSERT INTO t (x) VALUES (?)', x).then((n) => {
    synced.add(x);
    return n;
  }));
  const sync = await nextSync();
  // The log synced is the database's own write-ahead log.
  assert.equal(fstatSync(sync.fd).ino, statSync(`${path}-wal`).ino);
  // Committed (another connection reads the rows) but not answered while the sync runs; this
  // connection still answers reads.
  const other = new DatabaseSync(path);
  assert.deepEqual(other.prepare('SELECT x FROM t ORDER BY x').all().map((row) => row.x), [1, 2]);
  assert.deepEqual((await sql.all('SELECT x FROM t ORDER BY x')).map((row) => row.x), [1, 2]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(synced.size, 0);
  sync.done();
  assert.deepEqual(await Promise.all(inserts), [1, 1]);

  const failing = sql.run('INSERT INTO t (x) VALUES (?)', 3);
  (await nextSync()).done(new Error('EIO: the disk failed'));
  await assert.rejects(failing, /EIO/);
  other.close();
  await sql.close();
});

test('agents registering at once are committed together: one sync of the log for the crowd', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-store-')), 'db.sqlite');
  let syncs = 0;
  const store = openSqliteStore(path, { syncFile: async () => void syncs++ });
  const sweep = await store.createSweep({ entity: 'admin', project: 'p', name: 's', displayName: null, config: 'method: random', state: 'PENDING' });
  syncs = 0;
  const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => store.createAgent({ id: `agent${i}`, sweep, host: 'h', state: 'RUNNING' })));
  assert.deepEqual(agents.map((agent) => agent.id), Array.from({ length: 20 }, (_, i) => `agent${i}`));
  assert.equal(syncs, 1);
  await store.close();
});

test('groups committed while the log is being synced share the next sync, which starts once that one ends', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-store-')), 'db.sqlite');
  const syncs: Array<() => void> = [];
  const sql = openSqliteDatabase(path, { syncFile: () => new Promise<void>((resolve) => void syncs.push(resolve)) });
  const turns = async (count: number) => {
    for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const created = sql.transaction(function* () {
    yield script('CREATE TABLE t (x INTEGER PRIMARY KEY)');
  });
  await turns(3);
  assert.equal(syncs.length, 1);
  // Three groups, each committed on its own turn of the event loop, while the first sync runs.
  const answered: number[] = [];
  const inserts = [1, 2, 3].map(async (x) => {
    await turns(x);
    await sql.run('INSERT INTO t (x) VALUES (?)', x);
    answered.push(x);
  });
  await turns(6);
  assert.equal(syncs.length, 1);
  syncs[0]();
  await created;
  await turns(3);
  assert.deepEqual(answered, []);
  assert.equal(syncs.length, 2);
  syncs[1]();
  await Promise.all(inserts);
  assert.deepEqual(answered, [1, 2, 3]);
  assert.equal(syncs.length, 2);
  await sql.close();
});
