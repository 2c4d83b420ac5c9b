import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError, parseFilter } from './filter.ts';

const keys = new Set(['lr', 'optimizer']);

test('filter expressions compile to the API filter JSON, config keys before summary keys', () => {
  assert.deepEqual(parseFilter('', keys), {});
  assert.deepEqual(parseFilter('lr > 0.01 and state = finished', keys), { $and: [{ 'config.lr': { $gt: 0.01 } }, { state: 'finished' }] });
  assert.deepEqual(parseFilter('loss <= 1e-3 or optimizer.name == "adam w"', keys),
    { $or: [{ 'summary_metrics.loss': { $lte: 0.001 } }, { 'config.optimizer.name': 'adam w' }] });
  assert.deepEqual(parseFilter('not (state != running) and name ~ ^abc', keys),
    { $and: [{ $nor: [{ state: { $ne: 'running' } }] }, { displayName: { $regex: '^abc' } }] });
  assert.deepEqual(parseFilter('id = x1', keys), { name: 'x1' }, 'the API calls the run id name');
  assert.deepEqual(parseFilter("summary.lr >= 2 and config.x = 'true' and y = true", keys),
    { $and: [{ 'summary_metrics.lr': { $gte: 2 } }, { 'config.x': 'true' }, { 'summary_metrics.y': true }] });
});

test('a mistake in an expression names the place', () => {
  const message = (text: string): string => {
    try {
      parseFilter(text, keys);
    } catch (error) {
      assert.ok(error instanceof FilterError);
      return error.message;
    }
    return 'no error';
  };
  assert.equal(message('lr >'), 'expected a value after > at the end');
  assert.equal(message('lr 3'), 'expected an operator (= != > >= < <= ~) after lr at column 4');
  assert.equal(message('(lr > 1'), 'expected ) at the end');
  assert.equal(message('lr > 1 loss < 2'), 'expected "and" or "or" at column 8, found loss');
  assert.equal(message('name ~ "("'), '"(" is not a valid regular expression');
  assert.equal(message('lr > 1 and'), 'expected a condition such as lr > 0.01 at the end');
});
