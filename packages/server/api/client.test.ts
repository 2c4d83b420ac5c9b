// @sextant/client against a real server: typed native calls, the W&B calls a run and a sweep agent make, and the server's errors as they were written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../testing/test-app.ts';
import { TEST_KEY } from '../testing/server-process.ts';
import { agentHeartbeat, call, createAgent, fileStream, graphql, routes, ServerError, upsertRun, upsertSweep, type Server } from '@sextant/client';

async function listening(): Promise<{ server: Server; close: () => Promise<void> }> {
  const { app } = await testApp({ externalUrl: undefined });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { server: { url, key: TEST_KEY }, close: () => app.close() };
}

test('a run logged over the W&B calls reads back through typed native calls; a sweep agent gets its run command', async () => {
  const { server, close } = await listening();
  try {
    assert.deepEqual(await call(server, routes.viewer), { username: 'admin', entity: 'admin' });
    await upsertRun(server, { project: 'p', name: 'r1', config: { lr: { value: 0.1, desc: null } } });
    await fileStream(server, { entity: 'admin', project: 'p', run: 'r1' }, { files: { 'wandb-history.jsonl': { offset: 0, content: ['{"_step": 0, "loss": 1}', '{"_step": 1, "loss": 0.5}'] } } });
    assert.deepEqual(await fileStream(server, { entity: 'admin', project: 'p', run: 'r1' }, { complete: true, exitcode: 0 }), { exitcode: null, limits: {}, stopped: false });
    const run = await call(server, routes.getRun, { params: { entity: 'admin', project: 'p', run: 'r1' } });
    assert.deepEqual([run.state, run.config], ['finished', { lr: 0.1 }]);
    const history = await call(server, routes.runHistory, { params: { entity: 'admin', project: 'p', run: 'r1' }, query: { keys: 'loss', points: 10 } });
    assert.deepEqual(history.series.loss, { x: [0, 1], y: [1, 0.5], count: 2 });

    const sweep = await upsertSweep(server, 'p', 'method: grid\nparameters: {x: {values: [1, 2]}}\n');
    const agent = await createAgent(server, 'p', sweep);
    const [command] = await agentHeartbeat(server, agent);
    assert.equal(command.type, 'run');
    assert.deepEqual(command.type === 'run' && command.args, { x: { value: 1 } });
    const edited = await call(server, routes.setSweepState, { params: { entity: 'admin', project: 'p', sweep }, body: { state: 'paused' } });
    assert.equal(edited.state, 'PAUSED');
  } finally {
    await close();
  }
});

test("the server's errors surface with its message and status; an unreachable server is a transient error", async () => {
  const { server, close } = await listening();
  try {
    await assert.rejects(call(server, routes.listRuns, { params: { entity: 'admin', project: 'p' }, query: { limit: 0 } }),
      (error: ServerError) => error.status === 400 && !error.transient && error.message === 'query.limit: expected an integer from 1 to 10000');
    await assert.rejects(call(server, routes.getRun, { params: { entity: 'admin', project: 'p', run: 'nope' } }), { message: 'no run admin/p/nope', status: 404 });
    await assert.rejects(call({ ...server, key: 'x'.repeat(40) }, routes.viewer), { status: 401, message: /invalid or missing API key/ });
    await assert.rejects(graphql(server, 'mutation { createAgent(input: {host: "h", projectName: "p", sweep: "nosuch"}) { agent { id } } }'),
      (error: ServerError) => !error.transient && /nosuch/.test(error.message));
  } finally {
    await close();
  }
  await assert.rejects(call(server, routes.viewer), (error: ServerError) => error.transient && error.status === undefined && /^cannot reach http:\/\/127\.0\.0\.1:\d+: /.test(error.message));
});
