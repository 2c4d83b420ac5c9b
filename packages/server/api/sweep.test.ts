// GET /api/v1/sweeps/E/P/ID, POST …/state and POST /api/v1/sweeps/E/P: the dashboard's sweep page,
// its buttons and its new-sweep form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bootstrapAdmin } from '../auth/bootstrap.ts';
import { TEST_KEY } from '../testing/server-process.ts';

const CONFIG = 'method: random\nmetric: {name: loss, goal: maximize}\nrun_cap: 5\nparameters:\n  lr: {min: 0.001, max: 0.1}\n  opt: {parameters: {name: {values: [adam, sgd]}}}\n  epochs: {value: 3}\n';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-sweep-api-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await bootstrapAdmin(store, TEST_KEY);
  const app = buildApp({ store, filesDir: join(dir, 'files'), secret: Buffer.alloc(32, 2) });
  await store.createSweep({ entity: 'admin', project: 'p', name: 'sw1', displayName: 'first', config: CONFIG, state: 'RUNNING' });
  await store.createAgent({ id: 'agent1', sweep: { entity: 'admin', project: 'p', name: 'sw1' }, host: 'gpu-1', state: 'RUNNING' });
  await store.upsertRun({ entity: 'admin', project: 'p', name: 'r1' }, { sweepName: 'sw1', state: 'finished' });
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, type?: string) => {
    const r = await app.inject({ method, url, payload: payload as string, headers: { authorization: `Bearer ${TEST_KEY}`, ...(type ? { 'content-type': type } : {}) } });
    return { status: r.statusCode, body: r.json() as any };
  };
  return { app, call, store };
}

test('a sweep for the dashboard: config text, method, metric, varying parameters, runs by state, agents', async () => {
  const { call } = await setup();
  const { status, body } = await call('GET', '/api/v1/sweeps/admin/p/sw1');
  assert.equal(status, 200);
  assert.deepEqual([body.id, body.name, body.state, body.method, body.metric, body.runCap, body.config], ['sw1', 'first', 'RUNNING', 'random', { name: 'loss', goal: 'maximize' }, 5, CONFIG]);
  assert.deepEqual(body.parameters.map((p: { path: string[] }) => p.path), [['lr'], ['opt', 'name']], 'constants are not parameters to analyse');
  assert.deepEqual(body.runs, { finished: 1 });
  assert.deepEqual(body.agents.map((a: { id: string; host: string }) => [a.id, a.host]), [['agent1', 'gpu-1']]);
  assert.equal((await call('GET', '/api/v1/sweeps/admin/p/nope')).status, 404);
  assert.equal((await call('GET', '/api/v1/sweeps/someone/p/sw1')).status, 403);
});

test('a sweep with several metrics: its metrics, and the runs on the Pareto front with their values', async () => {
  const { call, store } = await setup();
  const config = 'method: bayes\nmetrics: [{name: loss}, {name: acc, goal: maximize}]\nparameters: {x: {min: 0.0, max: 1.0}}\n';
  const created = await call('POST', '/api/v1/sweeps/admin/mo', { config });
  const id = created.body.id as string;
  assert.deepEqual([created.body.metric, created.body.metrics, created.body.front], [null, [{ name: 'loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }], []]);
  const runs: Array<[string, string, Record<string, number>]> = [
    ['fast', 'finished', { loss: 0.5, acc: 0.7 }], ['good', 'finished', { loss: 0.2, acc: 0.9 }], ['beaten', 'finished', { loss: 0.3, acc: 0.8 }],
    ['sharp', 'finished', { loss: 0.4, acc: 0.95 }], ['crashed', 'crashed', { loss: 0.1, acc: 0.99 }], ['half', 'finished', { loss: 0.01 }],
  ];
  for (const [name, state, summary] of runs) {
    await store.upsertRun({ entity: 'admin', project: 'mo', name }, { sweepName: id, state: state as 'finished', summary, displayName: `${name}-run` });
  }
  const { body } = await call('GET', `/api/v1/sweeps/admin/mo/${id}`);
  assert.deepEqual(body.front, [{ id: 'good', name: 'good-run', values: [0.2, 0.9] }, { id: 'sharp', name: 'sharp-run', values: [0.4, 0.95] }]);
  assert.equal((await call('GET', '/api/v1/sweeps/admin/p/sw1')).body.front, null, 'one metric: no front');
});

test('a wrong Bearer key gets 401 without a Basic challenge (a browser would pop up its login dialog); others get the challenge', async () => {
  const { app } = await setup();
  const bearer = await app.inject({ method: 'GET', url: '/api/v1/viewer', headers: { authorization: 'Bearer wrong' } });
  assert.deepEqual([bearer.statusCode, bearer.headers['www-authenticate']], [401, undefined]);
  const basic = await app.inject({ method: 'GET', url: '/api/v1/viewer', headers: { authorization: `Basic ${Buffer.from('api:wrong').toString('base64')}` } });
  assert.deepEqual([basic.statusCode, basic.headers['www-authenticate']], [401, 'Basic realm="sextant"']);
});

test('pause, resume and stop a sweep; a finished sweep and a bad state are refused with 400', async () => {
  const { call } = await setup();
  const state = (s: unknown) => call('POST', '/api/v1/sweeps/admin/p/sw1/state', { state: s });
  assert.equal((await state('paused')).body.state, 'PAUSED');
  assert.equal((await call('GET', '/api/v1/sweeps/admin/p/sw1')).body.state, 'PAUSED');
  assert.equal((await state('RUNNING')).body.state, 'RUNNING');
  const bad = await state('sleeping');
  assert.deepEqual([bad.status, bad.body.errors[0].message], [400, 'body.state: expected one of RUNNING|PAUSED|FINISHED|CANCELED']);
  assert.equal((await call('POST', '/api/v1/sweeps/admin/p/sw1/state')).status, 400, 'no body');
  assert.equal((await state('FINISHED')).body.state, 'FINISHED');
  const again = await state('RUNNING');
  assert.deepEqual([again.status, again.body.errors[0].message], [400, 'sweep sw1 is already FINISHED']);
  assert.equal((await call('POST', '/api/v1/sweeps/admin/p/nope/state', { state: 'PAUSED' })).status, 404);
});

test('create a sweep from its YAML (JSON body or the text itself): PENDING with its own seed; a bad config is a 400 naming the line, and nothing is created', async () => {
  const { call } = await setup();
  const created = await call('POST', '/api/v1/sweeps/admin/q', { config: CONFIG, name: 'from the form' });
  assert.equal(created.status, 201);
  assert.deepEqual([created.body.project, created.body.name, created.body.state, created.body.method, created.body.runCap], ['q', 'from the form', 'PENDING', 'random', 5]);
  assert.match(created.body.id, /^[a-z0-9]{8}$/);
  assert.match(created.body.config, /^seed: \d+/m, 'the sweep gets a seed of its own');
  assert.equal((await call('GET', `/api/v1/sweeps/admin/q/${created.body.id}`)).body.state, 'PENDING');

  const yaml = await call('POST', '/api/v1/sweeps/admin/q', 'name: plain\nmethod: grid\nparameters:\n  x: {values: [1, 2]}\n', 'application/yaml');
  assert.deepEqual([yaml.status, yaml.body.name, yaml.body.method], [201, 'plain', 'grid']);

  const bad = await call('POST', '/api/v1/sweeps/admin/q', { config: 'method: grid\nparameters:\n  x:\n    min: 2\n    max: 1\n' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.errors[0].message, /^invalid sweep config: line \d+: parameters\.x/);
  assert.equal((await call('POST', '/api/v1/sweeps/admin/q', { name: 'no config' })).status, 400);
  assert.equal((await call('POST', '/api/v1/sweeps/admin/q', { config: CONFIG, name: 3 })).status, 400);
  assert.equal((await call('POST', '/api/v1/sweeps/someone/q', { config: CONFIG })).status, 403);
  const listed = await call('GET', '/api/v1/sweeps?entity=admin');
  assert.deepEqual(listed.body.sweeps.filter((s: { project: string }) => s.project === 'q').length, 2, 'the refused configs created nothing');
  for (const sweep of listed.body.sweeps as Array<{ project: string; id: string; runs: unknown; agents: unknown }>) {
    const one = (await call('GET', `/api/v1/sweeps/admin/${sweep.project}/${sweep.id}`)).body;
    assert.deepEqual([sweep.runs, sweep.agents], [one.runs, one.agents], 'the list counts runs and agents as the sweep page does');
  }
});
