import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../api.ts';
import { columnsOf, defaultColumns, sortRuns } from './columns.ts';

const run = (id: string, config: Run['config'], summary: Run['summary'] = {}): Run => ({
  entity: 'e', project: 'p', id, name: id, state: 'finished', config, summary, sweep: null, group: null, jobType: null, tags: [],
  notes: null, host: null, program: null, exitcode: 0, historyLineCount: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '', heartbeatAt: '',
});

test('columns come from config and summary keys (W&B\'s own _keys left out); runs lacking a value sort last both ways', () => {
  const runs = [run('a', { lr: 0.1 }, { loss: 2, _step: 3 }), run('b', { lr: 0.01, opt: 'adam' }), run('c', {}, { loss: 1 }), run('d', { lr: 1 })];
  const columns = columnsOf(runs);
  assert.deepEqual(columns.filter((c) => c.id.includes('.')).map((c) => c.id), ['config.lr', 'config.opt', 'summary.loss']);
  assert.deepEqual(defaultColumns(columns), ['name', 'state', 'createdAt', 'sweep', 'config.lr', 'config.opt', 'summary.loss']);
  const lr = columns.find((c) => c.id === 'config.lr');
  assert.deepEqual(sortRuns(runs, lr, false).map((r) => r.id), ['b', 'a', 'd', 'c']);
  assert.deepEqual(sortRuns(runs, lr, true).map((r) => r.id), ['d', 'a', 'b', 'c']);
  const name = columns.find((c) => c.id === 'name');
  assert.deepEqual(sortRuns([run('run-10', {}), run('run-9', {})], name, false).map((r) => r.id), ['run-9', 'run-10'], 'numbers inside names in numeric order');
});
