import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../api.ts';
import { bestSoFar, goalFor, metricChoices, readAnalysis, writeAnalysis } from './analysis-metric.ts';

const run = (summary: Record<string, unknown>) => ({ summary }) as unknown as Run;
const sweep = { metric: { name: 'val_loss', goal: 'minimize' as const } };

test('every number the runs logged can be analysed, the sweep metric first, `_` keys and non-numbers left out', () => {
  const runs = [run({ val_loss: 0.3, val_accuracy: 0.9, _runtime: 4, note: 'x' }), run({ epoch: 3, val_loss: 0.2, image: { _type: 'image-file' } })];
  assert.deepEqual(metricChoices(runs, 'val_loss'), ['val_loss', 'epoch', 'val_accuracy']);
  assert.deepEqual(metricChoices(runs, undefined), ['epoch', 'val_accuracy', 'val_loss']);
});

test('the goal: the sweep\'s for its metric, maximize for accuracies and scores, minimize otherwise', () => {
  assert.deepEqual(['val_loss', 'val_accuracy', 'f1_score', 'perplexity'].map((m) => goalFor(m, sweep)), ['minimize', 'maximize', 'maximize', 'minimize']);
  assert.equal(goalFor('val_loss', { metric: { name: 'val_loss', goal: 'maximize' } }), 'maximize');
});

test('the analysis round-trips through the URL, defaults left out', () => {
  const plain = readAnalysis(new URLSearchParams(''), sweep);
  assert.deepEqual(plain, { metric: { name: 'val_loss', goal: 'minimize' }, x: 'order' });
  assert.equal(writeAnalysis(plain.metric, plain.x, sweep, new URLSearchParams('keep=1')).toString(), 'keep=1');
  const other = writeAnalysis({ name: 'val_accuracy', goal: 'minimize' }, 'time', sweep, new URLSearchParams(''));
  assert.equal(other.toString(), 'metric=val_accuracy&goal=minimize&x=time');
  assert.deepEqual(readAnalysis(other, sweep), { metric: { name: 'val_accuracy', goal: 'minimize' }, x: 'time' });
  assert.deepEqual(readAnalysis(new URLSearchParams('metric=acc'), { metric: null }), { metric: { name: 'acc', goal: 'maximize' }, x: 'order' });
  assert.equal(readAnalysis(new URLSearchParams(''), { metric: null }).metric, null);
});

test('best so far follows the goal and skips runs without a value', () => {
  assert.deepEqual(bestSoFar([undefined, 3, 5, undefined, 1], 'minimize'), [NaN, 3, 3, 3, 1]);
  assert.deepEqual(bestSoFar([2, 1, 5], 'maximize'), [2, 2, 5]);
});
