// The reads of wandb.Api() in the shapes of docs/protocol/public-api.md, against the app and SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bootstrapAdmin } from '../auth/bootstrap.ts';
import { authHeader, TEST_KEY } from '../testing/server-process.ts';

async function seeded() {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-public-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await bootstrapAdmin(store, TEST_KEY);
  const app = buildApp({ store, filesDir: join(dir, 'files'), secret: Buffer.alloc(32, 1), externalUrl: 'http://host.test', log: () => {} });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query, variables } });
    return r.json() as { data?: any; errors?: unknown };
  };
  for (let i = 1; i <= 5; i++) {
    const key = { entity: 'admin', project: 'p', name: `run${i}` };
    await store.upsertRun(key, { config: { lr: { value: i / 100, desc: null } }, summary: i === 3 ? {} : { loss: 1 / i }, tags: i % 2 ? ['odd'] : [], sweepName: i <= 2 ? 'swp1' : null });
    await store.writeLines(key, 'history', 0, Array.from({ length: 10 }, (_, s) => ({ content: JSON.stringify(s === 5 ? { _step: s, acc: 1 } : { _step: s, loss: 1 / (s + 1) }), step: s })));
    await store.finishRun(key, 'finished', 0);
  }
  await store.upsertRun({ entity: 'admin', project: 'p', name: 'empty' }, {});
  await app.inject({ method: 'PUT', url: '/storage/admin/p/run1/media/images/a.png', headers: { authorization: authHeader() }, payload: 'png' });
  await app.inject({ method: 'PUT', url: '/storage/admin/p/run1/config.yaml', headers: { authorization: authHeader() }, payload: 'lr: 1' });
  return { gql };
}

const RUNS = `query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) { runCount(filters: $filters) readOnly
    runs(filters: $filters, after: $cursor, first: $perPage, order: $order) { edges { node { id name state config summaryMetrics tags sweepName historyLineCount user { username } historyKeys } cursor } pageInfo { endCursor hasNextPage } } } }`;

test('runs: paging by edge cursor, counts, JSON strings, historyKeys as an object with lastStep', async () => {
  const { gql } = await seeded();
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page++) {
    const { data, errors } = await gql(RUNS, { project: 'p', entity: 'admin', perPage: 2, cursor, order: '+created_at', filters: '{}' });
    assert.equal(errors, undefined);
    assert.equal(data.project.runCount, 6);
    const { edges, pageInfo } = data.project.runs;
    seen.push(...edges.map((e: { node: { name: string } }) => e.node.name));
    assert.equal(pageInfo.endCursor, edges[edges.length - 1].cursor);
    if (!pageInfo.hasNextPage) break;
    cursor = edges[edges.length - 1].cursor;
  }
  assert.deepEqual(seen, ['run1', 'run2', 'run3', 'run4', 'run5', 'empty']);
  const { data } = await gql(RUNS, { project: 'p', entity: 'admin', perPage: 1, order: '+created_at' });
  const node = data.project.runs.edges[0].node;
  assert.equal(typeof node.config, 'string');
  assert.equal(typeof node.summaryMetrics, 'string');
  assert.deepEqual(node.historyKeys.lastStep, 9);
  assert.equal(node.user.username, 'admin');
});

test('filters and order: config with and without .value, tags contain, $or, sweep; runs lacking the key go last', async () => {
  const { gql } = await seeded();
  const names = async (filters: unknown, order = '+created_at') =>
    (await gql(RUNS, { project: 'p', entity: 'admin', filters: JSON.stringify(filters), order })).data.project.runs.edges.map((e: { node: { name: string } }) => e.node.name);
  assert.deepEqual(await names({ 'config.lr.value': 0.02 }), ['run2']);
  assert.deepEqual(await names({ 'config.lr': { $gte: 0.04 } }), ['run4', 'run5']);
  assert.deepEqual(await names({ tags: 'odd', state: 'finished' }), ['run1', 'run3', 'run5']);
  assert.deepEqual(await names({ $or: [{ name: 'run1' }, { name: { $regex: '^run[45]' } }] }), ['run1', 'run4', 'run5']);
  assert.deepEqual(await names({ $and: [{ sweep: 'swp1' }] }), ['run1', 'run2']);
  assert.deepEqual(await names({ 'summary_metrics.loss': { $exists: false } }), ['run3', 'empty']);
  assert.deepEqual(await names({}, '+summary_metrics.loss'), ['run5', 'run4', 'run2', 'run1', 'run3', 'empty']);
  assert.deepEqual(await names({}, '-summary_metrics.loss'), ['run1', 'run2', 'run4', 'run5', 'run3', 'empty']);
  const bad = await gql(RUNS, { project: 'p', entity: 'admin', filters: '{"name": {"$near": 1}}' });
  assert.ok(bad.errors);
});

test('not found is null data without errors', async () => {
  const { gql } = await seeded();
  assert.deepEqual(await gql(RUNS, { project: 'nope', entity: 'admin' }), { data: { project: null } });
  assert.deepEqual(await gql('query { project(name: "p", entityName: "admin") { run(name: "zzz") { id } } }'), { data: { project: { run: null } } });
});

test('sampledHistory: rows with all keys, projected, evenly downsampled keeping ends; [[]] when none', async () => {
  const { gql } = await seeded();
  const q = 'query($specs: [JSONString!]!) { project(name: "p", entityName: "admin") { run(name: "run1") { sampledHistory(specs: $specs) } } }';
  const { data } = await gql(q, { specs: [JSON.stringify({ keys: ['_step', 'loss'], samples: 3 })] });
  assert.deepEqual(data.project.run.sampledHistory, [[{ _step: 0, loss: 1 }, { _step: 4, loss: 0.2 }, { _step: 9, loss: 0.1 }]]);
  const none = await gql(q, { specs: [JSON.stringify({ keys: ['nothing'], samples: 10 })] });
  assert.deepEqual(none.data.project.run.sampledHistory, [[]]);
  // scan windows: an exclusive end from old clients, an inclusive end with samples = window size from new ones.
  const old = await gql(q, { specs: [JSON.stringify({ keys: ['loss'], minStep: 0, maxStep: 4, samples: 1000 })] });
  assert.equal(old.data.project.run.sampledHistory[0].length, 5, 'samples > maxStep − minStep: the end is inclusive');
  const exclusive = await gql(q, { specs: [JSON.stringify({ keys: ['loss'], minStep: 0, maxStep: 4, samples: 4 })] });
  assert.deepEqual(exclusive.data.project.run.sampledHistory[0], [{ loss: 1 }, { loss: 0.5 }, { loss: 1 / 3 }, { loss: 0.25 }]);
});

test('history: JSON strings of whole rows, windows with an exclusive max step, events', async () => {
  const { gql } = await seeded();
  const { data } = await gql('query { project(name: "p", entityName: "admin") { run(name: "run2") { all: history(samples: 500) window: history(minStep: 4, maxStep: 8, samples: 1000) events(samples: 10) } } }');
  assert.equal(data.project.run.all.length, 10);
  assert.ok(data.project.run.all.every((row: unknown) => typeof row === 'string'));
  assert.deepEqual(data.project.run.window.map((r: string) => JSON.parse(r)._step), [4, 5, 6, 7]);
  assert.deepEqual(data.project.run.events, []);
  const empty = await gql('query { project(name: "p", entityName: "admin") { run(name: "empty") { historyKeys } } }');
  assert.equal(empty.data.project.run.historyKeys.lastStep, undefined);
});

test('files: exact name filter, paging, nested names, absolute URLs that download with the key', async () => {
  const { gql } = await seeded();
  const q = `query($names: [String], $after: String, $first: Int) { project(name: "p", entityName: "admin") { run(name: "run1") { fileCount
    files(names: $names, after: $after, first: $first) { edges { node { name url directUrl sizeBytes md5 } cursor } pageInfo { endCursor hasNextPage } } } } }`;
  const all = await gql(q, { names: [] });
  assert.equal(all.data.project.run.fileCount, 2);
  assert.deepEqual(all.data.project.run.files.edges.map((e: { node: { name: string } }) => e.node.name), ['config.yaml', 'media/images/a.png']);
  const one = await gql(q, { names: ['media/images/a.png'] });
  const node = one.data.project.run.files.edges[0].node;
  assert.equal(node.url, 'http://host.test/storage/admin/p/run1/media/images/a.png');
  assert.equal(node.sizeBytes, 3);
  assert.equal(node.md5, 'v/E5+gWsWD9oWlI6s9EQoA=='); // base64 MD5 of "png" (Python hashlib)
  assert.deepEqual((await gql(q, { names: ['missing.txt'] })).data.project.run.files.edges, []);
  const page = await gql(q, { first: 1 });
  assert.equal(page.data.project.run.files.pageInfo.hasNextPage, true);
  const next = await gql(q, { first: 1, after: page.data.project.run.files.pageInfo.endCursor });
  assert.equal(next.data.project.run.files.edges[0].node.name, 'media/images/a.png');
});

test('projects: models connection with cursors', async () => {
  const { gql } = await seeded();
  const { data } = await gql('query Projects($entity: String, $cursor: String, $perPage: Int) { models(entityName: $entity, after: $cursor, first: $perPage) { edges { node { id name entityName createdAt isBenchmark } cursor } pageInfo { endCursor hasNextPage } } }', { entity: 'admin', perPage: 10 });
  assert.deepEqual(data.models.edges.map((e: { node: { name: string; entityName: string; isBenchmark: boolean } }) => [e.node.name, e.node.entityName, e.node.isBenchmark]), [['p', 'admin', false]]);
  assert.equal(data.models.pageInfo.hasNextPage, false);
});

test('run.projectId is the same integer for every run of a project (0.25+ apply int() to it)', async () => {
  const { gql } = await seeded();
  const ids = async (project: string) => (await gql(`query { project(name: "${project}", entityName: "admin") { runs { edges { node { projectId } } } } }`))
    .data.project.runs.edges.map((e: { node: { projectId: unknown } }) => e.node.projectId);
  const p = await ids('p');
  assert.ok(p.every((id: unknown) => Number.isSafeInteger(id) && id === p[0]), JSON.stringify(p));
});
