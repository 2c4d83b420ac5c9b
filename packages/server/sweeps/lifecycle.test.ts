// The sweep rules both faces go through: which states a user may set, ended sweeps stay ended,
// only a PENDING sweep is reconfigured, agents register only with a sweep that has not ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import { changeSweep, checkedConfig, createSweep, registerAgent, settableState } from './lifecycle.ts';

const GRID = 'method: grid\nparameters:\n  x:\n    values: [1, 2]\n';

test('a user sets RUNNING, PAUSED, FINISHED or CANCELED in any case, nothing else', () => {
  assert.deepEqual(['paused', 'Running', 'FINISHED', 'canceled'].map(settableState), ['PAUSED', 'RUNNING', 'FINISHED', 'CANCELED']);
  assert.deepEqual(['PENDING', 'stopped', ''].map(settableState), [undefined, undefined, undefined]);
});

test('a config with errors is refused with each error named; warnings come back', () => {
  assert.throws(() => checkedConfig('method: grid\nparameters:\n  x:\n    min: 2\n    max: 1\n'), /^Error: invalid sweep config: .*parameters\.x/);
  assert.equal(checkedConfig(GRID).config.method, 'grid');
});

test('state changes: an ended sweep keeps its state, a started one its config; agents join open sweeps only', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-lifecycle-')), 'db.sqlite'));
  const sweep = await createSweep(store, { entity: 'e', project: 'p', displayName: null, config: GRID, state: 'PENDING' });
  assert.match(sweep.name, /^[a-z0-9]{8}$/);
  const reconfigured = await changeSweep(store, sweep, { config: `${GRID}# again\n` });
  assert.equal(reconfigured.config, `${GRID}# again\n`);
  const paused = await changeSweep(store, reconfigured, { state: 'PAUSED' });
  assert.equal(paused.state, 'PAUSED');
  await assert.rejects(changeSweep(store, paused, { config: GRID }), { message: `cannot reconfigure sweep ${sweep.name}: it has already started (PAUSED)` });
  const agent = await registerAgent(store, sweep, 'host1');
  assert.deepEqual([agent.state, agent.host, agent.sweep.name], ['RUNNING', 'host1', sweep.name]);
  const canceled = await changeSweep(store, paused, { state: 'CANCELED' });
  await assert.rejects(changeSweep(store, canceled, { state: 'RUNNING' }), { message: `sweep ${sweep.name} is already CANCELED` });
  assert.equal((await store.getSweep(sweep))?.state, 'CANCELED');
  await assert.rejects(registerAgent(store, sweep, 'host2'), { message: `Sweep e/p/${sweep.name} is not running (CANCELED)` });
  await assert.rejects(registerAgent(store, { ...sweep, name: 'nosuch' }, 'host2'), { message: 'sweep e/p/nosuch does not exist' });
  await store.close();
});
