// Where bench/replicas spends its time: the statements PostgreSQL ran per assignment, from its
// statement log (the CPU each part used is bench/cpu-meter.ts's).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** Logs every statement run on the database from its next connections on; the log's path. */
export async function logStatements(database: string): Promise<string> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const name = (await client.query('SELECT current_database() AS name')).rows[0].name as string;
    await client.query(`ALTER DATABASE ${name} SET log_statement = 'all'`);
    // scripts/postgres.sh logs to the file `log` beside the data directory.
    return join(dirname((await client.query("SELECT current_setting('data_directory') AS dir")).rows[0].dir as string), 'log');
  } finally {
    await client.end();
  }
}

/** The statements logged after `offset` bytes of the log, by kind (the first words, literals out), most first. */
export function statementCounts(log: string, offset: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(log, 'utf8').slice(offset).split('\n')) {
    const match = /LOG:\s+(?:statement|execute [^:]*):\s+(.*)$/.exec(line);
    if (!match) continue;
    const kind = match[1].replace(/\s+/g, ' ').replace(/'[^']*'/g, "'…'").slice(0, 60);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
