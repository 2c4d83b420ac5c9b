import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTerminal, latestMetric, metricExtremum, metricHistory } from './run.ts';
import type { SweepRun } from './types.ts';

const run: SweepRun = {
  id: 'r', state: 'finished', config: {}, summary: { loss: 0.5 },
  history: [{ loss: 10 }, { a: 1 }, { a: 2 }, { a: 3 }, { loss: 6 }, { loss: 'NaN' }, { loss: NaN }, { loss: true }, { loss: Infinity }, { loss: 1 }, { loss: null }],
};

test('metric history skips rows without the key and invalid values', () => {
  assert.deepEqual(metricHistory(run, 'loss'), [10, 6, 1]);
  assert.deepEqual(metricHistory(run, 'missing'), []);
});

test('extremum covers history and summary; latest uses history only', () => {
  assert.equal(metricExtremum(run, 'loss', 'min'), 0.5);
  assert.equal(metricExtremum(run, 'loss', 'max'), 10);
  assert.equal(metricExtremum(run, 'missing', 'min'), undefined);
  const h = { ...run, summary: {}, history: [{ loss: 5 }, { loss: 1 }, { loss: NaN }, { loss: 'bad' }, { loss: 3 }] };
  assert.equal(latestMetric(h, 'loss'), 3);
});

test('terminal states', () => {
  assert.deepEqual(['finished', 'crashed', 'failed', 'killed', 'running', 'pending', 'preempted'].map((s) => isTerminal(s as never)),
    [true, true, true, true, false, false, false]);
});
