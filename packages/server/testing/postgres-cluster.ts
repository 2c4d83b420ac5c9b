// A throwaway PostgreSQL cluster on loopback (scripts/postgres.sh) for tests and benchmarks, with a
// fresh database per use.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'postgres.sh');

export interface PostgresCluster {
  /** A new empty database on the cluster: its URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

export function startPostgresCluster(): PostgresCluster {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-pg-'));
  const url = execFileSync('sh', [script, 'start', dir], { encoding: 'utf8' }).trim();
  let databases = 0;
  return {
    async createDatabase() {
      const name = `sextant_${process.pid}_${databases++}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    stop: () => void execFileSync('sh', [script, 'stop', dir]),
  };
}
