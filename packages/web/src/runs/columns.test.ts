import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../api.ts';
import { columnsOf, defaultColumns, runtime, sortRuns } from './columns.ts';

const run = (id: string, config: Run['config'], summary: Run['summary'] = {}): Run => ({
  entity: 'e', project: 'p', id, name: id, state: 'finished', config, summary, sweep: null, group: null, jobType: null, tags: [],
  notes: null, host: null, program: null, exitcode: 0, historyLineCount: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '', heartbeatAt: '2026-01-01T00:01:30Z',
});

test('columns come from config and summary keys (W&B\'s own _keys left out); runs lacking a value sort last both ways', () => {
  const runs = [run('a', { lr: 0.1 }, { loss: 2, _step: 3 }), run('b', { lr: 0.01, opt: 'adam' }), run('c', {}, { loss: 1 }), run('d', { lr: 1 })];
  const columns = columnsOf(runs);
  assert.deepEqual(columns.filter((c) => c.id.includes('.')).map((c) => c.id), ['config.lr', 'config.opt', 'summary.loss']);
  assert.deepEqual(defaultColumns(columns), ['name', 'state', 'createdAt', 'runtime', 'sweep', 'config.lr', 'config.opt', 'summary.loss']);
  const lr = columns.find((c) => c.id === 'config.lr');
  assert.deepEqual(sortRuns(runs, lr, false).map((r) => r.id), ['b', 'a', 'd', 'c']);
  assert.deepEqual(sortRuns(runs, lr, true).map((r) => r.id), ['d', 'a', 'b', 'c']);
  const name = columns.find((c) => c.id === 'name');
  assert.deepEqual(sortRuns([run('run-10', {}), run('run-9', {})], name, false).map((r) => r.id), ['run-9', 'run-10'], 'numbers inside names in numeric order');
});

test('nested config becomes dotted columns; a name in config and summary says which; numbers are marked numeric', () => {
  const columns = columnsOf([run('a', { opt: { lr: 0.1, name: 'adam' }, acc: 1 }, { acc: 0.9, img: { _type: 'image-file', path: 'x.png' } })]);
  const byId = new Map(columns.map((c) => [c.id, c]));
  assert.deepEqual([...byId.keys()].filter((id) => id.includes('.')), ['config.acc', 'config.opt.lr', 'config.opt.name', 'summary.acc', 'summary.img']);
  assert.deepEqual(['config.acc', 'summary.acc', 'config.opt.lr'].map((id) => byId.get(id)!.label), ['config.acc', 'summary.acc', 'opt.lr']);
  assert.deepEqual(['config.opt.lr', 'config.opt.name', 'summary.img', 'runtime', 'name'].map((id) => byId.get(id)!.numeric), [true, false, false, true, false]);
});

test('the sweep metric comes first among the summaries by default, even past the first eight', () => {
  const summary = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${String(i).padStart(2, '0')}`, i]));
  const ids = defaultColumns(columnsOf([run('a', {}, summary)]), ['m11', 'absent']);
  assert.deepEqual(ids.filter((id) => id.startsWith('summary.')), ['summary.m11', ...Array.from({ length: 8 }, (_, i) => `summary.m0${i}`)]);
});

test('runtime: the client\'s _runtime, else creation to last heartbeat', () => {
  assert.equal(runtime(run('a', {}, { _runtime: 12.5 })), 12.5);
  assert.equal(runtime(run('a', {})), 90);
});
