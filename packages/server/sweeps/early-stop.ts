// Hyperband on every history append of a sweep run (W&B checks "every few minutes", so short
// runs were never stopped): the sweep's runs, each with its metric milestones, go through the pure
// stopping function, and the runs it names are asked to stop. Agents then get `stop` commands and
// the runs' file_stream answers carry `stopped: true`. The milestones come from MetricSeries, so an
// append reads only the lines logged since the last one and the stopping function looks at a few
// numbers per run, not at every run's history; the runs themselves come from the kept copy the
// heartbeats use (sweep-runs.ts), refreshed with the runs changed since, not read whole on each append.
import { hyperbandBands, stopDecisions } from '@sextant/sweeps';
import { sweepConfig } from './sweep-config.ts';
import { sweepRuns as keptSweepRuns } from './sweep-runs.ts';
import { watchOf, type MetricSeries } from './metric-series.ts';
import type { RunKey, Store } from '../store/store.ts';

export async function earlyStop(store: Store, series: MetricSeries, key: RunKey, sweepName: string): Promise<string[]> {
  const sweep = await store.getSweep({ entity: key.entity, project: key.project, name: sweepName });
  if (!sweep) return [];
  const config = sweepConfig(sweep.config);
  if (!config?.early_terminate || !config.metric) return [];
  const watch = watchOf(config.metric.name, hyperbandBands(config.early_terminate));
  const runs = await keptSweepRuns(store, sweep);
  const milestones = await series.milestones(runs, watch);
  const judged = runs.map((run, i) => ({ id: run.name, state: run.state, milestones: milestones[i] }));
  const byName = new Map(runs.map((run) => [run.name, run]));
  const stopped: string[] = [];
  for (const decision of stopDecisions(config, judged)) {
    const run = byName.get(decision.runId);
    if (run && !run.stopRequested) {
      await store.requestStop(run);
      stopped.push(run.name);
    }
  }
  return stopped;
}
