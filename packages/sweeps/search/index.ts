// nextRuns: the one entry point of search. A pure function of (config, runs so far, rng).
import type { Rng, SearchMethod, Suggestion, SweepConfig, SweepRun } from '../types.ts';
import type { Search } from './method.ts';
import { gridSearch } from './grid.ts';
import { randomSearch } from './random.ts';
import { bayesSearch } from './bayes/index.ts';

export { gridLeft, gridPoint, gridSize, gridValues } from './grid.ts';
export type { Search } from './method.ts';

const SEARCHES: Record<Exclude<SearchMethod, 'custom'>, Search> = { grid: gridSearch, random: randomSearch, bayes: bayesSearch };

/** How many runs the sweep will have: the method's planned runs and run_cap, whichever is smaller; undefined when unbounded. */
export function expectedRunCount(config: SweepConfig): number | undefined {
  const planned = config.method === 'custom' ? undefined : SEARCHES[config.method].plannedRuns?.(config);
  return planned !== undefined && config.run_cap !== undefined ? Math.min(planned, config.run_cap) : (planned ?? config.run_cap);
}

/**
 * Up to `n` suggestions; fewer (possibly none) when the search space is exhausted. Within a batch
 * each suggestion counts as a pending run for the next, so a batch equals n sequential calls.
 */
export function nextRuns(config: SweepConfig, runs: SweepRun[], n: number, rng: Rng): Suggestion[] {
  if (config.method === 'custom') throw new Error("method 'custom' needs a search function from a local controller; Sextant searches with grid, random or bayes");
  const search = SEARCHES[config.method];
  const suggestions: Suggestion[] = [];
  let known = runs;
  for (let i = 0; i < n; i++) {
    const suggestion = search.suggest(config, known, rng);
    if (!suggestion) break;
    suggestions.push(suggestion);
    known = [...known, { id: `\u0000batch-${i}`, state: 'pending', config: suggestion.config, summary: {}, history: [] }];
  }
  return suggestions;
}
