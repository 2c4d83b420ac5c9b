// The scale-out store: PostgreSQL through `pg`, the same contract and the same SQL as the SQLite
// store. Several servers may share one database: migrations take an advisory lock, and every write
// is one transaction or one statement.
import pg from 'pg';
import { migrate } from './schema.ts';
import { exec, runWorkAsync, statements, type Sql, type Statement, type Work } from './sql.ts';
import { sqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

/** `?` placeholders as PostgreSQL numbers them. */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export async function openPostgresStore(url: string): Promise<Store> {
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
  try {
    await transaction(() => migrate('postgres'));
  } catch (error) {
    await pool.end();
    throw error;
  }
  const sql: Sql = {
    ...statements((statement) => execute(statement)),
    transaction,
    touch: async (text, ...params) => void (await execute(exec(text, ...params))),
    close: () => pool.end(),
  };
  return sqlStore(sql);
}
