import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
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
