import { Command } from 'commander';
import { loadSweepConfig } from '@sextant/sweeps';
import { readInput } from './read-file.ts';
import { byPosition, countLine, formatViolation } from './violations.ts';

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check a sweep config (YAML or JSON, W&B format) and print every problem with its line and column.')
    .argument('<file>', 'the sweep config, e.g. sweep.yaml')
    .option('--json', 'print the violations as a JSON array instead')
    .addHelpText('after', `
Exit status: 0 when the config can run (warnings allowed), 1 when it has errors, 2 when the file cannot be read.

Example:
  $ sextant sweep validate sweep.yaml
  sweep.yaml:7:12 parameters.lr.min: error: min (0.1) must be less than max (0.01)
  sweep.yaml: 1 error, 0 warnings`)
    .action((file: string, options: { json?: boolean }) => {
      const { violations } = loadSweepConfig(readInput(file, 'sweep config'));
      violations.sort(byPosition);
      if (options.json) process.stdout.write(`${JSON.stringify(violations, null, 2)}\n`);
      else process.stdout.write([...violations.map((v) => formatViolation(file, v)), countLine(file, violations)].join('\n') + '\n');
      process.exitCode = violations.some((v) => v.severity === 'error') ? 1 : 0;
    });
}
