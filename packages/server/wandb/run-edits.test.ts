// What wandb.Api() changes on runs, in the shapes the Python clients (0.16–0.31) send:
// edits and deletion by the run's GraphQL id, sweeps of a project, alerts, collection tags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { authHeader } from '../testing/server-process.ts';
import { testApp } from '../testing/test-app.ts';

async function setup() {
  const lines: string[] = [];
  const { app, store, dir } = await testApp({ log: (line) => lines.push(line) });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query, variables } });
    return { status: r.statusCode, body: r.json() as { data?: any; errors?: Array<{ message: string }> } };
  };
  const key = { entity: 'admin', project: 'proj', name: 'r1' };
  await store.upsertRun(key, { config: { lr: { value: 0.1, desc: null }, _wandb: { value: { t: { 1: [1] } }, desc: null } }, summary: { loss: 1 } });
  await store.writeLines(key, 'history', 0, [{ content: '{"_step": 0, "loss": 1}', step: 0 }]);
  await app.inject({ method: 'PUT', url: '/storage/admin/proj/r1/config.yaml', headers: { authorization: authHeader() }, payload: 'lr: 0.1' });
  const id = (await gql('query { project(name: "proj", entityName: "admin") { run(name: "r1") { id } } }')).body.data.project.run.id as string;
  return { app, store, gql, key, id, dir, lines };
}

test('run.update() and run.summary.update() edit the run their id names; no run appears in uncategorized', async () => {
  const { store, gql, key, id } = await setup();
  const update = await gql(`mutation UpsertBucket($id: String!, $tags: [String!], $config: JSONString!, $display_name: String) {
    upsertBucket(input: {id: $id, tags: $tags, config: $config, displayName: $display_name}) { bucket { id name config readOnly } } }`,
  { id, tags: ['edited'], config: JSON.stringify({ lr: { value: 0.5, desc: null } }), display_name: 'renamed' });
  assert.equal(update.status, 200, JSON.stringify(update.body));
  assert.equal(update.body.data.upsertBucket.bucket.name, 'r1');
  const summary = await gql('mutation UpsertBucket($id: String, $summaryMetrics: JSONString) { upsertBucket(input: {id: $id, summaryMetrics: $summaryMetrics}) { bucket { id } } }',
    { id, summaryMetrics: JSON.stringify({ loss: 1, extra: 7 }) });
  assert.equal(summary.status, 200);
  const run = await store.getRun(key);
  assert.deepEqual(run?.tags, ['edited']);
  assert.equal(run?.displayName, 'renamed');
  assert.deepEqual(run?.config, { lr: { value: 0.5, desc: null }, _wandb: { value: { t: { 1: [1] } }, desc: null } }, 'the client\'s own _wandb entry stays, so the run still resumes');
  assert.deepEqual(run?.summary, { loss: 1, extra: 7 });
  assert.deepEqual((await store.listProjects('admin')).map((p) => p.name), ['proj']);
  const missing = await gql('mutation { upsertBucket(input: {id: "UnVuOnYxOm5vcGU6cHJvajphZG1pbg==", summaryMetrics: "{}"}) { bucket { id } } }');
  assert.equal(missing.status, 400);
  assert.match(missing.body.errors![0].message, /run admin\/proj\/nope does not exist/);
});

test('run.delete() removes the run, its history and its files; deleting it again is an error', async () => {
  const { store, gql, key, id, dir } = await setup();
  const mutation = 'mutation DeleteRun($id: ID!) { deleteRun(input: {id: $id}) { clientMutationId } }';
  const first = await gql(mutation, { id });
  assert.deepEqual(first.body, { data: { deleteRun: { clientMutationId: null } } });
  assert.equal(await store.getRun(key), undefined);
  assert.deepEqual(await store.readLines(key, 'history', 0, 10), []);
  assert.equal(existsSync(join(dir, 'files', 'admin', 'proj', 'r1')), false);
  const again = await gql(mutation, { id });
  assert.equal(again.status, 400);
  assert.match(again.body.errors![0].message, /does not exist/);
  const notOurs = await gql(mutation, { id: 'bm90IGEgcnVu' });
  assert.match(notOurs.body.errors![0].message, /is not a run id/);
});

test('project.sweeps() lists the project\'s sweeps with totalSweeps (0.16 compares it with 1)', async () => {
  const { store, gql } = await setup();
  await store.createSweep({ entity: 'admin', project: 'proj', name: 'swp1', displayName: null, config: 'method: random\nparameters:\n  a:\n    values: [1]\n', state: 'PENDING' });
  await store.createSweep({ entity: 'admin', project: 'other', name: 'swp2', displayName: null, config: 'method: random\nparameters:\n  a:\n    values: [1]\n', state: 'PENDING' });
  const { body } = await gql(`query GetSweeps($project: String!, $entity: String!) { project(name: $project, entityName: $entity) {
    totalSweeps sweeps { edges { node { __typename id name method state config runCount } cursor } pageInfo { endCursor hasNextPage } } } }`, { project: 'proj', entity: 'admin' });
  assert.equal(body.data.project.totalSweeps, 1);
  assert.deepEqual(body.data.project.sweeps.edges.map((e: any) => [e.node.name, e.node.method, e.node.state]), [['swp1', 'random', 'PENDING']]);
  assert.equal(body.data.project.sweeps.pageInfo.hasNextPage, false);
});

test('run.alert() (notifyScriptableRunAlert) is kept with the run and logged', async () => {
  const { app, gql, lines } = await setup();
  const { body } = await gql(`mutation NotifyScriptableRunAlert($entityName: String!, $projectName: String!, $runName: String!, $title: String!, $text: String!, $severity: AlertSeverity = INFO) {
    notifyScriptableRunAlert(input: {entityName: $entityName, projectName: $projectName, runName: $runName, title: $title, text: $text, severity: $severity}) { success } }`,
  { entityName: 'admin', projectName: 'proj', runName: 'r1', title: 'loss is high', text: 'loss 1.0 > 0.5', severity: 'WARN' });
  assert.deepEqual(body, { data: { notifyScriptableRunAlert: { success: true } } });
  const alerts = (await app.inject({ method: 'GET', url: '/api/v1/runs/admin/proj/r1/alerts', headers: { authorization: authHeader() } })).json().alerts;
  assert.deepEqual(alerts.map((a: any) => [a.title, a.text, a.severity]), [['loss is high', 'loss 1.0 > 0.5', 'WARN']]);
  assert.ok(lines.some((line) => / alert WARN admin\/proj\/r1: loss is high — loss 1\.0 > 0\.5$/.test(line)), lines.join('\n'));
});

test('artifact collections carry an empty tags connection and their type (0.17+ and 0.31 read them)', async () => {
  const { store, gql } = await setup();
  const { artifact } = await store.createArtifact({ entity: 'admin', project: 'proj', name: 'model-a', type: 'model', digest: 'd', description: null, metadata: null, aliases: [], clientId: null, sequenceClientId: null, createdBy: null, historyStep: null });
  await store.commitArtifact(artifact.id, []);
  const { body } = await gql(`query { project(name: "proj", entityName: "admin") { artifactType(name: "model") { name createdAt
    artifactCollections { edges { node { name createdAt updatedAt type: defaultArtifactType { name } tags { edges { node { id name } } } } } } } } }`);
  const type = body.data.project.artifactType;
  assert.equal(typeof type.createdAt, 'string');
  assert.deepEqual(type.artifactCollections.edges.map((e: any) => [e.node.name, e.node.type.name, e.node.tags]), [['model-a', 'model', { edges: [] }]]);
});
