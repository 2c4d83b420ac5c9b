import { Command } from 'commander';
import { integer, positiveInt } from './numbers.ts';
import { createRng, gridLeft, gridSize, loadSweepConfig, nextRuns, type Json, type RunConfig, type SweepRun } from '@sextant/sweeps';
import { readInput } from './read-file.ts';
import { byPosition, formatViolation } from './violations.ts';

export function previewCommand(): Command {
  return new Command('preview')
    .description('Print the next run configs agents would get from a sweep config, without a server (W&B has no dry run).')
    .argument('<file>', 'the sweep config, e.g. sweep.yaml')
    .option('-n, --runs <n>', 'how many runs to print', positiveInt, 10)
    .option('--seed <seed>', 'random seed (default: the config\'s seed, else 0)', integer)
    .option('--existing <runs.json>', 'runs already in the sweep: a JSON array of run configs ({"lr": {"value": 0.1}}) or of runs ({"config": {...}, "state": "finished"})')
    .addHelpText('after', `
Prints one run config per line, exactly as agents receive it. For grid sweeps a last line
"# grid: N runs in all, M left" follows. Runs in --existing count as taken (grid never repeats them).

Example:
  $ sextant sweep preview sweep.yaml --runs 3
  {"v1":{"value":1},"v2":{"value":4}}
  {"v1":{"value":1},"v2":{"value":5}}
  {"v1":{"value":2},"v2":{"value":4}}
  # grid: 6 runs in all, 6 left`)
    .action((file: string, options: { runs: number; seed?: number; existing?: string }) => {
      const { config, violations } = loadSweepConfig(readInput(file, 'sweep config'));
      if (!config) {
        process.stderr.write(violations.sort(byPosition).map((v) => formatViolation(file, v)).join('\n') + '\n');
        process.exitCode = 1;
        return;
      }
      const existing = options.existing ? readRuns(options.existing) : [];
      if (!existing) {
        process.exitCode = 1;
        return;
      }
      const rng = createRng(options.seed ?? config.seed ?? 0);
      try {
        const suggestions = nextRuns(config, existing, options.runs, rng);
        for (const s of suggestions) process.stdout.write(`${JSON.stringify(s.config)}\n`);
        if (config.method === 'grid') {
          process.stdout.write(`# grid: ${gridSize(config)} runs in all, ${gridLeft(config, existing)} left\n`);
        }
      } catch (error) {
        process.stderr.write(`${file}: ${(error as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}



/** Runs from --existing; undefined (after printing why) when the file is not what we accept. */
function readRuns(file: string): SweepRun[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readInput(file, 'runs file'));
  } catch (error) {
    process.stderr.write(`${file}: not valid JSON: ${(error as Error).message}\n`);
    return undefined;
  }
  if (!Array.isArray(data)) {
    process.stderr.write(`${file}: expected a JSON array of runs\n`);
    return undefined;
  }
  const runs: SweepRun[] = [];
  for (const [i, item] of data.entries()) {
    const isRun = typeof item === 'object' && item !== null && 'config' in item;
    const config = (isRun ? item.config : item) as RunConfig;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      process.stderr.write(`${file}: run ${i}: expected a run config object such as {"lr": {"value": 0.1}}\n`);
      return undefined;
    }
    runs.push({
      id: String(isRun && item.id !== undefined ? item.id : `existing-${i}`),
      state: isRun && typeof item.state === 'string' ? item.state : 'finished',
      config,
      summary: (isRun && item.summary) || {},
      history: (isRun && Array.isArray(item.history) ? item.history : []) as Array<Record<string, Json>>,
    });
  }
  return runs;
}
