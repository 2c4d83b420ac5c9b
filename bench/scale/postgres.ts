// bench/scale on PostgreSQL: a throwaway cluster (scripts/postgres.sh) with one database per shape,
// migrated by a server, then filled with the runs, sweeps and projects of the SQLite data dir
// generated through the protocol (copied row by row: the same runs, not generated again).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openPostgresDatabase } from '../../packages/server/store/postgres.ts';
import { documentParam, documentText } from '../../packages/server/store/run-query-sql.ts';
import { parseJson } from '../../packages/server/store/json-text.ts';
import type { Param } from '../../packages/server/store/sql.ts';
import { startServerProcess } from '../../packages/server/testing/server-process.ts';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'postgres.sh');
const ROWS_PER_INSERT = 500;

export interface Cluster {
  /** A new database's URL. */
  database(name: string): Promise<string>;
  stop(): void;
}

export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-scale-pg-'));
  const url = execFileSync('sh', [script, 'start', dir], { encoding: 'utf8' }).trim();
  return {
    async database(name) {
      const admin = openPostgresDatabase(url);
      try {
        await admin.run(`CREATE DATABASE ${name}`);
      } finally {
        await admin.close();
      }
      return url.replace(/\/[^/]*$/, `/${name}`);
    },
    stop: () => {
      execFileSync('sh', [script, 'stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Migrates the database (a server started on it once), then copies the data dir's runs, sweeps and projects into it. */
export async function copyFromSqlite(file: string, url: string): Promise<void> {
  const server = await startServerProcess(mkdtempSync(join(tmpdir(), 'sextant-scale-pg-server-')), ['--database', url]);
  await server.stop();
  const source = new DatabaseSync(file, { readOnly: true });
  const target = openPostgresDatabase(url);
  try {
    for (const table of ['projects', 'sweeps', 'runs']) {
      const columns = (source.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name).filter((c) => !c.endsWith('_doc'));
      const documents = table === 'runs' ? ['config_doc', 'summary_doc'] : [];
      const all = [...columns, ...documents];
      const rows = source.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).all() as Array<Record<string, unknown>>;
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const chunk = rows.slice(start, start + ROWS_PER_INSERT);
        const params = chunk.flatMap((row) => [
          ...columns.map((c) => (c === 'stop_requested' ? (row[c] ? 'true' : 'false') : row[c]) as Param),
          ...documents.map((d) => documentText(parseJson(String(row[d.replace('_doc', '')])))),
        ]);
        const doc = documentParam('postgres');
        const row = `(${[...columns.map(() => '?'), ...documents.map(() => doc)].join(', ')})`;
        await target.run(`INSERT INTO ${table} (${all.join(', ')}) VALUES ${Array.from({ length: chunk.length }, () => row).join(', ')} ON CONFLICT DO NOTHING`, ...params);
      }
    }
    await target.run('ANALYZE');
  } finally {
    source.close();
    await target.close();
  }
}
