// Where bench/replicas spends its time: the CPU used by the server replicas, by PostgreSQL (every
// process of the cluster) and by the bench itself (the simulated agents), read from /proc (Linux),
// and the statements PostgreSQL ran per assignment, from its statement log.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) a process used so far; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // The fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
}

/** The cluster's processes: its postmaster and all its children (backends, writers). */
function clusterPids(postmaster: number): number[] {
  const children = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      return parentOf(pid) === postmaster;
    } catch {
      return false;
    }
  });
  return [postmaster, ...children];
}

export interface CpuSplit {
  replicas: number;
  postgres: number;
  bench: number;
  wallSeconds: number;
}

/** Starts counting; the returned function gives the CPU seconds used since, by each part. */
export async function cpuMeter(database: string | undefined, replicaPids: number[]): Promise<() => CpuSplit> {
  let postmaster: number | undefined;
  if (database) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    postmaster = parentOf(Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid));
    await client.end();
  }
  // Backends that end while measuring take their CPU with them: the pools keep theirs open.
  const postgresNow = (): number => (postmaster ? clusterPids(postmaster).reduce((sum, pid) => sum + cpuSeconds(pid), 0) : 0);
  const replicasNow = (): number => replicaPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const benchNow = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const start = { replicas: replicasNow(), postgres: postgresNow(), bench: benchNow(), at: performance.now() };
  return () => ({
    replicas: replicasNow() - start.replicas,
    postgres: postgresNow() - start.postgres,
    bench: benchNow() - start.bench,
    wallSeconds: (performance.now() - start.at) / 1000,
  });
}

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
