// Heartbeats are batched per sweep within one app: two apps in one process (tests, replicas on
// different databases) with a sweep of the same name each decide their own agents' beats. Two apps
// on one database (replicas) that assign at once: the one whose count went stale decides again;
// a run handed out again is counted in the database, so beats through either app share the count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { Heartbeats, MAX_DELIVERIES } from './heartbeat.ts';

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

/** Ten agents of a random sweep; `batches` gets the size of each assignment the app writes. */
async function crowd() {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-heartbeat-')), 'db.sqlite'));
  await store.createSweep({ ...SWEEP, displayName: null, config: 'method: random\nparameters:\n  x: {min: 0.0, max: 1.0}\n', state: 'PENDING' });
  const agents = await Promise.all(Array.from({ length: 10 }, (_, i) => store.createAgent({ id: `agent${i}`, sweep: SWEEP, host: 'h', state: 'RUNNING' })));
  const batches: number[] = [];
  const assign = store.assignSweepRuns.bind(store);
  store.assignSweepRuns = (key, expected, assignments) => {
    batches.push(assignments.length);
    return assign(key, expected, assignments);
  };
  return { store, agents, batches, heartbeats: new Heartbeats(store) };
}

test('beats of one sweep received together are decided in one batch: one transaction assigns all their runs', async () => {
  const { store, agents, batches, heartbeats } = await crowd();
  const answers = await Promise.all(agents.map((agent) => heartbeats.beat(agent, {})));
  assert.deepEqual(answers.map((commands) => commands.map((c) => c.type)), agents.map(() => ['run']));
  assert.deepEqual(batches, [10]);
  assert.deepEqual(new Set((await store.sweepRuns(SWEEP)).map((run) => run.agentId)), new Set(agents.map((agent) => agent.id)));
  await store.close();
});

test('beats of a crowd read over the next turns of the event loop join the first one\'s batch: one transaction, one disk sync', async () => {
  const { store, agents, batches, heartbeats } = await crowd();
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  // One beat, then the others over the next two turns, as a crowd's requests are read.
  const answers = [heartbeats.beat(agents[0], {})];
  await turn();
  answers.push(...agents.slice(1, 6).map((agent) => heartbeats.beat(agent, {})));
  await turn();
  answers.push(...agents.slice(6).map((agent) => heartbeats.beat(agent, {})));
  assert.deepEqual((await Promise.all(answers)).map((commands) => commands.map((c) => c.type)), agents.map(() => ['run']));
  assert.deepEqual(batches, [10]);
  await store.close();
});

test('two apps on one database: the assignment that lost the race is decided again on the new state', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-heartbeat-')), 'db.sqlite');
  const storeA = openSqliteStore(path);
  const storeB = openSqliteStore(path);
  await storeA.createSweep({ ...SWEEP, displayName: null, config: 'method: grid\nparameters:\n  x:\n    values: [1, 2, 3]\n', state: 'PENDING' });
  const agentA = await storeA.createAgent({ id: 'agentA', sweep: SWEEP, host: 'h', state: 'RUNNING' });
  const agentB = await storeB.createAgent({ id: 'agentB', sweep: SWEEP, host: 'h', state: 'RUNNING' });
  const b = new Heartbeats(storeB);
  const outcomes: boolean[] = [];
  let commandsB: Awaited<ReturnType<Heartbeats['beat']>> = [];
  // App A has decided on the sweep as it was; app B assigns before A's assignment is written.
  const racing: Store = {
    ...storeA,
    async assignSweepRuns(key, expected, runs) {
      if (outcomes.length === 0) commandsB = await b.beat(agentB, {});
      const done = await storeA.assignSweepRuns(key, expected, runs);
      outcomes.push(done);
      return done;
    },
  };
  const commandsA = await new Heartbeats(racing).beat(agentA, {});
  assert.deepEqual(outcomes, [false, true]);
  assert.deepEqual(commandsB.map((c) => c.type === 'run' && c.args), [{ x: { value: 1 } }]);
  assert.deepEqual(commandsA.map((c) => c.type === 'run' && c.args), [{ x: { value: 2 } }]);
  assert.deepEqual((await storeA.sweepRuns(SWEEP)).map((run) => [run.agentId, run.config]), [['agentB', { x: { value: 1 } }], ['agentA', { x: { value: 2 } }]]);
  await storeA.close();
  await storeB.close();
});

test('two apps on one database share a run\'s delivery count: an agent alternating between them gets it MAX_DELIVERIES times in all', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-heartbeat-')), 'db.sqlite');
  const stores = [openSqliteStore(path), openSqliteStore(path)];
  await stores[0].createSweep({ ...SWEEP, displayName: null, config: 'method: grid\nparameters:\n  x:\n    values: [1, 2]\n', state: 'PENDING' });
  const agent = await stores[0].createAgent({ id: 'agent', sweep: SWEEP, host: 'h', state: 'RUNNING' });
  const apps = stores.map((store) => new Heartbeats(store));
  const runIds: string[] = [];
  // The agent never reports the run it was given (its answers are lost): each beat goes to the other app.
  for (let beat = 0; beat < MAX_DELIVERIES + 1; beat++) {
    for (const command of await apps[beat % 2].beat(agent, {})) if (command.type === 'run') runIds.push(command.run_id);
  }
  const [first] = runIds;
  assert.deepEqual(runIds.slice(0, MAX_DELIVERIES), Array(MAX_DELIVERIES).fill(first));
  assert.notEqual(runIds[MAX_DELIVERIES], first, 'the next beat fails it and hands out the next point');
  assert.equal((await stores[1].getRun({ entity: 'e', project: 'p', name: first }))?.state, 'failed');
  for (const store of stores) await store.close();
});

test('an agent this app just registered is not touched again on its first beat; a DEAD one is, and runs again', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-heartbeat-')), 'db.sqlite'));
  await store.createSweep({ ...SWEEP, displayName: null, config: 'method: random\nparameters:\n  x: {min: 0.0, max: 1.0}\n', state: 'PENDING' });
  const heartbeats = new Heartbeats(store);
  heartbeats.registered(await store.createAgent({ id: 'dead', sweep: SWEEP, host: 'h', state: 'RUNNING' }));
  await store.assignSweepRuns(SWEEP, 0, [{ name: 'r1', displayName: 'r1', config: {}, agentId: 'dead' }]);
  await store.buryAgents(-1000);
  const dead = (await store.getAgent('dead'))!;
  assert.equal(dead.state, 'DEAD');
  const fresh = await store.createAgent({ id: 'fresh', sweep: SWEEP, host: 'h', state: 'RUNNING' });
  heartbeats.registered(fresh);
  const other = await store.createAgent({ id: 'other', sweep: SWEEP, host: 'h', state: 'RUNNING' });
  const touched: string[] = [];
  const touch = store.touchAgent.bind(store);
  store.touchAgent = (id) => {
    touched.push(id);
    return touch(id);
  };
  await Promise.all([fresh, other, dead].map((agent) => heartbeats.beat(agent, {})));
  assert.deepEqual(touched.sort(), ['dead', 'other']);
  assert.equal((await store.getAgent('dead'))?.state, 'RUNNING');
  await store.close();
});
