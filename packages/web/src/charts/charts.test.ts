import { test } from 'node:test';
import assert from 'node:assert/strict';
import { align, valueNear } from './align.ts';
import { smooth } from './smoothing.ts';

test('lines logged at different x values share the union of x, with gaps as null', () => {
  const [xs, a, b] = align([{ x: [0, 2, 4], y: [1, 2, 3] }, { x: [1, 2, 5], y: [10, 20, 30] }]);
  assert.deepEqual(xs, [0, 1, 2, 4, 5]);
  assert.deepEqual(a, [1, null, 2, 3, null]);
  assert.deepEqual(b, [null, 10, 20, null, 30]);
  assert.deepEqual(align([{ x: [1, 2], y: [0, 5] }], true), [[1, 2], [null, 5]], 'log scale drops y <= 0');
});

test('the value nearest to a hovered x', () => {
  const line = { x: [0, 10, 20], y: [5, 6, 7] };
  assert.deepEqual([valueNear(line, -3), valueNear(line, 4), valueNear(line, 16), valueNear(line, 99)], [5, 5, 7, 7]);
  assert.equal(valueNear({ x: [], y: [] }, 1), undefined);
});

test('smoothing keeps the first point, follows a constant, and lags a step', () => {
  assert.deepEqual(smooth([3, 3, 3], 0.9).map((v) => Number(v.toFixed(9))), [3, 3, 3]);
  assert.deepEqual(smooth([1, 2], 0), [1, 2]);
  const s = smooth([0, 0, 0, 10, 10], 0.5);
  assert.ok(s[3] > 0 && s[3] < 10 && s[4] > s[3] && s[4] < 10);
});
