// The scale-out store: PostgreSQL through `pg`, the same contract and the same SQL as the SQLite
// store. Several servers may share one database: migrations take an advisory lock, every write
// is one transaction or one statement, and changes reach each server's live updates by
// LISTEN/NOTIFY (postgres-changes.ts).
import pg from 'pg';
import { migrate } from './schema.ts';
import { postgresProjectChanges } from './postgres-changes.ts';
import { exec, runWorkAsync, statements, withClock, type Sql, type Statement, type Work } from './sql.ts';
import { sqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

/** `?` placeholders as PostgreSQL numbers them, and the database's clock. */
const numbered = (sql: string): string => {
  let n = 0;
  return withClock('postgres', sql).replace(/\?/g, () => `$${++n}`);
};

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

/** A PostgreSQL database as the store's SQL runs on it, its schema as it is. */
export function openPostgresDatabase(url: string): Sql {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const execute = async ({ sql, params, mode }: Statement, client: pg.Pool | pg.PoolClient = pool): Promise<unknown> => {
    if (mode === 'script') return void (await client.query(sql));
    const result = await client.query(numbered(sql), params);
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
  return {
    dialect: 'postgres',
    ...statements((statement) => execute(statement)),
    transaction,
    touch: async (text, ...params) => void (await execute(exec(text, ...params))),
    watchProjects: changes.watch,
    async close() {
      await changes.close();
      await pool.end();
    },
  };
}
