import type { Rng, Suggestion, SweepConfig, SweepRun } from '../../types.ts';

/** One bayes suggestion given the sweep's runs (pending and running ones included). */
export function suggestBayes(_config: SweepConfig, _runs: SweepRun[], _rng: Rng): Suggestion {
  throw new Error('bayes: being written');
}
