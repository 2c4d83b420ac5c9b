// UpsertSweep, SweepWithRuns, CreateAgent and agentHeartbeat in the shapes wandb 0.16–0.18 send
// (docs/protocol/agents.md#wire-operations), with the controller behind them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bootstrapAdmin } from '../auth/bootstrap.ts';
import { authHeader, TEST_KEY } from '../testing/server-process.ts';
import { MAX_DELIVERIES } from '../sweeps/heartbeat.ts';

const UPSERT_SWEEP = `mutation UpsertSweep($id: ID, $config: String, $description: String, $entityName: String, $projectName: String, $controller: JSONString, $scheduler: JSONString, $state: String) {
  upsertSweep(input: {id: $id, config: $config, description: $description, entityName: $entityName, projectName: $projectName, controller: $controller, scheduler: $scheduler, state: $state}) {
    sweep { id name project { id name entity { id name } } } configValidationWarnings } }`;
const CREATE_AGENT = `mutation CreateAgent($host: String!, $projectName: String, $entityName: String, $sweep: String!) {
  createAgent(input: {host: $host, projectName: $projectName, entityName: $entityName, sweep: $sweep}) { agent { id } } }`;
const HEARTBEAT = `mutation Heartbeat($id: ID!, $metrics: JSONString, $runState: JSONString) {
  agentHeartbeat(input: {id: $id, metrics: $metrics, runState: $runState}) { agent { id } commands } }`;
const GRID = 'program: train.py\nmethod: grid\nmetric: {name: loss}\nparameters:\n  v1: {values: [1, 2, 3]}\n  v2: {values: [4, 5]}\n';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-sweeps-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await bootstrapAdmin(store, TEST_KEY);
  const app = buildApp({ store, filesDir: join(dir, 'files'), secret: Buffer.alloc(32, 3), log: () => {} });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query, variables } });
    return { status: r.statusCode, body: r.json() as { data?: any; errors?: Array<{ message: string }> } };
  };
  const createSweep = async (config: string) => (await gql(UPSERT_SWEEP, { config, projectName: 'swp' })).body.data.upsertSweep.sweep.name as string;
  const agent = async (sweep: string) => (await gql(CREATE_AGENT, { host: 'h', projectName: 'swp', entityName: null, sweep })).body.data.createAgent.agent.id as string;
  const beat = async (id: string, runState: Record<string, boolean> = {}) =>
    JSON.parse((await gql(HEARTBEAT, { id, metrics: '{}', runState: JSON.stringify(runState) })).body.data.agentHeartbeat.commands) as Array<{ type: string; run_id?: string; args?: Record<string, { value: unknown }>; program?: string }>;
  const finishRun = async (runId: string) => {
    await store.upsertRun({ entity: 'admin', project: 'swp', name: runId }, {});
    await store.finishRun({ entity: 'admin', project: 'swp', name: runId }, 'finished', 0);
  };
  return { app, store, gql, createSweep, agent, beat, finishRun };
}

test('UpsertSweep creates a PENDING sweep with an 8-character id and returns validation warnings', async () => {
  const { gql } = await setup();
  const { body } = await gql(UPSERT_SWEEP, { config: `${GRID}unknown_key: 1\n`, projectName: 'swp', entityName: null, controller: null, scheduler: null });
  const { sweep, configValidationWarnings } = body.data.upsertSweep;
  assert.match(sweep.name, /^[a-z0-9]{8}$/);
  assert.equal(sweep.project.entity.name, 'admin');
  assert.deepEqual(configValidationWarnings, ["unknown_key: unknown top-level key 'unknown_key' is ignored"]);
  const read = await gql('query SweepWithRuns($entity: String, $project: String, $sweep: String!) { project(name: $project, entityName: $entity) { sweep(sweepName: $sweep) { id name method state config runs { edges { node { name } } } } } }', { entity: 'admin', project: 'swp', sweep: sweep.name });
  assert.deepEqual([read.body.data.project.sweep.state, read.body.data.project.sweep.method], ['PENDING', 'grid']);
  assert.equal(read.body.data.project.sweep.config, `${GRID}unknown_key: 1\n`);
});

test('a config that cannot run is refused with the reasons and line numbers', async () => {
  const { gql } = await setup();
  const { status, body } = await gql(UPSERT_SWEEP, { config: 'method: grid\nparameters:\n  lr: {min: 0.1, max: 0.01}\n', projectName: 'swp' });
  assert.equal(status, 400);
  assert.match(body.errors![0].message, /invalid sweep config: .*line 3: parameters\.lr: .*grid cannot enumerate/);
});

test('agents get the grid in order, one run at a time, then exit; the sweep finishes', async () => {
  const { createSweep, agent, beat, finishRun, store } = await setup();
  const sweep = await createSweep(GRID);
  const id = await agent(sweep);
  const seen: unknown[] = [];
  for (let i = 0; i < 6; i++) {
    const [command] = await beat(id);
    assert.equal(command.type, 'run');
    assert.equal(command.program, 'train.py');
    seen.push([command.args!.v1.value, command.args!.v2.value]);
    assert.deepEqual(await beat(id, { [command.run_id!]: true }), [], 'busy agents get nothing new');
    await finishRun(command.run_id!);
  }
  assert.deepEqual(seen, [[1, 4], [1, 5], [2, 4], [2, 5], [3, 4], [3, 5]]);
  assert.deepEqual(await beat(id), [{ type: 'exit' }]);
  assert.equal((await store.getSweep({ entity: 'admin', project: 'swp', name: sweep }))?.state, 'FINISHED');
  const runs = await store.sweepRuns({ entity: 'admin', project: 'swp', name: sweep });
  assert.ok(runs.every((r) => /^[a-z]+-sweep-\d$/.test(r.displayName ?? '')));
});

test('many agents polling at once never get the same grid point and never overshoot run_cap', async () => {
  const { createSweep, agent, beat } = await setup();
  const sweep = await createSweep('method: random\nrun_cap: 5\nparameters:\n  a: {values: [1, 2, 3, 4, 5, 6, 7, 8]}\n');
  const agents = await Promise.all(Array.from({ length: 12 }, () => agent(sweep)));
  const commands = (await Promise.all(agents.map((id) => beat(id)))).flat();
  assert.equal(commands.filter((c) => c.type === 'run').length, 5);
  assert.equal(commands.filter((c) => c.type === 'exit').length, 7);
  const grid = await createSweep(GRID.replace('program: train.py\n', ''));
  const gridAgents = await Promise.all(Array.from({ length: 8 }, () => agent(grid)));
  const points = (await Promise.all(gridAgents.map((id) => beat(id)))).flat().filter((c) => c.type === 'run').map((c) => `${c.args!.v1.value},${c.args!.v2.value}`);
  assert.equal(points.length, 6);
  assert.equal(new Set(points).size, 6);
});

test('pause, resume, stop and cancel; agents of a finished sweep are refused', async () => {
  const { gql, createSweep, agent, beat, finishRun } = await setup();
  const sweep = await createSweep(GRID);
  const id = await agent(sweep);
  const [first] = await beat(id);
  const setState = (state: string) => gql(UPSERT_SWEEP, { id: sweep, state, entityName: 'admin', projectName: 'swp' });
  assert.equal((await setState('PAUSED')).status, 200);
  await finishRun(first.run_id!);
  assert.deepEqual(await beat(id), [], 'paused: no new runs');
  await setState('RUNNING');
  const [second] = await beat(id);
  assert.equal(second.type, 'run');
  assert.equal((await setState('CANCELED')).status, 200);
  assert.deepEqual(await beat(id, { [second.run_id!]: true }), [{ type: 'exit' }]);
  const late = await gql(CREATE_AGENT, { host: 'h', projectName: 'swp', sweep });
  assert.equal(late.status, 400);
  assert.match(late.body.errors![0].message, /is not running \(CANCELED\)/);
  assert.equal((await setState('RUNNING')).status, 400, 'a canceled sweep stays canceled');
  const reconfigure = await gql(UPSERT_SWEEP, { id: sweep, config: GRID, entityName: 'admin', projectName: 'swp' });
  assert.equal(reconfigure.status, 400);
});

test('a stop requested for an agent\'s run comes back as a stop command; the run is linked when its process upserts it', async () => {
  const { gql, store, createSweep, agent, beat } = await setup();
  const sweep = await createSweep(GRID);
  const id = await agent(sweep);
  const [command] = await beat(id);
  const key = { entity: 'admin', project: 'swp', name: command.run_id! };
  assert.equal((await store.getRun(key))?.state, 'pending');
  await gql('mutation($name: String, $sweep: String) { upsertBucket(input: {name: $name, modelName: "swp", sweep: $sweep}) { bucket { sweepName } } }', { name: command.run_id, sweep });
  assert.equal((await store.getRun(key))?.state, 'running');
  await store.requestStop(key);
  assert.deepEqual(await beat(id, { [command.run_id!]: true }), [{ type: 'stop', run_id: command.run_id }]);
});

test('hyperband runs on every history append: the run behind the threshold is stopped at once', async () => {
  const { app, gql, createSweep, agent, beat } = await setup();
  const sweep = await createSweep('method: grid\nmetric: {name: loss}\nearly_terminate: {type: hyperband, min_iter: 1, eta: 2}\nparameters: {a: {values: [1, 2, 3]}}\n');
  const runs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const [command] = await beat(await agent(sweep));
    runs.push(command.run_id!);
    await gql('mutation($n: String, $s: String) { upsertBucket(input: {name: $n, modelName: "swp", sweep: $s}) { bucket { id } } }', { n: command.run_id, s: sweep });
  }
  const log = async (run: string, loss: number) => (await app.inject({ method: 'POST', url: `/files/admin/swp/${run}/file_stream`, headers: { authorization: authHeader() },
    payload: { files: { 'wandb-history.jsonl': { offset: 0, content: [JSON.stringify({ _step: 0, loss })] } } } })).json() as { stopped: boolean };
  await log(runs[0], 1);
  await log(runs[1], 2);
  await log(runs[2], 10);
  // Band 1: threshold sorted([1, 2, 10])[floor(3 / 2)] = 2, so the third run (10) is stopped.
  assert.deepEqual(await Promise.all(runs.map((r) => log(r, r === runs[2] ? 10 : 1).then((a) => a.stopped))), [false, false, true]);
  const status = await gql('query($r: String!) { project(name: "swp", entityName: "admin") { run(name: $r) { stopped } } }', { r: runs[2] });
  assert.equal(status.body.data.project.run.stopped, true);
});

test('retry: a failed grid point is handed out again (up to max), before new points; target ends the sweep', async () => {
  const { store, createSweep, agent, beat, finishRun } = await setup();
  const sweep = await createSweep('method: grid\nretry: {max: 1}\nparameters: {a: {values: [1, 2]}}\n');
  const id = await agent(sweep);
  const [first] = await beat(id);
  await store.upsertRun({ entity: 'admin', project: 'swp', name: first.run_id! }, { config: { a: { value: 1, desc: null }, _wandb: { value: { cli: 1 }, desc: null } } });
  await store.finishRun({ entity: 'admin', project: 'swp', name: first.run_id! }, 'failed', 1);
  const [again] = await beat(id);
  assert.deepEqual(again.args, { a: { value: 1 } }, 'the same parameters, without what the process added');
  await store.finishRun({ entity: 'admin', project: 'swp', name: again.run_id! }, 'crashed', null);
  const [next] = await beat(id);
  assert.deepEqual(next.args, { a: { value: 2 } }, 'retries used up: the next grid point');
  await finishRun(next.run_id!);
  assert.deepEqual(await beat(id), [{ type: 'exit' }]);

  const targeted = await createSweep('method: random\nmetric: {name: acc, goal: maximize, target: 0.9}\nparameters: {a: {min: 0.0, max: 1.0}}\n');
  const t = await agent(targeted);
  const [run] = await beat(t);
  await store.upsertRun({ entity: 'admin', project: 'swp', name: run.run_id! }, { summary: { acc: 0.95 } });
  await store.finishRun({ entity: 'admin', project: 'swp', name: run.run_id! }, 'finished', 0);
  assert.deepEqual(await beat(t), [{ type: 'exit' }]);
  assert.equal((await store.getSweep({ entity: 'admin', project: 'swp', name: targeted }))?.state, 'FINISHED');
});

test('a run the agent does not report and that never reached the server is handed out again, then failed after MAX_DELIVERIES', async () => {
  const { store, createSweep, agent, beat } = await setup();
  const sweep = await createSweep(GRID);
  const id = await agent(sweep);
  const [first] = await beat(id);
  // The answer may have been lost: the same run again, with the same parameters.
  for (let delivery = 2; delivery <= MAX_DELIVERIES; delivery++) assert.deepEqual(await beat(id, {}), [first]);
  assert.equal((await store.getRun({ entity: 'admin', project: 'swp', name: first.run_id! }))?.state, 'pending');
  // Still not reported: its process keeps dying before wandb.init.
  const [next] = await beat(id, {});
  assert.equal((await store.getRun({ entity: 'admin', project: 'swp', name: first.run_id! }))?.state, 'failed');
  assert.equal(next.type, 'run');
  assert.notEqual(next.run_id, first.run_id);
});

test('wandb.Api().sweep(): the ≥0.24 selection with method, counts and bestLoss; best_run() is the runs query ordered by the metric', async () => {
  const { store, gql, createSweep, agent, beat } = await setup();
  const sweep = await createSweep('method: grid\nmetric: {name: acc, goal: maximize}\nrun_cap: 2\nparameters: {a: {values: [1, 2, 3]}}\n');
  const id = await agent(sweep);
  for (const acc of [0.7, 0.9]) {
    const [run] = await beat(id);
    await store.upsertRun({ entity: 'admin', project: 'swp', name: run.run_id! }, { summary: { acc } });
    await store.finishRun({ entity: 'admin', project: 'swp', name: run.run_id! }, 'finished', 0);
  }
  const GET_SWEEP = `query GetSweep($project: String, $entity: String, $name: String!) { project(name: $project, entityName: $entity) {
    sweep(sweepName: $name) { __typename id name displayName method state description bestLoss config createdAt updatedAt runCount runCountExpected } } }`;
  const found = (await gql(GET_SWEEP, { project: 'swp', entity: 'admin', name: sweep })).body.data.project.sweep;
  assert.deepEqual([found.__typename, found.name, found.method, found.state, found.bestLoss, found.runCount, found.runCountExpected], ['Sweep', sweep, 'grid', 'RUNNING', 0.9, 2, 2]);
  assert.match(found.config, /^method: grid/);
  assert.equal((await gql(GET_SWEEP, { project: 'swp', entity: 'admin', name: 'nosuch00' })).body.data.project.sweep, null);
  const BEST = `query Runs($project: String!, $entity: String!, $perPage: Int, $order: String, $filters: JSONString) { project(name: $project, entityName: $entity) {
    runs(filters: $filters, first: $perPage, order: $order) { edges { node { name sweepName summaryMetrics } } } } }`;
  const best = (await gql(BEST, { project: 'swp', entity: 'admin', perPage: 1, order: '-summary_metrics.acc', filters: JSON.stringify({ $and: [{ sweep }] }) })).body.data.project.runs.edges;
  assert.equal(best.length, 1);
  assert.equal(JSON.parse(best[0].node.summaryMetrics).acc, 0.9);
  assert.equal(best[0].node.sweepName, sweep);
});

test('a bayes sweep with metrics hands out runs past its start; wandb.Api().sweep(): the config has no metric, so best_run() sends no order and gets the most recent run; best_run(order=) sorts by the metric given', async () => {
  const { store, gql, createSweep, agent, beat } = await setup();
  const sweep = await createSweep('method: bayes\nmetrics: [{name: loss}, {name: acc, goal: maximize}]\nparameters: {a: {min: 0.0, max: 1.0}}\n');
  const id = await agent(sweep);
  const names: string[] = [];
  // Six runs: past bayes's space-filling start (4 runs for one parameter), so the last two come from its model.
  for (const summary of [{ loss: 0.5, acc: 0.5 }, { loss: 0.1, acc: 0.6 }, { loss: 0.3, acc: 0.9 }, { loss: 0.6, acc: 0.4 }, { loss: 0.4, acc: 0.8 }, { loss: 0.2, acc: 0.7 }]) {
    const [run] = await beat(id);
    names.push(run.run_id!);
    await store.upsertRun({ entity: 'admin', project: 'swp', name: run.run_id! }, { summary });
    await store.finishRun({ entity: 'admin', project: 'swp', name: run.run_id! }, 'finished', 0);
    // Creation times have millisecond resolution: the next run is created in a later millisecond.
    const created = Date.now();
    while (Date.now() === created) await new Promise((resolve) => setImmediate(resolve));
  }
  const GET_SWEEP = 'query GetSweep($project: String, $entity: String, $name: String!) { project(name: $project, entityName: $entity) { sweep(sweepName: $name) { bestLoss config } } }';
  const found = (await gql(GET_SWEEP, { project: 'swp', entity: 'admin', name: sweep })).body.data.project.sweep;
  // The client's order comes from the config's metric: there is none, so it sends order null.
  assert.match(found.config, /^metrics:/m);
  assert.doesNotMatch(found.config, /^metric:/m);
  assert.equal(found.bestLoss, null, 'no single metric to be best at');
  const BEST = `query Runs($project: String!, $entity: String!, $perPage: Int, $order: String, $filters: JSONString) { project(name: $project, entityName: $entity) {
    runs(filters: $filters, first: $perPage, order: $order) { edges { node { name } } } } }`;
  const bestRun = async (order: string | null) => (await gql(BEST, { project: 'swp', entity: 'admin', perPage: 1, order, filters: JSON.stringify({ $and: [{ sweep }] }) })).body.data.project.runs.edges.map((e: { node: { name: string } }) => e.node.name);
  assert.equal(names.length, 6);
  assert.deepEqual(await bestRun(null), [names[5]], 'the most recent run, as the client warns');
  assert.deepEqual(await bestRun('+summary_metrics.loss'), [names[1]], 'best_run(order="+loss")');
  assert.deepEqual(await bestRun('-summary_metrics.acc'), [names[2]], 'best_run(order="acc")');
});

test('a random sweep without seed gets its own, stored in its config; the same explicit seed draws the same points', async () => {
  const { createSweep, agent, beat, store } = await setup();
  const random = 'program: train.py\nmethod: random\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n';
  const firstRun = async (config: string) => {
    const sweep = await createSweep(config);
    const [command] = await beat(await agent(sweep));
    const stored = (await store.getSweep({ entity: 'admin', project: 'swp', name: sweep }))!.config;
    return { lr: command.args!.lr.value, stored };
  };
  const [a, b] = [await firstRun(random), await firstRun(random)];
  assert.notEqual(a.lr, b.lr);
  const seeds = [a, b].map(({ stored }) => /\nseed: (\d+)\n$/.exec(stored)?.[1]);
  assert.ok(seeds[0] && seeds[1] && seeds[0] !== seeds[1], `stored configs: ${JSON.stringify([a.stored, b.stored])}`);
  assert.equal(a.stored, `${random}seed: ${seeds[0]}\n`);
  // The stored seed reproduces the sweep: a new sweep with it draws the same first run.
  assert.equal((await firstRun(a.stored)).lr, a.lr);
  const [c, d] = [await firstRun(`${random}seed: 42\n`), await firstRun(`${random}seed: 42\n`)];
  assert.equal(c.lr, d.lr);
  assert.equal(c.stored, `${random}seed: 42\n`);
});

test('a grid too large to run is refused at creation, naming the parameter and its line', async () => {
  const { gql } = await setup();
  const { status, body } = await gql(UPSERT_SWEEP, { config: 'method: grid\nparameters:\n  a: {values: [1, 2]}\n  n: {min: 0, max: 1000000000}\n', projectName: 'swp' });
  assert.equal(status, 400);
  assert.match(body.errors![0].message, /invalid sweep config: line 4: parameters\.n: grid has 2000000002 points, more than Sextant enumerates \(10000000\)/);
});

test('wandb agent ID with no entity or project anywhere: the sweep is found by its id, and its runs land in its project', async () => {
  const { gql, createSweep, beat } = await setup();
  const sweep = await createSweep(GRID);
  const withRuns = await gql(`query SweepWithRuns($entity: String, $project: String, $sweep: String!) {
    project(name: $project, entityName: $entity) { sweep(sweepName: $sweep) { id name state config project { name } } } }`, { entity: null, project: null, sweep });
  assert.equal(withRuns.body.data.project.sweep.name, sweep);
  assert.equal(withRuns.body.data.project.sweep.project.name, 'swp');
  const created = await gql(CREATE_AGENT, { host: 'h', projectName: null, entityName: null, sweep });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const [command] = await beat(created.body.data.createAgent.agent.id);
  assert.equal(command.type, 'run');
  // The run's process knows no project either: the client sends its default, uncategorized.
  const upsert = await gql(`mutation UpsertBucket($name: String, $project: String, $sweep: String) {
    upsertBucket(input: {name: $name, modelName: $project, sweep: $sweep}) { bucket { state project { name } } } }`, { name: command.run_id, project: 'uncategorized', sweep });
  assert.deepEqual(upsert.body.data.upsertBucket.bucket, { state: 'running', project: { name: 'swp' } });
  const files = await gql(`mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
    createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, files: $files}) { files { uploadUrl } } }`, { entity: 'admin', project: 'uncategorized', run: command.run_id, files: ['config.yaml'] });
  assert.match(files.body.data.createRunFiles.files[0].uploadUrl, new RegExp(`/storage/admin/swp/${command.run_id}/config\\.yaml\\?sig=`), 'wandb-core asks in its default project');
  const unknown = await gql('query { project(name: null, entityName: null) { sweep(sweepName: "nope0000") { id } } }');
  assert.deepEqual(unknown.body, { data: { project: { sweep: null } } });
});

test('wandb sweep --prior_run: the named runs of the project join the new sweep', async () => {
  const { gql, store } = await setup();
  for (const name of ['p1', 'p2', 'p3']) await store.upsertRun({ entity: 'admin', project: 'swp', name }, { config: { v1: { value: 1, desc: null }, v2: { value: 4, desc: null } } });
  const { body } = await gql(`mutation UpsertSweep($config: String, $projectName: String, $priorRunsFilters: JSONString) {
    upsertSweep(input: {config: $config, projectName: $projectName, priorRunsFilters: $priorRunsFilters}) { sweep { name } } }`,
  { config: GRID, projectName: 'swp', priorRunsFilters: JSON.stringify({ $or: [{ name: 'p1' }, { name: 'p3' }] }) });
  const sweep = body.data.upsertSweep.sweep.name as string;
  assert.deepEqual((await store.sweepRuns({ entity: 'admin', project: 'swp', name: sweep })).map((r) => r.name).sort(), ['p1', 'p3']);
  assert.equal((await store.getRun({ entity: 'admin', project: 'swp', name: 'p2' }))?.sweepName, null);
});
