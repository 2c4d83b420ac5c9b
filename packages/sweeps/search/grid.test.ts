import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../rng.ts';
import { valueKey } from '../space/identity.ts';
import { gridLeft, gridPoint, gridSize, gridValues, nextRuns } from './index.ts';
import { run, sweep, values } from './testing.ts';

const all = (yaml: string, existing = [] as ReturnType<typeof run>[]) => {
  const config = sweep(yaml);
  return nextRuns(config, existing, 1000, createRng(0)).map((s) => values(s.config));
};

test('grid enumerates with the last parameter fastest', () => {
  assert.deepEqual(all('method: grid\nparameters: {v1: {values: [1, 2, 3]}, v2: {values: [4, 5]}}'), [
    { v1: 1, v2: 4 }, { v1: 1, v2: 5 }, { v1: 2, v2: 4 }, { v1: 2, v2: 5 }, { v1: 3, v2: 4 }, { v1: 3, v2: 5 },
  ]);
});

test('grid keeps listed order and collapses duplicate values to the first', () => {
  const points = all('method: grid\nparameters: {v1: {values: [a, b, c, a]}, v2: {values: [1, 2, 3]}}');
  assert.deepEqual(points.map((p) => `${p.v1}${p.v2}`), ['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2', 'c3']);
});

test('grid skips points that existing runs of any state already have', () => {
  const yaml = 'method: grid\nparameters: {v1: {values: [1, 2, 3]}, v2: {values: [4, 5]}}';
  const existing = [run('a', { v1: 1, v2: 5 }, 'failed'), run('b', { v1: 3, v2: 4 }, 'running')];
  const rest = all(yaml, existing);
  assert.deepEqual(rest, [{ v1: 1, v2: 4 }, { v1: 2, v2: 4 }, { v1: 2, v2: 5 }, { v1: 3, v2: 5 }]);
  assert.equal(rest.length + existing.length, 6);
});

test('grid with list values and mixed types', () => {
  assert.equal(all('method: grid\nparameters: {a: {values: ["", [9, 5]]}, b: {values: [256, 512]}}').length, 4);
  const mixed = all(`method: grid\nparameters: {a: {values: [null, 2, 3, "a", [2, 3], 3]}, b: {values: [a, b, "c'"]}}`);
  assert.equal(mixed.length, 15);
});

test('constants propagate into every run; constants only give one run', () => {
  const points = all('method: grid\nparameters: {a: {values: [1, 2]}, c: {value: hello}}');
  assert.deepEqual(points, [{ a: 1, c: 'hello' }, { a: 2, c: 'hello' }]);
  assert.deepEqual(all('method: grid\nparameters: {c: {value: 1}, d: {value: [1, 2]}}'), [{ c: 1, d: [1, 2] }]);
});

test('dict values give 9 combinations with duplicate dicts removed regardless of key order', () => {
  const yaml = `method: grid
parameters:
  a: {values: [{x: 1, y: 2}, {y: 2, x: 1}, {x: 2, y: 1}, {x: 3}]}
  b: {values: [1, 2, 3]}`;
  assert.equal(all(yaml).length, 9);
});

test('keys injected into dict values at run time do not make a grid point new', () => {
  const yaml = 'method: grid\nparameters: {a: {values: [{x: 1}, {x: 2}]}}';
  const rest = all(yaml, [run('r', { a: { x: 1, injected: true } })]);
  assert.deepEqual(rest, [{ a: { x: 2 } }]);
});

test('int_uniform is inclusive and q_uniform follows numpy arange (max excluded)', () => {
  assert.equal(gridValues(sweep('method: grid\nparameters: {a: {min: -52, max: 10}}').params[0]).length, 63);
  const q = gridValues(sweep('method: grid\nparameters: {a: {distribution: q_uniform, min: -9.211, max: 23.23, q: 2.341}}').params[0]);
  assert.equal(q.length, 14);
  assert.equal(q[0], -9.211);
  assert.ok(Math.abs((q[13] as number) - (-9.211 + 13 * 2.341)) < 1e-12);
  assert.equal(gridSize(sweep('method: grid\nparameters: {a: {min: 1, max: 3}, b: {values: [1, 2]}}')), 6);
});

test('grid over nested parameters varies every leaf and ends', () => {
  const yaml = `method: grid
parameters:
  opt:
    parameters:
      lr: {values: [0.1, 0.01]}
      name: {values: [adam, sgd]}
  bs: {values: [16]}`;
  const points = all(yaml);
  assert.equal(points.length, 4);
  assert.deepEqual(points[1], { bs: 16, opt: { lr: 0.1, name: 'sgd' } });
  assert.equal(new Set(points.map((p) => valueKey(p as never))).size, 4);
});

test('grid is exhausted once every point exists', () => {
  const yaml = 'method: grid\nparameters: {a: {values: [1, 2]}}';
  assert.deepEqual(all(yaml, [run('x', { a: 1 }), run('y', { a: 2 }, 'crashed')]), []);
});

test('grid rejects parameters it cannot enumerate, naming them', () => {
  const config = { ...sweep('method: random\nparameters: {lr: {min: 0.1, max: 1.0}}'), method: 'grid' as const };
  assert.throws(() => nextRuns(config, [], 1, createRng(0)), /parameter lr is a uniform, which grid search cannot enumerate/);
});

test('value identity: integral floats equal ints, true is not 1, NaN equals NaN, key order is irrelevant', () => {
  assert.equal(valueKey(3000000.0), valueKey(3000000));
  assert.notEqual(valueKey(true), valueKey(1));
  assert.notEqual(valueKey('1'), valueKey(1));
  assert.equal(valueKey(NaN), valueKey(Number.NaN));
  assert.notEqual(valueKey(null), valueKey(NaN));
  assert.equal(valueKey({ a: 1, b: [1, { c: 2, d: 3 }] }), valueKey({ b: [1, { d: 3, c: 2 }], a: 1 }));
  assert.notEqual(valueKey([2, 3]), valueKey({ 0: 2, 1: 3 }));
  assert.equal(valueKey(-0), valueKey(0));
});

test('grid size counts each parameter\'s distinct values, and equals what enumeration yields', () => {
  const yamls = [
    'method: grid\nparameters: {v1: {values: [a, b, c, a]}, v2: {values: [1, 2, 3]}}',
    `method: grid\nparameters: {a: {values: [null, 2, 3, "a", [2, 3], 3, 3.0]}, b: {values: [a, b, "c'", a]}}`,
    'method: grid\nparameters: {a: {values: [{x: 1, y: 2}, {y: 2, x: 1}, {x: 3}]}, b: {min: -2, max: 2}, c: {value: 1}}',
    'method: grid\nparameters: {a: {distribution: q_uniform, min: 0.1, max: 1.0, q: 0.3}, b: {values: [true, 1, "1"]}}',
  ];
  for (const yaml of yamls) assert.equal(gridSize(sweep(yaml)), all(yaml).length, yaml);
  assert.equal(gridSize(sweep(yamls[0])), 9);
  assert.equal(gridSize(sweep(yamls[1])), 15);
});

test('integers beyond float precision collapse to their distinct doubles, counted exactly', () => {
  // 2^53 .. 2^53 + 4 as doubles: 2^53, 2^53 + 2, 2^53 + 4 (odd integers are not representable).
  const config = sweep('method: grid\nparameters: {a: {min: 9007199254740992, max: 9007199254740996}}');
  assert.equal(gridSize(config), 3);
  assert.deepEqual(all('method: grid\nparameters: {a: {min: 9007199254740992, max: 9007199254740996}}').map((p) => p.a), [2 ** 53, 2 ** 53 + 2, 2 ** 53 + 4]);
});

test('gridPoint addresses the n-th point of the enumeration order', () => {
  const yaml = 'method: grid\nparameters: {a: {values: [x, y, x]}, n: {min: 1, max: 3}, o: {parameters: {q: {distribution: q_uniform, min: 0, max: 1, q: 0.25}}}}';
  const config = sweep(yaml);
  const enumerated = nextRuns(config, [], 1000, createRng(0)).map((s) => s.config);
  assert.equal(enumerated.length, 24);
  assert.deepEqual(enumerated.map((_, i) => gridPoint(config, i)), enumerated);
  assert.throws(() => gridPoint(config, 24), /grid point 24 does not exist: the grid has 24 points/);
});

// Ranges far beyond any grid one would run: arrays of that length cannot even be allocated, so
// these pass only when nothing lists the values.
const huge = { ...sweep('method: random\nparameters: {a: {min: 0, max: 10000000000}, b: {values: [p, q]}}'), method: 'grid' as const };

test('a huge grid is counted and indexed without listing it', () => {
  assert.equal(gridSize(huge), 2 * 10000000001);
  assert.deepEqual(values(gridPoint(huge, 2 * 7777777777 + 1)), { a: 7777777777, b: 'q' });
  assert.equal(gridLeft(huge, [run('r', { a: 0, b: 'p' }), run('s', { a: 0, b: 'p' }), run('t', { a: 5, b: 'x' })]), 2 * 10000000001 - 1);
});

test('a huge grid still hands out its first free point', () => {
  const existing = [run('r', { a: 0, b: 'p' }), run('s', { a: 0, b: 'q' }), run('t', { a: 1, b: 'q' })];
  assert.deepEqual(nextRuns(huge, existing, 2, createRng(0)).map((s) => values(s.config)), [{ a: 1, b: 'p' }, { a: 2, b: 'p' }]);
});

test('gridLeft counts the points no run has yet, ignoring runs off the grid', () => {
  const config = sweep('method: grid\nparameters: {a: {values: [{x: 1}, {x: 2}]}, b: {values: [1, 2]}}');
  const existing = [run('r', { a: { x: 1, injected: true }, b: 1 }), run('s', { a: { x: 1 }, b: 1 }), run('t', { a: { x: 3 }, b: 1 }), run('u', { b: 2 })];
  assert.equal(gridLeft(config, existing), 3);
  assert.equal(gridLeft(config, existing), all('method: grid\nparameters: {a: {values: [{x: 1}, {x: 2}]}, b: {values: [1, 2]}}', existing).length);
});
