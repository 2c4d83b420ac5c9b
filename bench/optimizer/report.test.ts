import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestAt, formatRegret, median, normalizedRegret, ranks } from './report.ts';

test('median of odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('best-so-far and normalized regret', () => {
  assert.equal(bestAt([5, 3, 4, 1], 2), 3);
  assert.equal(bestAt([5, 3, 4, 1], 4), 1);
  assert.equal(normalizedRegret(1, 0, 10), 0.1);
  assert.equal(normalizedRegret(-3, -3.5, -1.5), 0.25);
});

test('ranks share ties', () => {
  assert.deepEqual(ranks([0.1, 0.3, 0.1, 0.2]), [1.5, 4, 1.5, 3]);
});

test('regret formatting', () => {
  assert.equal(formatRegret(0.123456), '0.123');
  assert.equal(formatRegret(0.000123), '1.23e-4');
});
