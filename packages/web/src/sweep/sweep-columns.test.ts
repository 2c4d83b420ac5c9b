import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../api.ts';
import { columnsOf } from '../runs/columns.ts';
import { sweepColumns } from './sweep-columns.ts';

const run = (id: string, config: Run['config'], summary: Run['summary']): Run => ({
  entity: 'e', project: 'p', id, name: id, state: 'finished', config, summary, sweep: 's', group: null, jobType: null, tags: [],
  notes: null, host: null, program: null, exitcode: 0, historyLineCount: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '', heartbeatAt: '',
});

test('a sweep\'s table: the swept parameters (a nested one by its dotted path), its metric, then other metrics; fixed config left out', () => {
  const runs = [run('a', { lr: 0.1, batch: 32, optimizer: { name: 'adam', beta: 0.9 }, seed: 1 }, { acc: 0.9, loss: 0.2, zeta: 1 })];
  const parameters = [
    { name: 'lr', path: ['lr'], type: 'float' },
    { name: 'optimizer.name', path: ['optimizer', 'name'], type: 'categorical' },
    { name: 'optimizer.beta', path: ['optimizer', 'beta'], type: 'float' },
  ];
  const ids = sweepColumns(columnsOf(runs), { parameters, metric: { name: 'loss', goal: 'minimize' } }).map((c) => c.id);
  assert.deepEqual(ids, ['name', 'state', 'createdAt', 'config.lr', 'config.optimizer.name', 'config.optimizer.beta', 'summary.loss', 'summary.acc', 'summary.zeta']);
});

test('a parameter or metric no run has yet has no column', () => {
  const ids = sweepColumns(columnsOf([]), { parameters: [{ name: 'lr', path: ['lr'], type: 'float' }], metric: { name: 'loss', goal: 'minimize' } }).map((c) => c.id);
  assert.deepEqual(ids, ['name', 'state', 'createdAt']);
});
