import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, previewSweep, STARTER } from './preview.ts';

test('a grid previews its size and its first points in grid order', () => {
  const preview = previewSweep('method: grid\nparameters:\n  x: {values: [1, 2, 3]}\n  y: {values: [a, b]}\n  z: {value: 5}\n', 4);
  assert.deepEqual(preview.violations, []);
  assert.equal(preview.expected, 6);
  assert.deepEqual(preview.parameters, ['x', 'y']);
  assert.equal(preview.runs.length, 4);
  assert.equal(new Set(preview.runs.map((r) => JSON.stringify(r))).size, 4, 'no point twice');
  assert.ok(preview.runs.every(([x, y]) => [1, 2, 3].includes(x as number) && ['a', 'b'].includes(y as string)));
});

test('the starter config is valid: bayes capped at 20 runs, its first draws inside the ranges', () => {
  const preview = previewSweep(STARTER);
  assert.deepEqual(preview.violations.filter((v) => v.severity === 'error'), []);
  assert.equal(preview.expected, 20);
  assert.equal(preview.runs.length, 10);
  const lr = preview.parameters.indexOf('lr');
  assert.ok(preview.runs.every((r) => (r[lr] as number) >= 0.0001 && (r[lr] as number) <= 0.1));
});

test('errors come with their line and nothing to preview; a random search without run_cap plans no end', () => {
  const bad = previewSweep('method: grid\nparameters:\n  x:\n    min: 2\n    max: 1\n');
  assert.equal(bad.config, undefined);
  assert.ok(bad.violations.some((v) => v.severity === 'error' && v.line !== undefined && /^line \d+: parameters\.x/.test(describe(v))), JSON.stringify(bad.violations));
  assert.deepEqual(bad.runs, []);
  assert.equal(previewSweep('method: random\nparameters:\n  x: {min: 0.0, max: 1.0}\n').expected, undefined);
  assert.ok(previewSweep('method: [').violations.length > 0);
});
