import { Command } from 'commander';
import { validateCommand } from './sweep-validate.ts';
import { previewCommand } from './sweep-preview.ts';
import { createSweep, stateCommand } from './sweep-control.ts';
import { addServerOptions } from './connection.ts';

export function sweepCommand(): Command {
  return addServerOptions(new Command('sweep'))
    .description('Create a sweep on the server from a sweep config (W&B format), check one, or change a sweep\'s state.')
    .argument('[file]', 'the sweep config to create a sweep from')
    .option('-p, --project <project>', 'project of the sweep (default: the config\'s project, else "uncategorized")')
    .option('-e, --entity <entity>', 'entity (default: yours)')
    .option('--name <name>', 'display name of the sweep')
    .addHelpText('after', `
Examples:
  $ sextant sweep sweep.yaml --project mnist   create a sweep; prints its ID and the agent command
  $ sextant sweep pause mnist/4vcna8xj         no new runs until resume; running runs go on
  $ sextant sweep validate sweep.yaml          check the config, with file:line:col for each problem
  $ sextant sweep preview sweep.yaml --runs 5  print the first 5 run configs agents would get`)
    .action(async (file: string | undefined, options: { host?: string; key?: string; project?: string; entity?: string; name?: string }, command: Command) => {
      if (!file) return command.help();
      await createSweep(file, options);
    })
    .addCommand(validateCommand())
    .addCommand(previewCommand())
    .addCommand(stateCommand('pause', 'PAUSED', 'Pause a sweep: no new runs; running runs go on.'))
    .addCommand(stateCommand('resume', 'RUNNING', 'Resume a paused sweep.'))
    .addCommand(stateCommand('stop', 'FINISHED', 'Finish a sweep: no new runs; running runs finish; agents then exit.'))
    .addCommand(stateCommand('cancel', 'CANCELED', 'Cancel a sweep: agents kill their runs and exit.'));
}
