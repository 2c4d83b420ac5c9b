// The default store: one SQLite file (node:sqlite) in write-ahead-log mode with full fsync, so a
// write that returned survives a crash of the server or the machine. Each call runs to its end
// synchronously: no other request's statements interleave with a transaction.
import { existsSync, writeFileSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { migrate } from './schema.ts';
import { exec, runWork, statements, withClock, type Sql, type Statement, type Work } from './sql.ts';
import { sqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

/** Compiled statements kept: compiling costs more than running these small queries. */
const CACHED_STATEMENTS = 500;

/** The store over a SQLite file, its schema first brought up to date. */
export function openSqliteStore(path: string): Store {
  const { sql, transaction } = connect(path);
  transaction(() => migrate('sqlite'));
  return sqlStore(sql);
}

/** A SQLite file as the store's SQL runs on it, its schema as it is. */
export function openSqliteDatabase(path: string): Sql {
  return connect(path).sql;
}

function connect(path: string): { sql: Sql; transaction: <T>(work: () => Work<T>) => T } {
  // Runs, configs and key hashes are the owner's alone. SQLite gives the WAL and shared-memory
  // files the database file's mode, so a new database starts as an empty 0600 file.
  if (path !== ':memory:' && !existsSync(path)) writeFileSync(path, '', { mode: 0o600 });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  const cache = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let prepared = cache.get(sql);
    if (prepared) return prepared;
    // Statements with a variable number of rows vary in text: forget the oldest past the limit.
    if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    cache.set(sql, (prepared = db.prepare(withClock('sqlite', sql))));
    return prepared;
  };
  const execute = ({ sql, params, mode }: Statement): unknown => {
    if (mode === 'script') return db.exec(sql);
    const statement = prepare(sql);
    const values = params as SQLInputValue[];
    if (mode === 'one') return statement.get(...values);
    if (mode === 'all') return statement.all(...values);
    return Number(statement.run(...values).changes);
  };
  const transaction = <T>(work: () => Work<T>): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = runWork(work(), execute);
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };
  const sql: Sql = {
    dialect: 'sqlite',
    ...statements(execute),
    transaction: async (work) => transaction(work),
    // Written without a disk sync, a liveness time reaches the disk with the next synced commit;
    // a kill -9 keeps it (WAL), only a power cut may lose the last few.
    async touch(text, ...params) {
      db.exec('PRAGMA synchronous = NORMAL');
      try {
        execute(exec(text, ...params));
      } finally {
        db.exec('PRAGMA synchronous = FULL');
      }
    },
    async close() {
      db.close();
    },
  };
  return { sql, transaction };
}
