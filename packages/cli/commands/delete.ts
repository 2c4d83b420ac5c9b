// `sextant delete run PATH` and `sextant delete sweep PATH [--runs]`: a run with its history and
// files; a sweep with its agents, and its runs only with --runs. On a terminal it asks first;
// elsewhere it needs --yes.
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { call, routes } from '@sextant/client';
import { addServerOptions, orExit, serverFrom, ServerError, type Server, type ServerOptions } from './connection.ts';
import { locateSweep } from './sweep-path.ts';

interface DeleteOptions extends ServerOptions {
  yes?: boolean;
  runs?: boolean;
  project?: string;
}

export function deleteCommand(): Command {
  const yes = ['-y, --yes', 'delete without asking (needed when stdin is not a terminal)'] as const;
  const run = addServerOptions(new Command('run'))
    .description('Delete a run: its history, console, system metrics, alerts and files.')
    .argument('<run>', 'the run: ENTITY/PROJECT/RUN, PROJECT/RUN, or RUN with --project (RUN is the run id)')
    .option('-p, --project <project>', 'project of a bare run id (default: $WANDB_PROJECT)')
    .option(...yes)
    .action(async (text: string, options: DeleteOptions) => {
      const server = serverFrom(options);
      const path = await orExit(runPath(server, text, options.project ?? process.env.WANDB_PROJECT));
      await confirm(`delete run ${path} with its history and files?`, options.yes);
      const [entity, project, run] = path.split('/');
      await orExit(call(server, routes.deleteRun, { params: { entity, project, run } }));
      process.stdout.write(`deleted run ${path}\n`);
    });
  const sweep = addServerOptions(new Command('sweep'))
    .description('Delete a sweep and its agents; its runs stay as runs of no sweep unless --runs. A sweep still run by an agent is refused: cancel it first.')
    .argument('<sweep>', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('-p, --project <project>', 'project of a bare sweep ID')
    .option('--runs', 'delete the sweep\'s runs (and their files) too')
    .option(...yes)
    .action(async (text: string, options: DeleteOptions) => {
      const server = serverFrom(options);
      const located = await orExit(locateSweep(server, text, options));
      const entity = located.entity ?? await viewer(server);
      const path = `${entity}/${located.project}/${located.id}`;
      await confirm(`delete sweep ${path}${options.runs ? ' with all its runs and their files' : ''}?`, options.yes);
      const answer = await orExit(call(server, routes.deleteSweep, { params: { entity, project: located.project, sweep: located.id }, query: { runs: options.runs ? 'true' : undefined } }));
      process.stdout.write(options.runs ? `deleted sweep ${path} and its ${answer.runs} run${answer.runs === 1 ? '' : 's'}\n` : `deleted sweep ${path}; its runs stay (--runs deletes them too)\n`);
    });
  return new Command('delete')
    .description('Delete a run or a sweep.')
    .addCommand(run)
    .addCommand(sweep)
    .addHelpText('after', `
Examples:
  $ sextant delete run mnist/3kq9x2ab
  $ sextant delete sweep mnist/4vcna8xj --runs --yes`);
}

async function runPath(server: Server, text: string, project: string | undefined): Promise<string> {
  const parts = text.split('/');
  if (parts.length > 3 || parts.some((p) => p === '') || (parts.length === 1 && !project)) {
    throw new ServerError(`${text}: expected the run as ENTITY/PROJECT/RUN or PROJECT/RUN (or RUN with --project)`, false);
  }
  const [run, inProject = project!, entity] = [...parts].reverse();
  return `${entity ?? await viewer(server)}/${inProject}/${run}`;
}

async function viewer(server: Server): Promise<string> {
  return (await orExit(call(server, routes.viewer))).entity;
}

/** Asks on a terminal; elsewhere --yes must have been given. A "no" ends the command. */
async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    process.stderr.write(`sextant: not deleting: stdin is not a terminal to ask "${question}"; pass --yes\n`);
    process.exit(1);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`${question} [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    process.stderr.write('nothing deleted\n');
    process.exit(1);
  }
}
