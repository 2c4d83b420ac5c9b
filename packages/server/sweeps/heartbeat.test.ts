// Heartbeats are batched per sweep within one app: two apps in one process (tests, replicas on
// different databases) with a sweep of the same name each decide their own agents' beats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import { Heartbeats } from './heartbeat.ts';

const SWEEP = { entity: 'e', project: 'p', name: 'same' };

async function appWithSweep(x: number) {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-heartbeat-')), 'db.sqlite'));
  await store.createSweep({ ...SWEEP, displayName: null, config: `method: grid\nparameters:\n  x:\n    value: ${x}\n`, state: 'PENDING' });
  const agent = await store.createAgent({ id: `agent${x}`, sweep: SWEEP, host: 'h', state: 'RUNNING' });
  return { store, agent, heartbeats: new Heartbeats(store) };
}

test('simultaneous beats of two apps are each decided on their own store', async () => {
  const one = await appWithSweep(1);
  const two = await appWithSweep(2);
  const [first, second] = await Promise.all([one.heartbeats.beat(one.agent, {}), two.heartbeats.beat(two.agent, {})]);
  assert.deepEqual([first[0].type, second[0].type], ['run', 'run']);
  assert.deepEqual(first.map((c) => c.type === 'run' && c.args), [{ x: { value: 1 } }]);
  assert.deepEqual(second.map((c) => c.type === 'run' && c.args), [{ x: { value: 2 } }]);
  for (const { store, agent } of [one, two]) {
    assert.deepEqual((await store.sweepRuns(SWEEP)).map((run) => run.agentId), [agent.id]);
    await store.close();
  }
});
