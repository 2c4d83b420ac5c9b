// What every search method promises nextRuns (see method.ts), checked on each of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../rng.ts';
import { valueKey } from '../space/identity.ts';
import type { SweepRun } from '../types.ts';
import type { Search } from './method.ts';
import { gridSearch } from './grid.ts';
import { randomSearch } from './random.ts';
import { bayesSearch } from './bayes/index.ts';
import { expectedRunCount } from './index.ts';
import { sweep } from './testing.ts';

const space = 'parameters: {a: {values: [x, y, z]}, n: {min: 1, max: 3}, c: {value: 7}}';
const methods: Array<[string, Search, string]> = [
  ['grid', gridSearch, `method: grid\n${space}`],
  ['random without replacement', randomSearch, `method: random\nsample_without_replacement: true\n${space}`],
  ['bayes', bayesSearch, `method: bayes\nmetric: {name: loss}\n${space}`],
];

/** Six runs: three finished with a loss, three handed out and not reported yet. */
function history(search: Search, yaml: string): SweepRun[] {
  const config = sweep(yaml);
  const runs: SweepRun[] = [];
  for (let i = 0; i < 6; i++) {
    const s = search.suggest(config, runs, createRng(i));
    assert.ok(s);
    const done = i < 3;
    runs.push({ id: `r${i}`, state: done ? 'finished' : 'pending', config: s.config, summary: done ? { loss: i } : {}, history: [] });
  }
  return runs;
}

for (const [name, search, yaml] of methods) {
  test(`${name}: a pure function of config, runs and rng state`, () => {
    const config = sweep(yaml);
    const runs = history(search, yaml);
    const before = structuredClone(runs);
    const first = search.suggest(config, runs, createRng(11));
    assert.deepEqual(runs, before);
    assert.deepEqual(search.suggest(sweep(yaml), structuredClone(runs), createRng(11)), first);
  });

  test(`${name}: never hands out the point of a run in flight or done`, () => {
    const config = sweep(yaml);
    const runs = history(search, yaml);
    const taken = new Set(runs.map((run) => valueKey(run.config as never)));
    for (let seed = 0; seed < 5; seed++) {
      const s = search.suggest(config, runs, createRng(seed));
      assert.ok(s && !taken.has(valueKey(s.config as never)), `seed ${seed}: ${JSON.stringify(s?.config)}`);
    }
  });
}

test('only a method that knows its size up front plans runs; run_cap caps them', () => {
  assert.equal(gridSearch.plannedRuns?.(sweep(methods[0][2])), 9);
  assert.equal(expectedRunCount(sweep(`method: grid\nrun_cap: 4\n${space}`)), 4);
  assert.equal(randomSearch.plannedRuns, undefined);
  assert.equal(bayesSearch.plannedRuns, undefined);
  assert.equal(expectedRunCount(sweep(methods[2][2])), undefined);
});
