import { Command } from 'commander';
import { validateCommand } from './sweep-validate.ts';
import { previewCommand } from './sweep-preview.ts';

export function sweepCommand(): Command {
  return new Command('sweep')
    .description('Work with sweep configs (sweep.yaml in the W&B format).')
    .addHelpText('after', `
Examples:
  $ sextant sweep validate sweep.yaml           check the config, with file:line:col for each problem
  $ sextant sweep preview sweep.yaml --runs 5   print the first 5 run configs agents would get`)
    .addCommand(validateCommand())
    .addCommand(previewCommand());
}
