import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json } from '../../types.ts';
import { run, sweep } from '../testing.ts';
import { searchSpace } from './encoding.ts';
import { takenPoints } from './taken.ts';

test('a point is taken only when every searched value equals a run\'s, as value keys compare them', () => {
  const config = sweep('method: bayes\nmetric: {name: loss}\nparameters: {c: {values: [a, b]}, x: {min: 0.0, max: 5.0}, n: {min: 1, max: 9}, k: {value: 1}}');
  const space = searchSpace(config.params);
  const taken = takenPoints(space, [run('r1', { c: 'a', x: 3, n: 2, k: 1 }), run('r2', { c: 'b', x: 3, n: 4, k: 1 }), run('r3', { c: 'b', x: 0.5 })]);
  // The searched values in the space's order of dimensions.
  const point = (values: Record<string, Json>): Json[] => space.dims.map((dim) => values[dim.param.path[0]]);
  assert.equal(taken(point({ c: 'a', x: 3.0, n: 2 })), true);
  assert.equal(taken(point({ c: 'b', x: 3, n: 4 })), true);
  assert.equal(taken(point({ c: 'a', x: 3, n: 4 })), false, 'each value is r1\'s or r2\'s, but no run has all three');
  assert.equal(taken(point({ c: 'b', x: 3, n: 2 })), false);
  assert.equal(taken(point({ c: 'b', x: 0.5, n: null })), true, 'a run without a value counts as null');
  assert.equal(taken(point({ c: 'a', x: 4, n: 2 })), false);
});
