// The CPU a benchmark's parts use, read from /proc (Linux): the server processes, PostgreSQL (every
// process of the cluster) and the bench itself (the simulated clients), so that a figure can say
// which part the 2 cores were spent on.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { WRITER_THREAD } from '../packages/server/store/sqlite-run-writes.ts';

/**
 * CPU seconds a process used so far, all its threads or those named `thread` (the scheduler's
 * nanoseconds, finer than the 10 ms ticks of /proc/PID/stat); 0 once it is gone. A thread that
 * ended took its time with it.
 */
function cpuSeconds(pid: number, thread?: string): number {
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, task) => {
      try {
        if (thread !== undefined && readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim() !== thread) return sum;
        return sum + Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
      } catch {
        return sum;
      }
    }, 0);
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
  /** The server processes: Sextant's replicas, or a null server. */
  servers: number;
  /** Of `servers`, their SQLite write worker threads. */
  writer: number;
  postgres: number;
  bench: number;
  wallSeconds: number;
}

/** Starts counting; the returned function gives the CPU seconds used since, by each part. */
export async function cpuMeter(database: string | undefined, serverPids: number[]): Promise<() => CpuSplit> {
  let postmaster: number | undefined;
  if (database) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    postmaster = parentOf(Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid));
    await client.end();
  }
  // Backends that end while measuring take their CPU with them: the pools keep theirs open.
  const postgresNow = (): number => (postmaster ? clusterPids(postmaster).reduce((sum, pid) => sum + cpuSeconds(pid), 0) : 0);
  const serversNow = (): number => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const writerNow = (): number => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid, WRITER_THREAD), 0);
  const benchNow = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const start = { servers: serversNow(), writer: writerNow(), postgres: postgresNow(), bench: benchNow(), at: performance.now() };
  return () => ({
    servers: serversNow() - start.servers,
    writer: writerNow() - start.writer,
    postgres: postgresNow() - start.postgres,
    bench: benchNow() - start.bench,
    wallSeconds: (performance.now() - start.at) / 1000,
  });
}
