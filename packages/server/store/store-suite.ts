// The contract every store must meet, run against SQLite and PostgreSQL alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from './store.ts';

export function storeSuite(backend: string, open: () => Promise<Store>): void {
  const key = { entity: 'alice', project: 'proj', name: 'run1' };
  const with_ = (name: string, body: (store: Store) => Promise<void>): void => {
    test(`${backend}: ${name}`, async () => {
      const store = await open();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    });
  };

  with_('users and hashed keys; revoked keys no longer authenticate', async (store) => {
    const alice = await store.createUser('alice', false);
    assert.deepEqual(await store.findUser('alice'), alice);
    assert.equal(await store.countUsers(), 1);
    const k = await store.addApiKey(alice.id, 'hash-1', 'abc123');
    assert.deepEqual(await store.userForKeyHash('hash-1'), alice);
    assert.equal((await store.listApiKeys(alice.id)).length, 1);
    assert.equal(await store.revokeApiKey(alice.id, k.id), true);
    assert.equal(await store.revokeApiKey(alice.id, k.id), false);
    assert.equal(await store.userForKeyHash('hash-1'), undefined);
    await assert.rejects(store.createUser('alice', true));
  });

  with_('upsertRun creates the run and its project, then patches only given fields', async (store) => {
    const created = await store.upsertRun(key, { config: { lr: { value: 0.1, desc: null } }, tags: ['a'] });
    assert.equal(created.inserted, true);
    assert.equal(created.run.state, 'running');
    const patched = await store.upsertRun(key, { summary: { loss: 1 }, sweepName: 'swp' });
    assert.equal(patched.inserted, false);
    assert.deepEqual([patched.run.config, patched.run.summary, patched.run.tags, patched.run.sweepName], [{ lr: { value: 0.1, desc: null } }, { loss: 1 }, ['a'], 'swp']);
    assert.deepEqual((await store.listProjects('alice')).map((p) => [p.name, p.runCount]), [['proj', 1]]);
    assert.deepEqual((await store.listRuns('alice', 'proj')).map((r) => r.name), ['run1']);
    assert.equal(await store.getRun({ ...key, name: 'nope' }), undefined);
  });

  with_('lines are written at their offset: retries replace, counts follow, steps order reads', async (store) => {
    await store.upsertRun(key, {});
    const line = (step: number) => ({ content: JSON.stringify({ _step: step }), step });
    await store.writeLines(key, 'history', 0, [line(0), line(1), line(2)]);
    await store.writeLines(key, 'history', 1, [line(1), line(2)]);
    await store.writeLines(key, 'history', 3, [line(10), line(5)]);
    assert.equal((await store.getRun(key))?.historyLineCount, 5);
    assert.deepEqual((await store.readLines(key, 'history', 0, 100)).map((l) => JSON.parse(l)._step), [0, 1, 2, 10, 5]);
    assert.deepEqual((await store.readSteps(key, 'history', 1, 10)).map((l) => JSON.parse(l)._step), [1, 2, 5]);
    assert.equal(await store.lastStep(key), 10);
    await store.writeLines(key, 'log', 0, [{ content: 'a' }, { content: 'b' }]);
    await store.writeLines(key, 'log', 1, [{ content: 'b, rewritten' }]);
    assert.deepEqual(await store.readLines(key, 'log', 0, 10), ['a', 'b, rewritten']);
    assert.equal((await store.getRun(key))?.logLineCount, 2);
  });

  with_('stop requests, finishing, and crashing runs that went quiet', async (store) => {
    await store.upsertRun(key, {});
    await store.upsertRun({ ...key, name: 'run2' }, {});
    assert.deepEqual(await store.runStatus(key), { stopRequested: false, sweepName: null });
    assert.equal(await store.requestStop(key), true);
    assert.equal((await store.getRun(key))?.stopRequested, true);
    assert.deepEqual(await store.runStatus(key), { stopRequested: true, sweepName: null });
    assert.equal(await store.runStatus({ ...key, name: 'nope' }), undefined);
    await store.finishRun(key, 'failed', 3);
    assert.deepEqual([(await store.getRun(key))?.state, (await store.getRun(key))?.exitcode], ['failed', 3]);
    assert.deepEqual(await store.crashStaleRuns(new Date(Date.now() + 1000)), [{ ...key, name: 'run2' }]);
    assert.equal((await store.getRun({ ...key, name: 'run2' }))?.state, 'crashed');
    assert.equal(await store.lastStep(key), undefined);
  });

  with_('sweeps: assignment is optimistic (a stale count assigns nothing), agents, state', async (store) => {
    const sweep = { entity: 'alice', project: 'proj', name: 'swp12345' };
    await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'PENDING' });
    const run = { name: 'r1', displayName: 'calm-sweep-1', config: { a: { value: 1 } }, agentId: 'agent1' };
    assert.equal(await store.assignSweepRuns(sweep, 0, [run]), true);
    assert.equal(await store.assignSweepRuns(sweep, 0, [{ ...run, name: 'r2' }]), false);
    assert.equal((await store.getSweep(sweep))?.runCount, 1);
    assert.equal(await store.assignSweepRuns(sweep, 1, [{ ...run, name: 'r3', agentId: 'agent2' }, { ...run, name: 'r4', agentId: 'agent3' }]), true);
    assert.equal((await store.getSweep(sweep))?.runCount, 3);
    assert.deepEqual((await store.agentRuns(sweep, 'agent2', [])).map((r) => r.name), ['r3']);
    assert.deepEqual((await store.agentRuns(sweep, 'agent2', ['r1', 'nope'])).map((r) => r.name), ['r1', 'r3']);
    const runs = await store.sweepRuns(sweep);
    assert.deepEqual(runs.map((r) => [r.name, r.state, r.agentId, r.sweepName, r.displayName]),
      [['r1', 'pending', 'agent1', 'swp12345', 'calm-sweep-1'], ['r3', 'pending', 'agent2', 'swp12345', 'calm-sweep-1'], ['r4', 'pending', 'agent3', 'swp12345', 'calm-sweep-1']]);
    assert.equal((await store.updateSweep(sweep, { state: 'RUNNING' }))?.state, 'RUNNING');
    assert.equal((await store.updateSweep(sweep, {}))?.config, 'method: grid');
    await store.createAgent({ id: 'agent1', sweep, host: 'box', state: 'RUNNING' });
    assert.deepEqual((await store.getAgent('agent1'))?.sweep, sweep);
    assert.deepEqual((await store.sweepAgents(sweep)).map((a) => a.host), ['box']);
    assert.deepEqual((await store.listSweeps('alice')).map((s) => s.name), ['swp12345']);
    assert.equal(await store.getAgent('nope'), undefined);
    assert.deepEqual((await store.crashStaleRuns(new Date(Date.now() + 1000))).map((r) => r.name), ['r1', 'r3', 'r4'], 'runs their agents never started');
  });

  with_('silent agents are buried: with active runs DEAD, those runs crashed and asked to stop; without, FINISHED; a heartbeat revives them', async (store) => {
    const sweep = { entity: 'alice', project: 'proj', name: 'swp00001' };
    await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'RUNNING' });
    await store.createAgent({ id: 'quiet', sweep, host: 'box', state: 'RUNNING' });
    await store.createAgent({ id: 'done', sweep, host: 'box', state: 'RUNNING' });
    await store.finishAgent('done');
    await store.createAgent({ id: 'left', sweep, host: 'box', state: 'RUNNING' });
    await store.assignSweepRuns(sweep, 0, [{ name: 'active', displayName: 'a-sweep-1', config: {}, agentId: 'quiet' }, { name: 'ended', displayName: 'a-sweep-2', config: {}, agentId: 'quiet' }]);
    await store.finishRun({ ...sweep, name: 'ended' }, 'finished', 0);
    assert.deepEqual(await store.buryAgents(new Date(Date.now() - 60_000)), [], 'heartbeats are recent');
    assert.deepEqual(await store.buryAgents(new Date(Date.now() + 1000)), [{ entity: 'alice', project: 'proj', name: 'active' }]);
    assert.deepEqual((await store.sweepAgents(sweep)).map((a) => [a.id, a.state]).sort(), [['done', 'FINISHED'], ['left', 'FINISHED'], ['quiet', 'DEAD']]);
    const runs = await store.sweepRuns(sweep);
    assert.deepEqual(runs.map((r) => [r.name, r.state, r.stopRequested]), [['active', 'crashed', true], ['ended', 'finished', false]]);
    assert.deepEqual(await store.buryAgents(new Date(Date.now() + 1000)), [], 'buried once');
    await store.touchAgent('quiet');
    assert.equal((await store.getAgent('quiet'))?.state, 'RUNNING');
  });
}
