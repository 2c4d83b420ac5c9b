import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, decimalsOf, spansDecades, tickLabels } from './ticks.ts';

test('decimals a step needs', () => {
  assert.deepEqual([1, 0.5, 0.25, 0.0005, 2.5e-5, 1e-4, 2000, 0.1 + 0.2].map(decimalsOf), [0, 1, 2, 4, 6, 4, 0, 1]);
});

test('small steps keep their decimals: 0.0025 is not 0.003, 1e-4 is not 0', () => {
  assert.deepEqual(tickLabels([0.002, 0.0025, 0.003], 0.0005), ['0.0020', '0.0025', '0.0030']);
  assert.deepEqual(tickLabels([0, 0.0001, 0.0002, 0.0003], 0.0001), ['0', '1e-4', '2e-4', '3e-4']);
  assert.deepEqual(tickLabels([0.00005, 0.0001, 0.00015], 0.00005), ['5.0e-5', '1.0e-4', '1.5e-4']);
  assert.deepEqual(tickLabels([0, 0.2, 0.4, 0.6000000000000001], 0.2), ['0.0', '0.2', '0.4', '0.6']);
  assert.deepEqual(tickLabels([-0.5, 0, 0.5], 0.5), ['-0.5', '0.0', '0.5']);
});

test('large values get SI suffixes, never clipped digits or separators', () => {
  assert.deepEqual(tickLabels([0, 50000, 100000, 150000], 50000), ['0', '50k', '100k', '150k']);
  assert.deepEqual(tickLabels([1000000, 1500000, 2000000], 500000), ['1.0M', '1.5M', '2.0M']);
  assert.deepEqual(tickLabels([20000, 40000, 60000], 20000), ['20000', '40000', '60000']);
  assert.deepEqual(tickLabels([1e15, 2e15], 1e15), ['1e15', '2e15']);
});

test('every label of an axis differs, whatever the range', () => {
  for (const [from, step] of [[1e-7, 1e-8], [0.12345, 0.00001], [99990, 5], [3e9, 2e8], [-2e-4, 1e-4]]) {
    const splits = Array.from({ length: 5 }, (_, i) => from + i * step);
    const labels = tickLabels(splits, step);
    assert.equal(new Set(labels).size, labels.length, `${from}+${step}: ${labels.join(' ')}`);
  }
});

test('log axes read each tick on its own; hidden ticks stay blank', () => {
  assert.deepEqual(tickLabels([0.0001, null, 0.01, 1, 100, 10000, 1e6], 1, true), ['1e-4', '', '0.01', '1', '100', '10k', '1M']);
  assert.deepEqual([0.00025, 0.5, 1234, 123456].map(compact), ['2.5e-4', '0.5', '1230', '123k']);
  assert.deepEqual(tickLabels([null, null], 1), ['', '']);
});

test('log scale when positive values span two decades', () => {
  assert.equal(spansDecades([[1, 0.5, 0.001]]), true);
  assert.equal(spansDecades([[1, 0.5], [0.005]]), true);
  assert.equal(spansDecades([[1, 0.5, 0.1]]), false);
  assert.equal(spansDecades([[1, 0, 0.001]]), false, 'zero has no log');
  assert.equal(spansDecades([[]]), false);
});
