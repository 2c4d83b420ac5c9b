// The Slurm jobs of sweeps, found by their name (`sextant-SWEEP_ID`), for `sextant ps` and for
// `stop`/`cancel`: they are the user's own jobs in the queue, so no record of them is kept.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { run } from './run-command.ts';

export const jobName = (sweepId: string): string => `sextant-${sweepId}`;

/** Single-quoted for sh. */
export const shellQuote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

export interface SlurmTask {
  /** 1234_5 */
  id: string;
  state: string;
}

/**
 * Tasks from `squeue --array --format=%i|…|%T` lines: with --array each task is a line, except
 * tasks that never left the queue as one record (`12_[4-5,7]`, e.g. canceled while pending).
 */
export function parseTasks(listing: string): Array<SlurmTask & { fields: string[] }> {
  return listing.split('\n').filter((line) => line.includes('|')).flatMap((line) => {
    const fields = line.split('|');
    const [id, state] = [fields[0], fields.at(-1)!];
    const range = /^(\d+)_\[([\d,-]+)(%\d+)?\]$/.exec(id);
    if (!range) return [{ id, state, fields }];
    return range[2].split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, k) => ({ id: `${range[1]}_${from + k}`, state, fields }));
    });
  });
}

/**
 * Whether this machine is a Slurm client. Without a config Slurm's commands retry reading it for a
 * minute, which `ps` must not wait for. /run/slurm/conf is where a configless node keeps its copy.
 */
const isSlurmClient = (): boolean =>
  [process.env.SLURM_CONF, '/etc/slurm/slurm.conf', '/etc/slurm-llnl/slurm.conf', '/run/slurm/conf/slurm.conf'].some((path) => path && existsSync(path));

/** The queued and recently ended tasks of this user's sweep jobs, by sweep ID; empty when there is no Slurm here. */
export async function slurmTasksBySweep(): Promise<Map<string, SlurmTask[]>> {
  const bySweep = new Map<string, SlurmTask[]>();
  if (!isSlurmClient()) return bySweep;
  const listed = await run('squeue', [`--user=${userInfo().username}`, '--array', '--noheader', '--format=%i|%j|%T']).catch(() => '');
  for (const { id, state, fields } of parseTasks(listed)) {
    const sweepId = /^sextant-(\w+)$/.exec(fields[1])?.[1];
    if (sweepId) bySweep.set(sweepId, [...(bySweep.get(sweepId) ?? []), { id, state }]);
  }
  return bySweep;
}

const ORDER = ['running', 'pending', 'completing'];

/** "slurm 1234: 2 running, 1 pending" for each job array of the tasks; other states after these. */
export function formatTasks(tasks: SlurmTask[]): string {
  const byJob = new Map<string, Map<string, number>>();
  for (const task of tasks) {
    const job = task.id.split('_')[0];
    const counts = byJob.get(job) ?? new Map<string, number>();
    counts.set(task.state.toLowerCase(), (counts.get(task.state.toLowerCase()) ?? 0) + 1);
    byJob.set(job, counts);
  }
  const rank = (state: string): number => (ORDER.indexOf(state) + ORDER.length + 1) % (ORDER.length + 1);
  return [...byJob].map(([job, counts]) => `slurm ${job}: ${[...counts].sort(([a], [b]) => rank(a) - rank(b)).map(([s, n]) => `${n} ${s}`).join(', ')}`).join('; ');
}

/**
 * The tasks of a sweep's Slurm jobs that `sextant stop` (pending tasks only: the running agents
 * drain by themselves) and `sextant cancel` (every task) reach.
 */
export async function tasksToCancel(sweepId: string, pendingOnly: boolean): Promise<SlurmTask[]> {
  return (await slurmTasksBySweep()).get(sweepId)?.filter((t) => t.state === 'PENDING' || (!pendingOnly && t.state === 'RUNNING')) ?? [];
}

/** scancel of the jobs of these tasks; a line saying so, or undefined when there are none. */
export async function cancelTasks(tasks: SlurmTask[], pendingOnly: boolean): Promise<string | undefined> {
  if (tasks.length === 0) return undefined;
  const jobs = [...new Set(tasks.map((t) => t.id.split('_')[0]))];
  await run('scancel', [...(pendingOnly ? ['--state=PENDING'] : []), ...jobs]);
  return `  scancel ${pendingOnly ? 'pending tasks of ' : ''}Slurm job ${jobs.join(', ')} (${tasks.length} task${tasks.length === 1 ? '' : 's'})`;
}
