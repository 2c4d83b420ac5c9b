// Indexes made on first use for listings ordered by a config or summary field (W&B users sort a
// project by a metric): the first such listing reads every run once to build the index, the next
// ones read a page's runs. Each index costs every write of a run's documents a little, so a
// database keeps at most MAX_SORT_INDEXES of them; orders beyond that read every run each time.
import { exec, now, one, script, type Sql } from './sql.ts';
import type { RunOrder } from './run-store.ts';
import { sortIndexSql } from './run-query-sql.ts';

export const MAX_SORT_INDEXES = 16;

/** Makes sure, once per process and index, that the index for an order exists when there is room for it. */
export function sortIndexes(sql: Sql): (order: RunOrder) => Promise<void> {
  const settled = new Set<string>();
  return async (order) => {
    const index = sortIndexSql(sql.dialect, order);
    if (!index || settled.has(index.name)) return;
    await sql.transaction(function* () {
      // Servers sharing a PostgreSQL database take turns, so two never build the same index at once.
      if (sql.dialect === 'postgres') yield one('SELECT pg_advisory_xact_lock(7413202)');
      if (yield one('SELECT 1 FROM run_sort_indexes WHERE name = ?', index.name)) return;
      if (Number((yield one('SELECT COUNT(*) AS n FROM run_sort_indexes')).n) >= MAX_SORT_INDEXES) return;
      yield script(index.sql);
      yield exec('INSERT INTO run_sort_indexes (name, created_at) VALUES (?, ?)', index.name, now());
    });
    settled.add(index.name);
  };
}
