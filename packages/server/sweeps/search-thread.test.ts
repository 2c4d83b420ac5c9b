// Bayes's suggestions on their thread: the same as on the main thread, errors with their message,
// and the main thread free while one is computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, loadSweepConfig, nextRuns, type SweepConfig, type SweepRun } from '@sextant/sweeps';
import { SearchThread } from './search-thread.ts';

/** Runs `use` with a search thread, closed after. */
async function withSearch(use: (search: SearchThread) => Promise<void>): Promise<void> {
  const search = new SearchThread();
  try {
    await use(search);
  } finally {
    await search.close();
  }
}

function bayesSweep(dims: number, finished: number): { config: SweepConfig; runs: SweepRun[] } {
  const parameters = Array.from({ length: dims }, (_, i) => `  x${i}: {min: 0.0, max: 1.0}`).join('\n');
  const { config } = loadSweepConfig(`method: bayes\nmetric: {name: loss, goal: minimize}\nparameters:\n${parameters}\n`);
  assert.ok(config);
  const rng = createRng(7);
  const runs = Array.from({ length: finished }, (_, t): SweepRun => {
    const x = Array.from({ length: dims }, () => rng.uniform());
    return {
      id: `r${t}`, state: 'finished', history: [],
      config: Object.fromEntries(x.map((v, i) => [`x${i}`, { value: v }])),
      summary: { loss: x.reduce((s, v) => s + (v - 0.3) ** 2, 0) },
    };
  });
  return { config, runs };
}

test('the thread suggests what nextRuns suggests on the main thread, for the same config, runs and seed', { timeout: 60_000 }, () => withSearch(async (search) => {
  const { config, runs } = bayesSweep(3, 20);
  const suggestion = await search.suggest(config, runs, 11);
  assert.equal(suggestion?.info?.phase, 'model', 'past the initial design: the model chose it');
  assert.deepEqual(suggestion, nextRuns(config, runs, 1, createRng(11))[0]);
}));

test('an error of the search reaches the caller with its message, and the thread goes on', { timeout: 60_000 }, () => withSearch(async (search) => {
  const { config, runs } = bayesSweep(2, 5);
  await assert.rejects(search.suggest({ ...config, metric: undefined }, runs, 1), /method bayes needs a metric to optimize/);
  assert.ok(await search.suggest(config, runs, 1));
}));

test('while the thread computes a suggestion, the main thread goes on turning its event loop', { timeout: 60_000 }, () => withSearch(async (search) => {
  const { config, runs } = bayesSweep(10, 200);
  let turns = 0;
  let waiting = true;
  const spin = (): void => {
    turns++;
    if (waiting) setImmediate(spin);
  };
  const suggestion = search.suggest(config, runs, 3);
  setImmediate(spin);
  await suggestion;
  waiting = false;
  // A suggestion at 200 runs in 10-d takes tens of milliseconds; computed here, it would leave no turn.
  assert.ok(turns > 100, `${turns} turns of the event loop while the suggestion was computed`);
}));
