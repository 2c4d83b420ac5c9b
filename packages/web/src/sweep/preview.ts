// A sweep config checked and previewed in the browser with the same library the server uses
// (@sextant/sweeps): every problem with its line, the parameters, how many runs it plans, and the
// first runs its search would hand out.
import { createRng, expectedRunCount, loadSweepConfig, nextRuns, valueOf, type Json, type SweepConfig, type Violation } from '@sextant/sweeps';

export interface SweepPreview {
  violations: Violation[];
  config?: SweepConfig;
  /** Runs it plans (a grid's size, `run_cap`); undefined when it searches until stopped. */
  expected?: number;
  /** The varying parameters' names, the columns of `runs`. */
  parameters: string[];
  runs: Json[][];
  /** Why there are no runs to show, when the search itself refused. */
  problem?: string;
}

/** The check and the first `n` runs (random and bayes draw with the config's seed, or 0: the sweep gets its own). */
export function previewSweep(text: string, n = 10): SweepPreview {
  const { config, violations } = loadSweepConfig(text);
  if (!config) return { violations, parameters: [], runs: [] };
  const varying = config.params.filter((p) => p.type !== 'constant');
  const preview: SweepPreview = { violations, config, expected: expectedRunCount(config), parameters: varying.map((p) => p.name), runs: [] };
  try {
    preview.runs = nextRuns(config, [], n, createRng(config.seed ?? 0)).map((s) => varying.map((p) => valueOf(s.config, p) ?? null));
  } catch (error) {
    preview.problem = (error as Error).message;
  }
  return preview;
}

/** A violation as one line: `line 4: parameters.lr.min: …`. */
export function describe(v: Violation): string {
  return `${v.line ? `line ${v.line}: ` : ''}${v.path ? `${v.path}: ` : ''}${v.message}`;
}

export const STARTER = `# What to run and what to optimize
program: train.py
method: bayes          # grid, random or bayes
metric:
  name: val_loss
  goal: minimize
run_cap: 20
parameters:
  lr:
    distribution: log_uniform_values
    min: 0.0001
    max: 0.1
  batch_size:
    values: [32, 64, 128]
  optimizer:
    values: [adam, sgd]
`;
