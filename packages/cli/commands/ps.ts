// `sextant ps` lists sweeps with their state, runs and agents.
import { Command } from 'commander';
import { addServerOptions, serverFrom, type ServerOptions } from './connection.ts';
import { isActive, listSweeps, type SweepSummary } from './sweep-stop.ts';
import { formatTasks, slurmTasksBySweep } from '../backends/slurm-jobs.ts';

const age = (iso: string): string => {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return seconds < 120 ? `${seconds}s` : seconds < 7200 ? `${Math.round(seconds / 60)}m` : `${Math.round(seconds / 3600)}h`;
};

/** "3 (last heartbeat 2s, 4s; 1 dead)": live agents with their heartbeat age, then how many died. */
function agentsCell(agents: SweepSummary['agents']): string {
  const live = agents.filter((a) => a.state === 'RUNNING');
  const dead = agents.filter((a) => a.state === 'DEAD').length;
  const notes = [live.length > 0 ? `last heartbeat ${live.map((a) => age(a.heartbeatAt)).join(', ')}` : '', dead > 0 ? `${dead} dead` : ''].filter(Boolean);
  return notes.length === 0 ? String(live.length) : `${live.length} (${notes.join('; ')})`;
}

export function psCommand(): Command {
  return addServerOptions(new Command('ps'))
    .description('List your sweeps: state, runs by state, agents with the age of their last heartbeat, and the Slurm jobs launched for them.')
    .option('--all', 'include finished and canceled sweeps')
    .addHelpText('after', `
Example:
  $ sextant ps
  SWEEP                  STATE     RUNS                         AGENTS
  admin/mnist/4vcna8xj   RUNNING   2 running, 5 finished        2 (last heartbeat 3s, 4s)`)
    .action(async (options: ServerOptions & { all?: boolean }) => {
      const sweeps = (await listSweeps(serverFrom(options))).filter((s) => options.all || isActive(s));
      if (sweeps.length === 0) {
        process.stdout.write(options.all ? 'no sweeps yet: create one with sextant sweep sweep.yaml\n' : 'no active sweeps (sextant ps --all lists ended ones)\n');
        return;
      }
      // Jobs of `launch --backend slurm`, when this machine has Slurm: they are named after their sweep.
      const slurm = await slurmTasksBySweep();
      const rows = sweeps.map((s) => [
        `${s.entity}/${s.project}/${s.id}`, s.state,
        Object.entries(s.runs).map(([state, n]) => `${n} ${state}`).join(', ') || 'none',
        agentsCell(s.agents),
        ...(slurm.size > 0 ? [formatTasks(slurm.get(s.id) ?? []) || '-'] : []),
      ]);
      const all = [['SWEEP', 'STATE', 'RUNS', 'AGENTS', ...(slurm.size > 0 ? ['JOBS'] : [])], ...rows];
      const widths = all[0].map((_, c) => Math.max(...all.map((r) => r[c].length)));
      process.stdout.write(all.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] + 2) : cell)).join('')).join('\n') + '\n');
    });
}
