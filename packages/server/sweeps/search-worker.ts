// The search thread (search-thread.ts): each message is a sweep's config, its runs and a seed; the
// answer is the suggestion, or the message of what the search threw.
import { parentPort } from 'node:worker_threads';
import { createRng, nextRuns, type SweepConfig, type SweepRun } from '@sextant/sweeps';
import type { SearchAnswer } from './search-thread.ts';

parentPort!.on('message', ({ id, config, runs, seed }: { id: number; config: SweepConfig; runs: SweepRun[]; seed: number }) => {
  let answer: SearchAnswer;
  try {
    answer = { id, suggestion: nextRuns(config, runs, 1, createRng(seed))[0] };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
