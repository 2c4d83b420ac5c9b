// Hyperband on every history append of a sweep run (W&B checks "every few minutes", so short
// runs were never stopped): the sweep's runs and their metric histories go through the pure
// stopping function, and the runs it names are asked to stop. Agents then get `stop` commands and
// the runs' file_stream answers carry `stopped: true`. The metric rows come from MetricSeries, so an
// append reads only the lines logged since the last one, not every run's whole history; the runs
// themselves come from the kept copy the heartbeats use (sweep-runs.ts), refreshed with the runs
// changed since, not read and parsed whole on each append.
import { stopDecisions, type SweepRun } from '@sextant/sweeps';
import { sweepConfig } from './sweep-config.ts';
import { sweepRuns as keptSweepRuns } from './sweep-runs.ts';
import type { MetricSeries } from './metric-series.ts';
import type { RunKey, Store } from '../store/store.ts';

export async function earlyStop(store: Store, series: MetricSeries, key: RunKey, sweepName: string): Promise<string[]> {
  const sweep = await store.getSweep({ entity: key.entity, project: key.project, name: sweepName });
  if (!sweep) return [];
  const config = sweepConfig(sweep.config);
  if (!config?.early_terminate || !config.metric) return [];
  const metric = config.metric.name;
  const runs = await keptSweepRuns(store, sweep);
  const sweepRuns: SweepRun[] = await Promise.all(runs.map(async (run) => ({
    id: run.name, state: run.state, config: run.config as SweepRun['config'], summary: run.summary,
    history: await series.rows(run, metric, run.historyLineCount),
  })));
  const stopped: string[] = [];
  for (const decision of stopDecisions(config, sweepRuns)) {
    const run = runs.find((r) => r.name === decision.runId);
    if (run && !run.stopRequested) {
      await store.requestStop(run);
      stopped.push(run.name);
    }
  }
  return stopped;
}
