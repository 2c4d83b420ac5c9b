import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogramBars } from './histogram-bars.ts';

test('histogram bars span their bin edges; without edges, unit bins by index', () => {
  assert.deepEqual(histogramBars([3, 1], [-1, 0, 2]), [{ from: -1, to: 0, count: 3 }, { from: 0, to: 2, count: 1 }]);
  assert.deepEqual(histogramBars([3, 1], undefined), [{ from: 0, to: 1, count: 3 }, { from: 1, to: 2, count: 1 }]);
  assert.deepEqual(histogramBars([3, 1], [0, 1]), [{ from: 0, to: 1, count: 3 }, { from: 1, to: 2, count: 1 }], 'edges that do not fit are ignored');
});
