import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parameterImportance, pearson } from './importance.ts';

test('the parameter that drives the metric gets most of the importance, with the sign of its correlation', () => {
  const n = 120;
  let seed = 7;
  const uniform = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const lr = Array.from({ length: n }, uniform);
  const noise = Array.from({ length: n }, uniform);
  const optimizer = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'adam' : i % 3 === 1 ? 'sgd' : 'rmsprop'));
  const loss = lr.map((v, i) => 3 * v + (optimizer[i] === 'sgd' ? 1 : 0) + 0.05 * noise[i]);
  const result = parameterImportance(['lr', 'noise', 'optimizer'], [lr, noise, optimizer], loss);
  const by = Object.fromEntries(result.map((r) => [r.name, r]));
  assert.ok(Math.abs(result.reduce((s, r) => s + r.importance, 0) - 1) < 1e-9);
  assert.ok(by.lr.importance > 0.6, JSON.stringify(result));
  assert.ok(by.optimizer.importance > by.noise.importance, JSON.stringify(result));
  assert.ok(by.noise.importance < 0.1, JSON.stringify(result));
  assert.ok(by.lr.correlation > 0.8, JSON.stringify(result));
  assert.ok(Math.abs(by.noise.correlation) < 0.2, JSON.stringify(result));
  assert.deepEqual(parameterImportance(['lr', 'noise', 'optimizer'], [lr, noise, optimizer], loss), result, 'seeded: same input, same answer');
});

test('runs without the metric are left out; too few runs or a constant parameter give zeros and NaN', () => {
  const result = parameterImportance(['a'], [[1, 2, 3]], [undefined, 5, undefined]);
  assert.deepEqual(result.map((r) => r.importance), [0]);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
  assert.equal(pearson([1, 2, 3], [3, 2, 1]), -1);
});
