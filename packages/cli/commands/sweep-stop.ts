// `sextant stop` drains sweeps (no new runs; running runs finish, then agents exit; pending Slurm
// tasks are canceled) and `sextant cancel` is the hard stop (agents kill their runs and exit; Slurm
// tasks are canceled): one sweep, every active sweep of a project (--project), or every active
// sweep of yours (--all). Each prints what it stopped.
import { Command } from 'commander';
import { call, routes, type SweepSummary } from '@sextant/client';
import { addServerOptions, orExit, serverFrom, ServerError, type Server, type ServerOptions } from './connection.ts';
import { locateSweep, type SweepPath } from './sweep-path.ts';
import { cancelTasks, tasksToCancel } from '../backends/slurm-jobs.ts';

export type { SweepSummary };

interface StopOptions extends ServerOptions {
  all?: boolean;
  project?: string;
  entity?: string;
}

export const isActive = (sweep: { state: string }): boolean => sweep.state !== 'FINISHED' && sweep.state !== 'CANCELED';

export function listSweeps(server: Server, entity?: string): Promise<SweepSummary[]> {
  return orExit(call(server, routes.listSweeps, { query: { entity } })).then((b) => b.sweeps);
}

export function stopCommand(): Command {
  return endCommand('stop', 'FINISHED', 'Stop sweeps gently: no new runs; running runs finish, then their agents exit (state FINISHED).');
}

export function cancelCommand(): Command {
  return endCommand('cancel', 'CANCELED', 'Cancel sweeps, the hard stop: agents kill their running runs and exit (state CANCELED).');
}

function endCommand(name: 'stop' | 'cancel', state: 'FINISHED' | 'CANCELED', what: string): Command {
  return addServerOptions(new Command(name))
    .description(what)
    .argument('[sweep]', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('--all', 'every active sweep of yours (with --project: of that project)')
    .option('-p, --project <project>', 'every active sweep of this project (or the project of a bare sweep ID)')
    .option('-e, --entity <entity>', 'entity of the sweeps (default: yours)')
    .addHelpText('after', `
Examples:
  $ sextant ${name} mnist/4vcna8xj
  $ sextant ${name} --project mnist      every active sweep of project mnist
  $ sextant ${name} --all                every active sweep of yours`)
    .action(async (sweep: string | undefined, options: StopOptions, command: Command) => {
      if (!sweep && !options.all && !options.project) return command.help({ error: true });
      const server = serverFrom(options);
      const targets: SweepPath[] = sweep
        ? [await orExit(locateSweep(server, sweep, options))]
        : (await listSweeps(server, options.entity)).filter((s) => isActive(s) && (!options.project || s.project === options.project));
      if (targets.length === 0) {
        process.stdout.write(`no active sweeps${options.project ? ` in project ${options.project}` : ''}\n`);
        return;
      }
      for (const target of targets) {
        const entity = target.entity ?? (await orExit(call(server, routes.viewer))).entity;
        const params = { entity, project: target.project, sweep: target.id };
        // The runs, agents and Slurm tasks the change reaches, read before it: after it, agents act on
        // it at their next heartbeat, and the counts fall while the answer is being made.
        const before = await call(server, routes.getSweep, { params }).catch(() => undefined);
        const tasks = await tasksToCancel(target.id, name === 'stop');
        const change = call(server, routes.setSweepState, { params, body: { state } });
        // A listed sweep may end on its own before it is reached: that is no error.
        const ended = sweep ? await orExit(change) : await change.catch((error: unknown) => {
          if (error instanceof ServerError && !error.transient && /already (FINISHED|CANCELED)/.test(error.message)) return undefined;
          return orExit(Promise.reject(error));
        });
        process.stdout.write(`${ended ? report(name, before ?? ended) : `${entity}/${target.project}/${target.id} had ended already`}\n`);
        // Its Slurm tasks (launch --backend slurm): pending ones would only start to find the sweep over.
        const slurm = await cancelTasks(tasks, name === 'stop').catch((error: Error) => `  ${error.message}`);
        if (slurm) process.stdout.write(`${slurm}\n`);
      }
      if (targets.length > 1) process.stdout.write(`${targets.length} sweeps ${name === 'stop' ? 'stopped' : 'canceled'}\n`);
    });
}

/** "stopped admin/mnist/abc: 2 running runs finish, then 2 agents exit". */
function report(name: 'stop' | 'cancel', sweep: SweepSummary): string {
  const running = sweep.runs.running ?? 0;
  const agents = sweep.agents.filter((a) => a.state === 'RUNNING').length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const then = name === 'stop' ? `${plural(running, 'running run')} finish, then` : `${plural(running, 'running run')} killed,`;
  return `${name === 'stop' ? 'stopped' : 'canceled'} ${sweep.entity}/${sweep.project}/${sweep.id}: ${then} ${plural(agents, 'agent')} exit${agents === 1 ? 's' : ''}`;
}
