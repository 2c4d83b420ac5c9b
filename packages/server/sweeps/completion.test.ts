// A sweep that handed out its run_cap runs finishes when the last of them ends, even when no agent
// is left to ask for another run: through the run's own exit (file_stream) or its crash for silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { testApp } from '../testing/test-app.ts';
import { SweepClient, type RunCommand } from '../testing/sweep-client.ts';
import { expireSilent } from './liveness.ts';

const CAPPED = 'method: random\nrun_cap: 2\nparameters:\n  x: {min: 0.0, max: 1.0}\n';

async function started() {
  const { app, store } = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new SweepClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, 'p');
  const sweep = await client.createSweep(CAPPED);
  const agent = await client.createAgent(sweep);
  const state = async () => (await store.getSweep({ entity: 'admin', project: 'p', name: sweep }))!.state;
  return { app, store, client, sweep, agent, state };
}

test('the last capped run exiting finishes the sweep although its agent is gone', { timeout: 20_000 }, async () => {
  const { app, client, agent, state } = await started();
  try {
    const [first] = (await client.heartbeat(agent)) as RunCommand[];
    await client.finishRun(first.run_id);
    const [second] = (await client.heartbeat(agent)) as RunCommand[];
    assert.equal(second.type, 'run');
    assert.equal(await state(), 'RUNNING');
    // The agent (wandb agent --count 2) exits without another heartbeat; its run ends after it.
    await client.finishRun(second.run_id);
    assert.equal(await state(), 'FINISHED');
  } finally {
    await app.close();
  }
});

test('a sweep below its cap stays RUNNING when a run ends; a capped one finishes once its last run is crashed for silence', { timeout: 20_000 }, async () => {
  const { app, store, client, agent, state } = await started();
  try {
    const [first] = (await client.heartbeat(agent)) as RunCommand[];
    await client.finishRun(first.run_id);
    assert.equal(await state(), 'RUNNING', 'one of two runs handed out');
    const [second] = (await client.heartbeat(agent)) as RunCommand[];
    await client.gql('mutation($n: String, $p: String) { upsertBucket(input: {name: $n, modelName: $p}) { bucket { id } } }', { n: second.run_id, p: 'p' });
    let failure: unknown;
    expireSilent(store, { crashAfterMs: -1000, agentTimeoutMs: 3_600_000 }, (error) => (failure = error));
    for (let i = 0; i < 100 && (await state()) !== 'FINISHED'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(failure, undefined);
    assert.equal((await store.getRun({ entity: 'admin', project: 'p', name: second.run_id }))!.state, 'crashed');
    assert.equal(await state(), 'FINISHED');
  } finally {
    await app.close();
  }
});
