// Hyperband on every history append of a sweep run (W&B checks "every few minutes", so short
// runs were never stopped): the sweep's runs and their metric histories go through the pure
// stopping function, and the runs it names are asked to stop. Agents then get `stop` commands and
// the runs' file_stream answers carry `stopped: true`.
import { stopDecisions, type Json, type SweepRun } from '@sextant/sweeps';
import { sweepConfig } from './sweep-config.ts';
import type { RunKey, Store } from '../store/store.ts';

export async function earlyStop(store: Store, key: RunKey, sweepName: string): Promise<string[]> {
  const sweep = await store.getSweep({ entity: key.entity, project: key.project, name: sweepName });
  if (!sweep) return [];
  const config = sweepConfig(sweep.config);
  if (!config?.early_terminate || !config.metric) return [];
  const metric = config.metric.name;
  const runs = await store.sweepRuns(sweep);
  const sweepRuns: SweepRun[] = await Promise.all(runs.map(async (run) => {
    const history = (await store.readLines(run, 'history', 0, 1_000_000))
      .map((line) => JSON.parse(line) as Record<string, Json>)
      .filter((row) => metric in row)
      .map((row) => ({ [metric]: row[metric] }));
    return { id: run.name, state: run.state, config: run.config as SweepRun['config'], summary: run.summary, history };
  }));
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
