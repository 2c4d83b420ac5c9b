import { test } from 'node:test';
import assert from 'node:assert/strict';
import { panelGroups, pointsPerRun } from './panels.ts';

test('panels grouped by key prefix, keys without one first under Charts, each group sorted', () => {
  const groups = panelGroups(['val/loss', 'train/loss', 'lr', 'train/acc', 'val/acc/top1', 'epoch', 'train/step10', 'train/step9']);
  assert.deepEqual(groups, [
    { name: 'Charts', metrics: ['epoch', 'lr'] },
    { name: 'train', metrics: ['train/acc', 'train/loss', 'train/step9', 'train/step10'] },
    { name: 'val', metrics: ['val/loss'] },
    { name: 'val/acc', metrics: ['val/acc/top1'] },
  ]);
});

test('a search keeps the matching panels (any case) and drops emptied groups', () => {
  assert.deepEqual(panelGroups(['train/loss', 'val/loss', 'lr'], ' LOSS '), [{ name: 'train', metrics: ['train/loss'] }, { name: 'val', metrics: ['val/loss'] }]);
  assert.deepEqual(panelGroups(['lr'], 'nothing'), []);
});

test('points per run: 300 up to 100 runs charted, then about 30,000 a chart, never under 30', () => {
  assert.deepEqual([1, 100, 200, 500, 1000, 5000].map(pointsPerRun), [300, 300, 150, 60, 30, 30]);
});
