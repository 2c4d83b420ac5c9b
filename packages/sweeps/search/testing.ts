// Builders shared by the search and stopping tests.
import type { Json, RunConfig, RunState, SweepConfig, SweepRun } from '../types.ts';
import { loadSweepConfig } from '../config/index.ts';

export function sweep(yaml: string): SweepConfig {
  const { config, violations } = loadSweepConfig(yaml);
  if (!config) throw new Error(`test config is invalid: ${JSON.stringify(violations)}`);
  return config;
}

export function run(id: string, config: Record<string, Json>, state: RunState = 'finished', history: Array<Record<string, Json>> = []): SweepRun {
  const wrapped: RunConfig = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }]));
  return { id, state, config: wrapped, summary: {}, history };
}

/** The suggestion's top-level values, unwrapped. */
export function values(config: RunConfig): Record<string, Json> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.value]));
}
