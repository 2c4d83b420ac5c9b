// `sextant sweep validate FILE...`: check sweep configs offline, printing problems like a compiler.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadSweepConfig, type Violation } from '@sextant/sweeps';
import { byPosition, countLine, formatViolation } from './violations.ts';

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check sweep configs (YAML or JSON, W&B format) and print every problem with its line and column.')
    .argument('<files...>', 'sweep configs, e.g. sweep.yaml')
    .option('--json', 'print the violations as a JSON array (each with its file) instead')
    .addHelpText('after', `
Each problem is printed as FILE:LINE:COL PATH: SEVERITY: MESSAGE, then one count line per file.
Warnings are what W&B also tolerates (unknown top-level keys, deprecated log_uniform); errors stop
a sweep from being created.

Exit status: 0 when every config can run (warnings allowed), 1 when one has errors,
2 when a file cannot be read.

Example:
  $ sextant sweep validate sweep.yaml
  sweep.yaml:7:12 parameters.lr.min: error: min (0.1) must be less than max (0.01)
  sweep.yaml:9:1 metrik: warning: unknown top-level key 'metrik' is ignored (did you mean 'metric'?)
  sweep.yaml: 1 error, 1 warning`)
    .action((files: string[], options: { json?: boolean }) => {
      const found: Array<Violation & { file: string }> = [];
      const lines: string[] = [];
      let unreadable = false;
      for (const file of files) {
        const text = read(file);
        if (text === undefined) {
          unreadable = true;
          continue;
        }
        const violations = loadSweepConfig(text).violations.sort(byPosition);
        found.push(...violations.map((v) => ({ file, ...v })));
        lines.push(...violations.map((v) => formatViolation(file, v)), countLine(file, violations));
      }
      if (options.json) process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      else if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = unreadable ? 2 : found.some((v) => v.severity === 'error') ? 1 : 0;
    });
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    process.stderr.write(`sextant: cannot read sweep config ${file}: ${reason}\n`);
    return undefined;
  }
}
