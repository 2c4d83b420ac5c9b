import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json, SweepRun } from '../../types.ts';
import { createRng } from '../../rng.ts';
import { valueKey } from '../../space/identity.ts';
import { nextRuns } from '../index.ts';
import { sweep } from '../testing.ts';
import { decode, encodeRun, searchSpace } from './encoding.ts';
import { observe } from './observations.ts';

const finished = (id: string, x: Record<string, Json>, loss: Json, state: SweepRun['state'] = 'finished'): SweepRun => ({
  id, state, config: Object.fromEntries(Object.entries(x).map(([k, v]) => [k, { value: v }])), summary: { loss }, history: [{ loss }],
});
const oneD = sweep('method: bayes\nmetric: {name: loss}\nparameters: {x: {min: 0.0, max: 1.0}}');

function optimize(f: (x: number) => number, iterations: number, seed = 0): number {
  const runs = [finished('a', { x: 0 }, f(0)), finished('b', { x: 1 }, f(1))];
  const rng = createRng(seed);
  for (let i = 0; i < iterations; i++) {
    const [s] = nextRuns(oneD, runs, 1, rng);
    const x = s.config.x.value as number;
    runs.push(finished(`r${i}`, { x }, f(x)));
  }
  return Math.min(...runs.map((r) => r.summary.loss as number));
}

test('the quadratic (x − 0.3)² from x = 0 and x = 1 gets below 0.001 within 6 iterations', () => {
  for (const seed of [0, 1, 2]) assert.ok(optimize((x) => (x - 0.3) ** 2, 6, seed) < 0.001, `seed ${seed}`);
});

test('a bumpy 1-d function: the global minimum region is found', () => {
  const squiggle = (x: number) => Math.sin(12 * x) * Math.exp(-x) + 0.5 * x;
  // Global minimum near x = 0.39 with value about -0.47; the local one near 0.91 is about -0.07.
  assert.ok(optimize(squiggle, 12) < -0.45);
});

test('every distribution encodes into [0, 1] and decodes to the values it encodes', () => {
  const config = sweep(`method: bayes
metric: {name: loss}
parameters:
  a: {distribution: q_beta, a: 2, b: 2, q: 0.1}
  b: {distribution: beta}
  c: {values: [adam, sgd, {x: 1}]}
  d: {values: [1, 2, 3], probabilities: [0.2, 0.3, 0.5]}
  e: {min: -3, max: 4}
  f: {min: 0.5, max: 2.5}
  g: {distribution: log_normal}
  h: {distribution: log_uniform, min: -4, max: 0}
  i: {distribution: inv_log_uniform, min: 0, max: 4}
  j: {distribution: normal, mu: 1, sigma: 2}
  k: {distribution: q_log_normal, q: 0.5}
  l: {distribution: q_log_uniform, min: 0, max: 4, q: 2}
  m: {distribution: q_normal, q: 2}
  n: {distribution: q_uniform, min: 0, max: 10, q: 2.5}
  o: {value: fixed}
  p: {distribution: inv_log_uniform_values, min: 0.001, max: 1}
  q: {distribution: log_uniform_values, min: 0.001, max: 1}
  r: {distribution: q_log_uniform_values, min: 8, max: 256, q: 8}
  s: {parameters: {t: {min: 1, max: 3}}}`);
  const space = searchSpace(config.params);
  assert.equal(space.dims.length, 18, 'the constant is left out');
  assert.equal(space.width, 16 + 3 + 3, 'categoricals take one coordinate per category');
  const rng = createRng(3);
  for (let k = 0; k < 50; k++) {
    const { values, x } = decode(space, Float64Array.from(space.dims, () => rng.uniform()));
    assert.ok(x.every((v) => v >= 0 && v <= 1), `${x}`);
    const runConfig = Object.fromEntries(space.dims.filter((dim) => dim.param.path.length === 1).map((dim) => [dim.param.name, { value: values[space.dims.indexOf(dim)] }]));
    runConfig.s = { value: { t: values[space.dims.length - 1] } };
    const again = encodeRun(space, runConfig);
    assert.ok(again, 'a decoded point encodes again');
    for (let j = 0; j < x.length; j++) assert.ok(Math.abs(again[j] - x[j]) < 1e-9, `coordinate ${j}`);
  }
  // Categorical values are one-hot, so no category is "between" two others.
  const c = space.dims.find((dim) => dim.param.name === 'c');
  const onehot = encodeRun(searchSpace([c!.param]), { c: { value: { x: 1 } } });
  assert.deepEqual(Array.from(onehot!), [0, 0, 1]);
});

test('deterministic for a seed', () => {
  const config = sweep('method: bayes\nmetric: {name: loss}\nparameters: {x: {min: 0.0, max: 1.0}, y: {values: [a, b, c]}}');
  const runs = Array.from({ length: 8 }, (_, i) => finished(`r${i}`, { x: i / 8, y: 'abc'[i % 3] }, Math.sin(i)));
  assert.deepEqual(nextRuns(config, runs, 2, createRng(5)), nextRuns(config, runs, 2, createRng(5)));
});

test('pending runs make parallel suggestions distinct', () => {
  const runs = Array.from({ length: 6 }, (_, i) => finished(`r${i}`, { x: i / 5 }, (i / 5 - 0.3) ** 2));
  const batch = nextRuns(oneD, runs, 4, createRng(1)).map((s) => s.config.x.value as number);
  assert.equal(batch.length, 4);
  for (let i = 0; i < batch.length; i++) for (let j = 0; j < i; j++) assert.ok(Math.abs(batch[i] - batch[j]) > 1e-3, `${batch}`);
  const running = [...runs, { ...finished('p', { x: batch[0] }, null), state: 'running' as const, summary: {}, history: [] }];
  const [next] = nextRuns(oneD, running, 1, createRng(1));
  assert.ok(Math.abs((next.config.x.value as number) - batch[0]) > 1e-3);
});

test('a small discrete space is never repeated and ends when every point has a run', () => {
  const config = sweep('method: bayes\nmetric: {name: loss}\nparameters: {a: {values: [1, 2, 3]}, b: {min: 1, max: 2}}');
  const runs: SweepRun[] = [];
  const rng = createRng(3);
  for (let i = 0; i < 6; i++) {
    const [s] = nextRuns(config, runs, 1, rng);
    runs.push(finished(`r${i}`, { a: s.config.a.value, b: s.config.b.value }, (s.config.a.value as number) * (s.config.b.value as number)));
  }
  assert.equal(new Set(runs.map((r) => valueKey([r.config.a.value, r.config.b.value]))).size, 6);
  assert.deepEqual(nextRuns(config, runs, 1, rng), []);
});

test('NaN, missing and boolean metrics still give suggestions', () => {
  const nan = Array.from({ length: 6 }, (_, i) => finished(`r${i}`, { x: i / 6 }, NaN));
  assert.equal(nextRuns(oneD, nan, 1, createRng(0)).length, 1);
  const bools = Array.from({ length: 6 }, (_, i) => finished(`r${i}`, { x: i / 6 }, true));
  assert.equal(nextRuns(oneD, bools, 1, createRng(0)).length, 1);
  const mixed = [...Array.from({ length: 5 }, (_, i) => finished(`r${i}`, { x: i / 5 }, i)), finished('n', { x: 0.9 }, 'NaN')];
  assert.equal(nextRuns(oneD, mixed, 1, createRng(0)).length, 1);
});

test('imputation: worst, best and latest for failed runs; maximize flips the sign', () => {
  const runs = [
    finished('a', { x: 0.1 }, 2),
    finished('b', { x: 0.2 }, 7),
    { ...finished('c', { x: 0.3 }, 1, 'failed'), history: [{ loss: 5 }, { loss: 1 }, { loss: 3 }] },
  ];
  const ys = (impute: 'worst' | 'best' | 'latest', goal: 'minimize' | 'maximize' = 'minimize') =>
    observe({ name: 'loss', goal, impute, impute_while_running: 'false' }, runs).done.map((o) => o.y);
  assert.deepEqual(ys('worst'), [2, 7, 7]);
  assert.deepEqual(ys('best'), [2, 7, 1]);
  assert.deepEqual(ys('latest'), [2, 7, 3]);
  assert.deepEqual(ys('worst', 'maximize'), [-2, -7, -1]);
});

test('running runs are pending unless impute_while_running says otherwise', () => {
  const running = { ...finished('r', { x: 0.5 }, 4, 'running'), history: [{ loss: 6 }, { loss: 4 }] };
  const spec = { name: 'loss', goal: 'minimize' as const, impute: 'worst' as const };
  assert.equal(observe({ ...spec, impute_while_running: 'false' }, [running]).pending.length, 1);
  assert.deepEqual(observe({ ...spec, impute_while_running: 'best' }, [running]).done.map((o) => o.y), [4]);
  assert.deepEqual(observe({ ...spec, impute_while_running: 'latest', goal: 'maximize' }, [running]).done.map((o) => o.y), [-4]);
});

test('runs stopped early keep what they reached; finished runs count their best value', () => {
  const killed = { ...finished('k', { x: 0.5 }, 9, 'killed'), summary: {}, history: [{ loss: 9 }, { loss: 6 }] };
  const done = { ...finished('f', { x: 0.2 }, 3), history: [{ loss: 2 }, { loss: 3 }] };
  const ys = observe({ name: 'loss', goal: 'minimize', impute: 'worst', impute_while_running: 'false' }, [killed, done]).done.map((o) => o.y);
  assert.deepEqual(ys, [6, 2]);
});

test('bayes refuses a space with only constants, and values outside a categorical are skipped', () => {
  const config = { ...oneD, params: [{ name: 'c', path: ['c'], type: 'constant' as const, value: 1 }] };
  assert.throws(() => nextRuns(config, [], 1, createRng(0)), /at least one parameter that is not a constant/);
  const cat = sweep('method: bayes\nmetric: {name: loss}\nparameters: {c: {values: [a, b]}, x: {min: 0.0, max: 1.0}}');
  const runs = Array.from({ length: 6 }, (_, i) => finished(`r${i}`, { c: i === 0 ? 'zzz' : 'a', x: i / 6 }, i));
  assert.equal(nextRuns(cat, runs, 1, createRng(0)).length, 1);
});

test('beyond 100 runs (the cheaper model on a subset) suggestions still land among the best', () => {
  const config = sweep(`method: bayes\nmetric: {name: loss}\nparameters: {${['a', 'b', 'c', 'd'].map((k) => `${k}: {min: 0.0, max: 1.0}`).join(', ')}}`);
  const f = (x: Record<string, number>): number => Object.values(x).reduce((s, v) => s + (v - 0.3) ** 2, 0);
  const rng = createRng(3);
  const runs = Array.from({ length: 300 }, (_, i) => {
    const x = { a: rng.uniform(), b: rng.uniform(), c: rng.uniform(), d: rng.uniform() };
    return finished(`r${i}`, x, f(x));
  });
  const fifthBest = runs.map((r) => r.summary.loss as number).sort((p, q) => p - q)[4];
  for (const seed of [0, 1]) {
    const [s] = nextRuns(config, runs, 1, createRng(seed));
    assert.equal(s.info?.phase, 'model');
    const value = f(Object.fromEntries(Object.entries(s.config).map(([k, v]) => [k, v.value as number])));
    assert.ok(value < fifthBest, `seed ${seed}: ${value} vs the 5th best run's ${fifthBest}`);
  }
});

test('in 10-d, model suggestions stay near the runs instead of running to the edges of the box', () => {
  const names = Array.from({ length: 10 }, (_, i) => `x${i}`);
  const config = sweep(`method: bayes\nseed: 3\nmetric: {name: loss}\nparameters:\n${names.map((n) => `  ${n}: {min: 0.0, max: 1.0}`).join('\n')}`);
  const sphere = (x: number[]) => x.reduce((s, v) => s + (v - 0.4) ** 2, 0);
  const runs: SweepRun[] = [];
  const rng = createRng(3);
  let edges = 0;
  for (let t = 0; t < 25; t++) {
    const [s] = nextRuns(config, runs, 1, rng);
    const x = names.map((n) => s.config[n].value as number);
    if (t >= 10) edges += x.filter((v) => v < 0.02 || v > 0.98).length;
    runs.push(finished(`r${t}`, Object.fromEntries(names.map((n, i) => [n, x[i]])), sphere(x)));
  }
  // A model that reverts to the average far from the runs, or that is nearly linear, sends
  // several coordinates of each suggestion to a bound; 15 suggestions × 10 coordinates.
  assert.ok(edges <= 5, `${edges} of 150 coordinates at the edges`);
  assert.ok(Math.min(...runs.map((r) => r.summary.loss as number)) < 0.25);
});
