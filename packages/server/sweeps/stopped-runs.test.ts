// A run stopped by hyperband, by a user or by canceling its sweep ends `killed` as soon as its
// agent shows the process is gone, not `running` until the crash timeout and then `crashed`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import { Heartbeats } from './heartbeat.ts';
import { changeSweep } from './lifecycle.ts';

const SWEEP = { entity: 'e', project: 'p', name: 'swp' };

async function sweepWithRunningRun() {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-stopped-')), 'db.sqlite'));
  await store.createSweep({ ...SWEEP, displayName: null, config: 'method: grid\nparameters:\n  x:\n    values: [1, 2, 3]\n', state: 'PENDING' });
  const agent = await store.createAgent({ id: 'agent1', sweep: SWEEP, host: 'h', state: 'RUNNING' });
  const heartbeats = new Heartbeats(store);
  const [command] = await heartbeats.beat(agent, {});
  assert.equal(command.type, 'run');
  const run = { ...SWEEP, name: command.type === 'run' ? command.run_id : '' };
  await store.upsertRun(run, { state: 'running' }); // its process called wandb.init
  return { store, agent, heartbeats, run, state: async () => (await store.getRun(run))?.state };
}

test('a run asked to stop (hyperband, a user) is killed once its agent no longer reports it (wandb agent)', async () => {
  const { store, agent, heartbeats, run, state } = await sweepWithRunningRun();
  await store.requestStop(run);
  assert.deepEqual(await heartbeats.beat(agent, { [run.name]: true }), [{ type: 'stop', run_id: run.name }]);
  assert.equal(await state(), 'running', 'still alive while reported');
  await heartbeats.beat(agent, {});
  assert.equal(await state(), 'killed');
  await store.close();
});

test('a run its own agent reports as ended by it (runState false: sextant agent) is killed', async () => {
  const { store, agent, heartbeats, run, state } = await sweepWithRunningRun();
  assert.deepEqual(await heartbeats.beat(agent, { [run.name]: false }), [], 'no new run on that beat: the agent may be leaving');
  assert.equal(await state(), 'killed');
  assert.equal((await store.getRun(run))?.stopRequested, true, 'so a late file_stream complete keeps it killed');
  await store.close();
});

test('a run that is not reported any more but was never asked to stop is left to its own end', async () => {
  const { store, agent, heartbeats, state } = await sweepWithRunningRun();
  await heartbeats.beat(agent, {});
  assert.equal(await state(), 'running');
  await store.close();
});

test('canceling a sweep asks its runs to stop; the agent told to exit kills them and they end killed', async () => {
  const { store, agent, heartbeats, run, state } = await sweepWithRunningRun();
  await changeSweep(store, (await store.getSweep(SWEEP))!, { state: 'CANCELED' });
  assert.equal((await store.getRun(run))?.stopRequested, true);
  assert.deepEqual(await heartbeats.beat(agent, { [run.name]: true }), [{ type: 'exit' }]);
  assert.equal(await state(), 'killed');
  await store.close();
});

test('a stopped run that goes silent is killed, not crashed, at the crash timeout', async () => {
  const { store, run, state } = await sweepWithRunningRun();
  const other = { ...SWEEP, name: 'plain' };
  await store.upsertRun(other, {});
  await store.requestStop(run);
  await store.crashStaleRuns(-1000);
  assert.deepEqual([await state(), (await store.getRun(other))?.state], ['killed', 'crashed']);
  await store.close();
});
