// `sextant best SWEEP`: the sweep's best run by its metric, with the parameters that reached it.
import { Command } from 'commander';
import { addServerOptions, orExit, serverFrom, type ServerOptions } from './connection.ts';
import { bestRun, formatValue, sweepRuns, sweepTarget } from './launch-progress.ts';

export function bestCommand(): Command {
  return addServerOptions(new Command('best'))
    .description('Print the best run of a sweep (by the sweep\'s metric and goal) and its parameters.')
    .argument('<sweep>', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('-p, --project <project>', 'project of a bare sweep ID')
    .option('--json', 'print {id, name, metric, value, config} as JSON')
    .option('--id', 'print only the run ID, for scripts')
    .addHelpText('after', `
Examples:
  $ sextant best mnist/4vcna8xj
  best run 3k9x2ab1 (dainty-sun-4): val_loss = 0.0421  lr=0.0031 batch_size=64
  $ cp models/$(sextant best mnist/4vcna8xj --id).json best-model.json`)
    .action(async (sweep: string, options: ServerOptions & { project?: string; json?: boolean; id?: boolean }) => {
      const server = serverFrom(options);
      const target = await sweepTarget(server, sweep, options);
      const metric = target.config.metric;
      if (!metric) {
        process.stderr.write(`sextant: sweep ${sweep} has no metric, so no run is best\n`);
        process.exitCode = 1;
        return;
      }
      const best = bestRun(target.config, await orExit(sweepRuns(server, target)));
      if (!best) {
        process.stderr.write(`sextant: no run of sweep ${sweep} has logged ${metric.name} yet\n`);
        process.exitCode = 1;
        return;
      }
      if (options.id) process.stdout.write(`${best.id}\n`);
      else if (options.json) process.stdout.write(`${JSON.stringify({ id: best.id, name: best.name, metric: metric.name, value: best.value, config: best.config })}\n`);
      else process.stdout.write(`best run ${best.id} (${best.name}): ${metric.name} = ${formatValue(best.value)}  ${best.params}\n`);
    });
}
