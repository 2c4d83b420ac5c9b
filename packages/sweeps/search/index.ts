// nextRuns: the one entry point of search. A pure function of (config, runs so far, rng).
import type { Rng, Suggestion, SweepConfig, SweepRun } from '../types.ts';
import { toRunConfig } from '../space/params.ts';
import { gridSize, nextGridPoint } from './grid.ts';
import { randomPoint, unseenPoint } from './random.ts';
import { suggestBayes } from './bayes/index.ts';

export { gridLeft, gridPoint, gridSize, gridValues } from './grid.ts';

/** How many runs the sweep will have: the grid's size and run_cap, whichever is smaller; undefined when unbounded. */
export function expectedRunCount(config: SweepConfig): number | undefined {
  const grid = config.method === 'grid' ? gridSize(config) : undefined;
  return grid !== undefined && config.run_cap !== undefined ? Math.min(grid, config.run_cap) : (grid ?? config.run_cap);
}

/**
 * Up to `n` suggestions; fewer (possibly none) when the search space is exhausted. Within a batch
 * each suggestion counts as a pending run for the next, so a batch equals n sequential calls.
 */
export function nextRuns(config: SweepConfig, runs: SweepRun[], n: number, rng: Rng): Suggestion[] {
  const suggestions: Suggestion[] = [];
  let known = runs;
  for (let i = 0; i < n; i++) {
    const suggestion = nextRun(config, known, rng);
    if (!suggestion) break;
    suggestions.push(suggestion);
    known = [...known, { id: `\u0000batch-${i}`, state: 'pending', config: suggestion.config, summary: {}, history: [] }];
  }
  return suggestions;
}

function nextRun(config: SweepConfig, runs: SweepRun[], rng: Rng): Suggestion | undefined {
  switch (config.method) {
    case 'grid': {
      const point = nextGridPoint(config, runs);
      return point && { config: toRunConfig(config.params, point) };
    }
    case 'random': {
      const point = config.sample_without_replacement ? unseenPoint(config, runs, rng) : randomPoint(config.params, rng);
      return point && { config: toRunConfig(config.params, point) };
    }
    case 'bayes':
      return suggestBayes(config, runs, rng);
    case 'custom':
      throw new Error("method 'custom' needs a search function from a local controller; Sextant searches with grid, random or bayes");
  }
}
