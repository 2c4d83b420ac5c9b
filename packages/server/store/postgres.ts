// The scale-out store: PostgreSQL through `pg`, the same contract and the same SQL as the SQLite
// store. Several servers may share one database: migrations take an advisory lock, every write
// is one transaction or one statement, and changes reach each server's live updates by
// LISTEN/NOTIFY (postgres-changes.ts).
import pg from 'pg';
import { migrate } from './schema.ts';
import { CHANNEL, linesNotifier, postgresProjectChanges } from './postgres-changes.ts';
import { exec, keptText, runWorkAsync, statements, withClock, type Sql, type Statement, type Work } from './sql.ts';
import { sqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

/** Texts as numbered, kept: a file_stream statement has hundreds of placeholders to renumber. */
const NUMBERED_TEXTS = 1000;
const numberedTexts = new Map<string, string>();

/** `?` placeholders as PostgreSQL numbers them, and the database's clock. */
const numbered = (sql: string): string => keptText(numberedTexts, NUMBERED_TEXTS, sql, () => {
  let n = 0;
  return withClock('postgres', sql).replace(/\?/g, () => `$${++n}`);
});

/** The store over a PostgreSQL database, its schema first brought up to date. */
export async function openPostgresStore(url: string): Promise<Store> {
  const sql = openPostgresDatabase(url);
  try {
    await sql.transaction(() => migrate('postgres'));
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sqlStore(sql);
}

/** Statement texts prepared once per connection (named): at most this many, each once run this often. */
const PREPARED_TEXTS = 1000;
const PREPARE_AFTER_RUNS = 3;
/** Texts not (yet) prepared whose runs are counted; past this, the counts start again. */
const COUNTED_TEXTS = 10_000;
/** SQLSTATE of a prepared statement whose tables changed shape (another server migrated the schema). */
const STALE_PLAN = '0A000';

/** A PostgreSQL database as the store's SQL runs on it, its schema as it is. */
export function openPostgresDatabase(url: string): Sql {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Named statements are parsed and planned once per connection, not on every call: most of what
  // the store runs is a handful of texts, and PostgreSQL's CPU is shared with the servers'. Texts
  // that vary (lists of values, filters) are prepared only once they recur, so they do not crowd
  // out the common ones; a connection keeps what it prepared until it closes.
  const names = new Map<string, string | undefined>();
  const runs = new Map<string, number>();
  const nameOf = (text: string): string | undefined => {
    if (names.has(text) || names.size >= PREPARED_TEXTS) return names.get(text);
    const count = (runs.get(text) ?? 0) + 1;
    if (count < PREPARE_AFTER_RUNS) {
      if (runs.size >= COUNTED_TEXTS) runs.clear();
      runs.set(text, count);
      return undefined;
    }
    runs.delete(text);
    const name = `sextant_${names.size}`;
    names.set(text, name);
    return name;
  };
  const execute = async ({ sql, params, mode }: Statement, client: pg.Pool | pg.PoolClient = pool): Promise<unknown> => {
    if (mode === 'script') return void (await client.query(sql));
    const text = numbered(sql);
    const name = nameOf(text);
    let result: pg.QueryResult;
    try {
      result = await client.query({ name, text, values: params });
    } catch (error) {
      if (!name || (error as { code?: string }).code !== STALE_PLAN) throw error;
      // Prepared before the schema changed: this text is run unprepared from now on.
      names.set(text, undefined);
      result = await client.query(text, params);
    }
    return mode === 'one' ? result.rows[0] : mode === 'all' ? result.rows : result.rowCount ?? 0;
  };
  const transaction = async <T>(work: () => Work<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await runWorkAsync(work(), (statement) => execute(statement, client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const changes = postgresProjectChanges(url);
  const lines = linesNotifier(({ entity, project }) => execute(exec('SELECT pg_notify(?, json_build_array(?::text, ?::text)::text)', CHANNEL, entity, project)));
  return {
    dialect: 'postgres',
    ...statements((statement) => execute(statement)),
    transaction,
    touch: async (text, ...params) => void (await execute(exec(text, ...params))),
    watchProjects: changes.watch,
    linesWritten: lines.linesWritten,
    async close() {
      lines.close();
      await changes.close();
      await pool.end();
    },
  };
}
