import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../rng.ts';
import { valueKey } from '../space/identity.ts';
import type { SweepRun } from '../types.ts';
import { nextRuns } from './index.ts';
import { sweep, values } from './testing.ts';

const yaml = `method: random
parameters:
  lr: {distribution: log_uniform_values, min: 1.0e-5, max: 0.1}
  layers: {values: [1, 2, 3]}
  opt:
    parameters:
      momentum: {min: 0.5, max: 0.99}
      nesterov: {value: true}`;

test('random is deterministic for a seed and differs across seeds', () => {
  const config = sweep(yaml);
  const a = nextRuns(config, [], 5, createRng(42));
  assert.deepEqual(a, nextRuns(config, [], 5, createRng(42)));
  assert.notDeepEqual(a, nextRuns(config, [], 5, createRng(43)));
  for (const s of a) {
    const v = values(s.config) as { lr: number; layers: number; opt: { momentum: number; nesterov: boolean } };
    assert.ok(v.lr >= 1e-5 && v.lr <= 0.1);
    assert.ok([1, 2, 3].includes(v.layers));
    assert.ok(v.opt.momentum >= 0.5 && v.opt.momentum <= 0.99);
    assert.equal(v.opt.nesterov, true);
  }
});

test('a batch equals sequential calls under the same seed (grid and random)', () => {
  for (const config of [sweep(yaml), sweep('method: grid\nparameters: {a: {values: [1, 2, 3]}, b: {min: 1, max: 2}}')]) {
    const batch = nextRuns(config, [], 4, createRng(9));
    const rng = createRng(9);
    const runs: SweepRun[] = [];
    const sequential = [];
    for (let i = 0; i < 4; i++) {
      const [s] = nextRuns(config, runs, 1, rng);
      sequential.push(s);
      runs.push({ id: `r${i}`, state: 'pending', config: s.config, summary: {}, history: [] });
    }
    assert.deepEqual(batch, sequential);
  }
});

test('sample_without_replacement never repeats a combination and ends when the space is used up', () => {
  const config = sweep('method: random\nsample_without_replacement: true\nparameters: {a: {values: [1, 2, 3]}, b: {min: 0, max: 3}, c: {value: x}}');
  const suggestions = nextRuns(config, [], 20, createRng(1));
  assert.equal(suggestions.length, 12);
  assert.equal(new Set(suggestions.map((s) => valueKey(values(s.config) as never))).size, 12);
  const plain = sweep('method: random\nparameters: {a: {values: [1, 2, 3]}, b: {min: 0, max: 3}}');
  const repeated = nextRuns(plain, [], 20, createRng(1));
  assert.equal(repeated.length, 20);
  assert.ok(new Set(repeated.map((s) => valueKey(values(s.config) as never))).size < 20);
});
