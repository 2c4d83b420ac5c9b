// DELETE /api/v1/sweeps/E/P/ID: refused (409) while an agent still runs the sweep; once it is
// cancelled and its agents were told to exit, the sweep goes, with its runs and their files only
// when `?runs=true` asks; otherwise they stay as runs of no sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { authHeader } from '../testing/server-process.ts';
import { OTHER_KEY, testApp } from '../testing/test-app.ts';

const CONFIG = 'method: grid\nparameters:\n  lr: {values: [0.1, 0.2]}\n';

async function setup() {
  const lines: string[] = [];
  const { app, store, dir } = await testApp({ log: (line) => lines.push(line) });
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, auth = authHeader()) => {
    const r = await app.inject({ method, url, headers: { authorization: auth }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.json() as any };
  };
  const sweep = async (name: string) => {
    const key = { entity: 'admin', project: 'p', name };
    await store.createSweep({ ...key, displayName: null, config: CONFIG, state: 'RUNNING' });
    await store.createAgent({ id: `agent-${name}`, sweep: key, host: 'box', state: 'RUNNING' });
    await store.assignSweepRuns(key, 0, [{ name: `${name}-run`, displayName: `${name}-run`, config: {}, agentId: `agent-${name}` }]);
    await store.finishRun({ ...key, name: `${name}-run` }, 'finished', 0);
    const put = await app.inject({ method: 'PUT', url: `/storage/admin/p/${name}-run/model.txt`, headers: { authorization: authHeader() }, payload: 'weights' });
    assert.equal(put.statusCode, 200);
    return key;
  };
  const heartbeat = (agent: string) => app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() },
    payload: { query: 'mutation($id: ID!) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: "{}"}) { commands } }', variables: { id: agent } } });
  return { store, call, sweep, heartbeat, dir, lines };
}

test('a sweep an agent still runs is refused with 409 and left whole; cancelled and its agent gone, it is deleted with its runs and their files', async () => {
  const { store, call, sweep, heartbeat, dir, lines } = await setup();
  const key = await sweep('swpa');
  const refused = await call('DELETE', '/api/v1/sweeps/admin/p/swpa?runs=true');
  assert.equal(refused.status, 409);
  assert.equal(refused.body.errors[0].message, 'sweep admin/p/swpa has 1 running agent: cancel it first (sextant cancel admin/p/swpa); its agents exit at their next heartbeat');
  assert.ok(lines.some((line) => line.includes('409')), lines.join('\n'));
  assert.equal((await store.getSweep(key))?.state, 'RUNNING');
  assert.equal((await store.sweepRuns(key)).length, 1);

  assert.equal((await call('POST', '/api/v1/sweeps/admin/p/swpa/state', { state: 'CANCELED' })).status, 200);
  assert.match((await call('DELETE', '/api/v1/sweeps/admin/p/swpa?runs=true')).body.errors[0].message, /has 1 running agent: they exit at their next heartbeat, delete it then/);
  assert.match(JSON.parse((await heartbeat('agent-swpa')).json().data.agentHeartbeat.commands)[0].type, /exit|stop/);
  assert.equal((await call('DELETE', '/api/v1/sweeps/admin/p/swpa', undefined, authHeader(OTHER_KEY))).status, 403);
  assert.equal((await call('DELETE', '/api/v1/sweeps/admin/p/swpa?runs=yes')).status, 400);
  const deleted = await call('DELETE', '/api/v1/sweeps/admin/p/swpa?runs=true');
  assert.deepEqual(deleted, { status: 200, body: { deleted: { entity: 'admin', project: 'p', id: 'swpa' }, runs: 1 } });
  assert.equal(await store.getRun({ ...key, name: 'swpa-run' }), undefined);
  assert.equal(existsSync(join(dir, 'files', 'admin', 'p', 'swpa-run')), false);
  assert.equal((await call('GET', '/api/v1/sweeps/admin/p/swpa')).status, 404);
  assert.equal((await call('DELETE', '/api/v1/sweeps/admin/p/swpa')).status, 404);
});

test('without ?runs=true the sweep goes and its runs stay, with their files, as runs of no sweep', async () => {
  const { store, call, sweep } = await setup();
  const key = await sweep('swpb');
  await store.finishAgent('agent-swpb');
  const deleted = await call('DELETE', '/api/v1/sweeps/admin/p/swpb');
  assert.deepEqual(deleted.body, { deleted: { entity: 'admin', project: 'p', id: 'swpb' }, runs: 0 });
  const run = await call('GET', '/api/v1/runs/admin/p/swpb-run');
  assert.deepEqual([run.status, run.body.sweep], [200, null]);
  assert.equal((await call('GET', '/api/v1/runs/admin/p/swpb-run/files')).body.files.length, 1);
  assert.equal(await store.getSweep(key), undefined);
});
