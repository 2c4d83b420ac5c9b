import { Command } from 'commander';
import { validateCommand } from './sweep-validate.ts';
import { previewCommand } from './sweep-preview.ts';

export function sweepCommand(): Command {
  return new Command('sweep')
    .description('Work with sweep configs (sweep.yaml in the W&B format).')
    .addCommand(validateCommand())
    .addCommand(previewCommand());
}
