import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks, bestAt, bootstrapRankIntervals, formatRegret, median, normalizedRegret, quantile, ranks } from './report.ts';

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

test('average ranks across problems', () => {
  assert.deepEqual(averageRanks([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]), [2, 2, 2]);
  assert.deepEqual(averageRanks([[0.1, 0.2], [0.1, 0.3]]), [1, 2]);
});

test('quantiles interpolate between order statistics', () => {
  assert.equal(quantile([4, 1, 3, 2], 0), 1);
  assert.equal(quantile([4, 1, 3, 2], 1), 4);
  assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
});

test('bootstrap rank intervals: a uniformly better optimizer stays at 1, ties spread', () => {
  let state = 1;
  const random = (): number => ((state = (state * 48271) % 2147483647) / 2147483647);
  const better = [[[0.1, 0.2, 0.1, 0.3], [0.5, 0.6, 0.7, 0.5]], [[0.0, 0.1, 0.2, 0.1], [0.4, 0.5, 0.3, 0.6]]];
  assert.deepEqual(bootstrapRankIntervals(better, 200, random), [[1, 1], [2, 2]]);
  const mixed = [[[0.1, 0.9, 0.1, 0.9], [0.5, 0.5, 0.5, 0.5]]];
  const [a] = bootstrapRankIntervals(mixed, 200, random);
  assert.equal(a[0], 1);
  assert.equal(a[1], 2);
});
