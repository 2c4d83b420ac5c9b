// Hand-written requests in the shapes the Python client (0.16–0.18) and wandb-core send
// (docs/protocol/runs.md), against the app with a real SQLite store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bootstrapAdmin } from '../auth/bootstrap.ts';
import { authHeader, TEST_KEY } from '../testing/server-process.ts';
import { OTHER_KEY, testApp } from '../testing/test-app.ts';

async function setup(options: { bodyLimit?: number; fileLimit?: number } = {}) {
  const { app, store } = await testApp(options);
  const gql = async (query: string, variables: Record<string, unknown> = {}, key = TEST_KEY) => {
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader(key) }, payload: { query, variables } });
    return { status: response.statusCode, body: response.json() as { data?: any; errors?: Array<{ message: string }> } };
  };
  const stream = (run: string, payload: unknown, extra: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `/files/admin/proj/${run}/file_stream`, headers: { authorization: authHeader(), ...extra }, payload: payload as string });
  return { app, store, gql, stream };
}

const UPSERT = `mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, $config: JSONString, $summaryMetrics: JSONString, $sweep: String) {
  upsertBucket(input: {id: $id, name: $name, modelName: $project, entityName: $entity, config: $config, summaryMetrics: $summaryMetrics, sweep: $sweep}) {
    bucket { id name displayName config sweepName historyLineCount project { id name entity { id name } } }
    inserted
  }
}`;

test('probes: __type answers for Query, Mutation, ServerInfo and ServerSettings from the schema; an unknown type is null', async () => {
  const { gql } = await setup();
  const { status, body } = await gql(`query ProbeServerCapabilities {
    QueryType: __type(name: "Query") { ...fieldData } MutationType: __type(name: "Mutation") { ...fieldData }
    ServerInfoType: __type(name: "ServerInfo") { ...fieldData } Settings: __type(name: "ServerSettings") { ...fieldData } Nope: __type(name: "Nope") { ...fieldData } }
    fragment fieldData on __Type { fields { name } }`);
  assert.equal(status, 200);
  const names = (t: { fields: Array<{ name: string }> }) => t.fields.map((f) => f.name);
  assert.ok(names(body.data.QueryType).includes('serverInfo'));
  assert.ok(names(body.data.MutationType).includes('createRunFiles'));
  assert.ok(names(body.data.ServerInfoType).includes('cliVersionInfo'));
  assert.deepEqual(body.data.Settings, { fields: [{ name: 'serverMessages' }] });
  assert.ok(!names(body.data.MutationType).includes('createRunQueue'), 'launch is not implemented, so not declared');
  assert.equal(body.data.Nope, null);
});

test('Viewer and ServerFeaturesQuery', async () => {
  const { gql } = await setup();
  const { body } = await gql(`query Viewer { viewer { id entity username email flags teams { edges { node { name } } } }
    serverInfo { cliVersionInfo latestLocalVersionInfo { outOfDate latestVersionString } features { name isEnabled } } }`);
  assert.equal(body.data.viewer.entity, 'admin');
  assert.equal(typeof body.data.viewer.flags, 'string');
  assert.deepEqual(body.data.viewer.teams, { edges: [] });
  assert.equal(typeof body.data.serverInfo.cliVersionInfo.max_cli_version, 'string', 'a JSON object: the client reads max_cli_version from it');
  assert.ok(Array.isArray(body.data.serverInfo.features));
});

test('UpsertBucket: default entity, Python config form kept, plain form wrapped', async () => {
  const { gql } = await setup();
  const python = JSON.stringify({ lr: { desc: null, value: 0.1 }, _wandb: { desc: null, value: { cli_version: '0.16.6' } } });
  const first = await gql(UPSERT, { name: 'run1', project: 'proj', entity: null, config: python });
  assert.equal(first.status, 200);
  const bucket = first.body.data.upsertBucket.bucket;
  assert.equal(first.body.data.upsertBucket.inserted, true);
  assert.equal(bucket.project.entity.name, 'admin');
  assert.equal(typeof bucket.config, 'string');
  assert.deepEqual(JSON.parse(bucket.config), JSON.parse(python));
  assert.equal(bucket.historyLineCount, 0);
  const plain = await gql(UPSERT, { name: 'run2', project: 'proj', config: JSON.stringify({ lr: 0.2 }) });
  assert.deepEqual(JSON.parse(plain.body.data.upsertBucket.bucket.config), { lr: { value: 0.2, desc: null } });
  const again = await gql(UPSERT, { name: 'run1', project: 'proj', summaryMetrics: JSON.stringify({ best: 1 }), sweep: 'abc123' });
  assert.equal(again.body.data.upsertBucket.inserted, false);
  assert.equal(again.body.data.upsertBucket.bucket.sweepName, 'abc123');
  assert.deepEqual(JSON.parse(again.body.data.upsertBucket.bucket.config), JSON.parse(python), 'config untouched when not sent');
});

test('UpsertBucket: a run created without a display name gets a readable one, numbered in its project, and keeps it', async () => {
  const { gql } = await setup();
  const NAMED = 'mutation UpsertBucket($name: String, $project: String, $displayName: String) { upsertBucket(input: {name: $name, modelName: $project, displayName: $displayName}) { bucket { displayName } } }';
  const names: string[] = [];
  for (const run of ['a', 'b', 'c']) names.push((await gql(NAMED, { name: run, project: 'proj', displayName: run === 'b' ? 'mine' : null })).body.data.upsertBucket.bucket.displayName);
  assert.match(names[0], /^[a-z]+-[a-z]+-1$/);
  assert.equal(names[1], 'mine');
  assert.match(names[2], /^[a-z]+-[a-z]+-3$/);
  assert.match((await gql(NAMED, { name: 'x', project: 'other', displayName: '' })).body.data.upsertBucket.bucket.displayName, /^[a-z]+-[a-z]+-1$/, 'counted per project');
  const again = await gql(NAMED, { name: 'a', project: 'proj', displayName: null });
  assert.equal(again.body.data.upsertBucket.bucket.displayName, names[0], 'an update without a name keeps the generated one');
});

test('file_stream: history by offset is idempotent, summary replaced, console kept, complete with exit code', async () => {
  const { gql, stream, store } = await setup();
  await gql(UPSERT, { name: 'r', project: 'proj' });
  const line = (step: number) => JSON.stringify({ loss: 1 / (step + 1), _step: step });
  const batch = { files: { 'wandb-history.jsonl': { offset: 0, content: [line(0), line(1)] }, 'output.log': { offset: 0, content: ['hello\n'] } }, dropped: 0 };
  assert.equal((await stream('r', batch)).statusCode, 200);
  assert.equal((await stream('r', batch)).statusCode, 200, 'a retried batch');
  await stream('r', { files: { 'wandb-history.jsonl': { offset: 2, content: [line(2)] }, 'wandb-summary.json': { offset: 0, content: [JSON.stringify({ loss: 0.33 })] } } });
  const key = { entity: 'admin', project: 'proj', name: 'r' };
  assert.deepEqual((await store.readLines(key, 'history', 0, 10)).map((l) => JSON.parse(l)._step), [0, 1, 2]);
  assert.deepEqual(await store.readLines(key, 'log', 0, 10), ['hello']);
  // wandb-core rewrites a console line (a \r progress bar) by sending the same offset again.
  await stream('r', { files: { 'output.log': { offset: 0, content: ['hello, rewritten'] } } });
  assert.deepEqual(await store.readLines(key, 'log', 0, 10), ['hello, rewritten']);
  const response = await stream('r', { complete: true, exitcode: 1, dropped: 0, uploaded: [] });
  assert.deepEqual(response.json(), { exitcode: null, limits: {}, stopped: false });
  const run = await store.getRun(key);
  assert.equal(run?.state, 'failed');
  assert.equal(run?.historyLineCount, 3);
  assert.deepEqual(run?.summary, { loss: 0.33 });
});

test('file_stream writes its first history lines before the body is parsed: a body refused after them, or parsed otherwise, writes nothing of them', async () => {
  const { app, gql, stream, store } = await setup();
  await gql(UPSERT, { name: 'early', project: 'proj' });
  const key = { entity: 'admin', project: 'proj', name: 'early' };
  // Lines of about 400 bytes, as a run that logs a few dozen keys writes: bodies from 80 lines on take this path.
  const line = (step: number, value = 1) => JSON.stringify({ _step: step, loss: value, note: 'x'.repeat(380) });
  const lines = (from: number, count: number, value?: number) => Array.from({ length: count }, (_, i) => line(from + i, value));
  const history = (offset: number, content: string[]) => ({ 'wandb-history.jsonl': { offset, content } });
  const refused = async (payload: unknown, message: RegExp) => {
    const response = await stream('early', payload, { 'content-type': 'application/json' });
    assert.equal(response.statusCode, 400, response.body);
    assert.match(response.json().errors[0].message, message);
  };
  await refused(`${JSON.stringify({ files: history(0, lines(0, 120)) }).slice(0, -1)},`, /^Body is not valid JSON/);
  await refused(`{"files": {"wandb-history.jsonl": {"offset": 0, "content": ["not json", ${lines(1, 100).map((l) => JSON.stringify(l)).join(', ')}]}}, "dropped": }`, /^Body is not valid JSON/);
  await refused({ files: history(0, [...lines(0, 100), '[1]']) }, /wandb-history\.jsonl: each line must be a JSON object/);
  await refused({ files: history(0, lines(0, 100)), exitcode: 'x' }, /exitcode must be an integer/);
  await refused({ files: { ...history(0, lines(0, 100)), 'wandb-summary.json': { offset: 0, content: ['[]'] } } }, /wandb-summary\.json: each line must be a JSON object/);
  await refused({ files: history(5, lines(5, 100)) }, /offset 5 is past the lines stored/);
  await refused({ files: { 'output.log': { offset: 3, content: ['x'] }, ...history(0, lines(0, 100)) } }, /files\.output\.log: offset 3 is past the lines stored/);
  const run = await store.getRun(key);
  assert.deepEqual([run?.historyLineCount, run?.logLineCount, run?.summary, await store.readLines(key, 'history', 0, 10)], [0, 0, {}, []], 'nothing of the refused requests');
  // "files" twice: JSON keeps the last, so the lines read first are not those written.
  const twice = `{"files": ${JSON.stringify(history(0, lines(0, 80, 1)))}, "files": ${JSON.stringify({ ...history(0, lines(0, 70, 2)), 'output.log': { offset: 0, content: ['x'] } })}}`;
  assert.equal((await stream('early', twice, { 'content-type': 'application/json' })).statusCode, 200);
  assert.deepEqual(await store.readLines(key, 'history', 0, 100), lines(0, 70, 2));
  assert.deepEqual([(await store.getRun(key))?.historyLineCount, await store.readLines(key, 'log', 0, 10)], [70, ['x']]);
  // A request longer than what is read before the parse: its rows reach the kept columns charts read, all of them.
  assert.equal((await stream('early', { files: history(70, lines(70, 700, 3)) })).statusCode, 200);
  assert.deepEqual(await store.readLines(key, 'history', 0, 1000), [...lines(0, 70, 2), ...lines(70, 700, 3)]);
  const chart = await app.inject({ method: 'GET', url: '/api/v1/runs/admin/proj/early/history?keys=loss&points=100000', headers: { authorization: authHeader() } });
  assert.deepEqual(chart.json().series.loss.y, [...Array(70).fill(2), ...Array(700).fill(3)]);
});

test('file_stream accepts gzip bodies', async () => {
  const { gql, stream, store } = await setup();
  await gql(UPSERT, { name: 'g', project: 'proj' });
  const body = gzipSync(JSON.stringify({ files: { 'wandb-history.jsonl': { offset: 0, content: ['{"a": 1}'] } } }));
  const response = await stream('g', body, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
  assert.equal(response.statusCode, 200, response.body);
  assert.deepEqual(await store.readLines({ entity: 'admin', project: 'proj', name: 'g' }, 'history', 0, 10), ['{"a": 1}']);
});

test('a stopped run: RunStoppedStatus and the file_stream response both say so', async () => {
  const { gql, stream, store } = await setup();
  await gql(UPSERT, { name: 's', project: 'proj' });
  const status = () => gql('query RunStoppedStatus($e: String, $p: String!, $r: String!) { project(name: $p, entityName: $e) { run(name: $r) { stopped } } }', { e: 'admin', p: 'proj', r: 's' });
  assert.equal((await status()).body.data.project.run.stopped, false);
  await store.requestStop({ entity: 'admin', project: 'proj', name: 's' });
  assert.equal((await status()).body.data.project.run.stopped, true);
  assert.equal((await stream('s', { files: {} })).json().stopped, true);
});

const RESUME_STATUS = `query RunResumeStatus($project: String, $entity: String, $name: String!) {
  model(name: $project, entityName: $entity) { id name entity { id name } bucket(name: $name, missingOk: true) {
    id name summaryMetrics displayName logLineCount historyLineCount eventsLineCount historyTail eventsTail config tags wandbConfig(keys: ["t"]) } } }`;

test('a resumed run gets what the clients read to continue (RunResumeStatus): tails, line counts, config, summary, wandbConfig', async () => {
  const { gql, stream } = await setup();
  const config = JSON.stringify({ lr: { desc: null, value: 0.1 }, _wandb: { desc: null, value: { cli_version: '0.18.7', t: { '1': [1] }, m: [] } } });
  await gql(UPSERT, { name: 'res', project: 'proj', config });
  await stream('res', { files: {
    'wandb-history.jsonl': { offset: 0, content: ['{"_step": 0, "_runtime": 1}', '{"_step": 1, "_runtime": 2}'] },
    'wandb-events.jsonl': { offset: 0, content: ['{"system.cpu": 3, "_runtime": 4}'] },
    'output.log': { offset: 0, content: ['a\n', 'b\n', 'c\n'] },
    'wandb-summary.json': { offset: 0, content: ['{"_step": 1, "best": 0.5}'] },
  } });
  const { body } = await gql(RESUME_STATUS, { project: 'proj', entity: null, name: 'res' });
  const bucket = body.data.model.bucket;
  assert.equal(bucket.historyLineCount, 2);
  assert.equal(bucket.eventsLineCount, 1);
  assert.equal(bucket.logLineCount, 3);
  assert.deepEqual(JSON.parse(bucket.historyTail), ['{"_step": 0, "_runtime": 1}', '{"_step": 1, "_runtime": 2}']);
  assert.deepEqual(JSON.parse(bucket.eventsTail), ['{"system.cpu": 3, "_runtime": 4}'], 'a JSON string of lines: 0.16 json.loads it');
  assert.deepEqual(JSON.parse(bucket.wandbConfig), { t: { '1': [1] } }, '0.17+ resume only when "t" is in it');
  assert.deepEqual(JSON.parse(bucket.config), JSON.parse(config));
  assert.deepEqual(JSON.parse(bucket.summaryMetrics), { _step: 1, best: 0.5 });
  const missing = await gql('query { model(name: "proj", entityName: "admin") { bucket(name: "nope") { id } } }');
  assert.deepEqual(missing.body, { data: { model: { bucket: null } } });
});

test('a run pre-created by a sweep and never initialised has no "t" in wandbConfig and empty tails (it starts fresh)', async () => {
  const { gql } = await setup();
  await gql(UPSERT, { name: 'pre', project: 'proj', config: JSON.stringify({ lr: 0.1 }) });
  const bucket = (await gql(RESUME_STATUS, { project: 'proj', entity: 'admin', name: 'pre' })).body.data.model.bucket;
  assert.equal(bucket.wandbConfig, '{}');
  assert.equal(bucket.historyTail, '[]');
  assert.equal(bucket.eventsTail, '[]');
});

test('CreateRunFiles and RunUploadUrls give absolute signed URLs; the client PUTs without credentials', async () => {
  const { app, gql } = await setup();
  await gql(UPSERT, { name: 'f', project: 'proj' });
  const created = await gql(`mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
    createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, files: $files}) { runID uploadHeaders files { name uploadUrl } } }`,
  { entity: 'admin', project: 'proj', run: 'f', files: ['wandb-metadata.json', 'media/images/a.png'] });
  const [meta] = created.body.data.createRunFiles.files;
  assert.match(meta.uploadUrl, /^http:\/\/sextant\.test:9000\/storage\/admin\/proj\/f\/wandb-metadata\.json\?sig=[0-9a-f]{64}$/);
  const path = meta.uploadUrl.slice('http://sextant.test:9000'.length);
  assert.equal((await app.inject({ method: 'PUT', url: path, payload: '{"os": "linux"}', headers: { 'content-type': 'application/octet-stream' } })).statusCode, 200);
  const read = await app.inject({ method: 'GET', url: '/storage/admin/proj/f/wandb-metadata.json', headers: { authorization: authHeader() } });
  assert.equal(read.body, '{"os": "linux"}');
  assert.equal((await app.inject({ method: 'PUT', url: path.replace(/sig=./, 'sig=0'), payload: 'x' })).statusCode, 403);
  const legacy = await gql(`query RunUploadUrls($name: String!, $files: [String]!, $entity: String, $run: String!) {
    model(name: $name, entityName: $entity) { bucket(name: $run) { id files(names: $files) { uploadHeaders edges { node { name url(upload: true) updatedAt } } } } } }`,
  { name: 'proj', entity: 'admin', run: 'f', files: ['config.yaml'] });
  assert.match(legacy.body.data.model.bucket.files.edges[0].node.url, /\/storage\/admin\/proj\/f\/config\.yaml\?sig=/);
});

test('bad input answers 4xx with a message and changes nothing', async () => {
  const { app, gql, stream, store } = await setup({ bodyLimit: 10_000 });
  const malformed = await gql('query { viewer { ');
  assert.equal(malformed.status, 400);
  assert.match(malformed.body.errors![0].message, /malformed GraphQL/);
  const badJson = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader(), 'content-type': 'application/json' }, payload: '{"query": ' });
  assert.equal(badJson.statusCode, 400);
  const unknownOperation = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query: 'query A { viewer { id } }', operationName: 'B' } });
  assert.equal(unknownOperation.statusCode, 400);
  const big = await stream('x', { files: { 'output.log': { offset: 0, content: ['x'.repeat(20_000)] } } });
  assert.equal(big.statusCode, 413);
  await gql(UPSERT, { name: 'keep', project: 'proj' });
  const badLine = await stream('keep', { files: { 'wandb-history.jsonl': { offset: 0, content: ['{"ok": 1}', 'not json'] } } });
  assert.equal(badLine.statusCode, 400);
  assert.match(badLine.json().errors[0].message, /wandb-history\.jsonl: each line must be a JSON object/);
  assert.deepEqual(await store.readLines({ entity: 'admin', project: 'proj', name: 'keep' }, 'history', 0, 10), []);
  assert.equal((await stream('keep', { files: { 'wandb-history.jsonl': { offset: -1, content: [] } } })).statusCode, 400);
  assert.equal((await stream('nope', { files: {} })).statusCode, 400);
  const badConfig = await gql(UPSERT, { name: 'bc', project: 'proj', config: '{not json' });
  assert.equal(badConfig.status, 400);
  assert.equal(await store.getRun({ entity: 'admin', project: 'proj', name: 'bc' }), undefined);
  for (const name of ['../escape', '/etc/passwd', 'a\0b', 'a\\..\\b', 'media/../../x']) {
    const files = await gql('mutation($f: [String!]!) { createRunFiles(input: {entityName: "admin", projectName: "proj", runName: "keep", files: $f}) { files { uploadUrl } } }', { f: [name] });
    assert.equal(files.status, 400, name);
    assert.match(files.body.errors![0].message, /file name/);
  }
  const traversal = await app.inject({ method: 'PUT', url: '/storage/admin/proj/keep/..%2F..%2Fx', headers: { authorization: authHeader() }, payload: 'x' });
  assert.equal(traversal.statusCode, 400);
});

test('run files above the size limit are refused with 413 and not stored', async () => {
  const { app } = await setup({ fileLimit: 1000 });
  const put = (size: number) => app.inject({ method: 'PUT', url: '/storage/admin/proj/r/big.bin', headers: { authorization: authHeader(), 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(size) });
  assert.equal((await put(5000)).statusCode, 413);
  assert.equal((await app.inject({ method: 'GET', url: '/storage/admin/proj/r/big.bin', headers: { authorization: authHeader() } })).statusCode, 404);
  assert.equal((await put(500)).statusCode, 200);
});

test('a checked key is remembered for the cache time only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-cache-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await bootstrapAdmin(store, TEST_KEY);
  const app = buildApp({ store, filesDir: join(dir, 'files'), secret: Buffer.alloc(32, 7), authCacheMs: 60_000 });
  const viewer = () => app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query: '{ viewer { id } }' } });
  assert.equal((await viewer()).statusCode, 200);
  const admin = await store.findUser('admin');
  await store.revokeApiKey(admin!.id, (await store.listApiKeys(admin!.id))[0].id);
  assert.equal((await viewer()).statusCode, 200, 'still cached');
  const fresh = buildApp({ store, filesDir: join(dir, 'files'), secret: Buffer.alloc(32, 7), authCacheMs: 0 });
  assert.equal((await fresh.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query: '{ viewer { id } }' } })).statusCode, 401);
});

test('a wrong or missing key gets 401 with a message', async () => {
  const { app, gql } = await setup();
  const wrong = await gql('query { viewer { id } }', {}, 'x'.repeat(40));
  assert.equal(wrong.status, 401);
  assert.match(wrong.body.errors![0].message, /invalid or missing API key/);
  assert.equal((await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ viewer { id } }' } })).statusCode, 401);
  assert.equal((await app.inject({ method: 'POST', url: '/files/admin/proj/r/file_stream', payload: {} })).statusCode, 401);
});

test("a second user can neither read nor write the first user's project", async () => {
  const { app, gql, store } = await setup();
  await gql(UPSERT, { name: 'mine', project: 'proj' });
  const write = await gql(UPSERT, { name: 'theirs', project: 'proj', entity: 'admin' }, OTHER_KEY);
  assert.equal(write.status, 403);
  const read = await gql('query { project(name: "proj", entityName: "admin") { run(name: "mine") { config } } }', {}, OTHER_KEY);
  assert.equal(read.status, 403);
  const streamed = await app.inject({ method: 'POST', url: '/files/admin/proj/mine/file_stream', headers: { authorization: authHeader(OTHER_KEY) }, payload: { files: {} } });
  assert.equal(streamed.statusCode, 403);
  const file = await app.inject({ method: 'GET', url: '/storage/admin/proj/mine/output.log', headers: { authorization: authHeader(OTHER_KEY) } });
  assert.equal(file.statusCode, 403);
  assert.equal(await store.getRun({ entity: 'admin', project: 'proj', name: 'theirs' }), undefined);
  const own = await gql(UPSERT, { name: 'b1', project: 'proj' }, OTHER_KEY);
  assert.equal(own.body.data.upsertBucket.bucket.project.entity.name, 'bob');
});

test('a running run with no request for the timeout becomes crashed', async () => {
  const { gql, store } = await setup();
  await gql(UPSERT, { name: 'quiet', project: 'proj' });
  assert.deepEqual(await store.crashStaleRuns(60_000), []);
  assert.deepEqual(await store.crashStaleRuns(-1000), [{ entity: 'admin', project: 'proj', name: 'quiet' }]);
  assert.equal((await store.getRun({ entity: 'admin', project: 'proj', name: 'quiet' }))?.state, 'crashed');
});

test('NaN and ±Infinity as the Python client writes them: the whole batch is stored and read back by every reader', async () => {
  const { app, gql, stream } = await setup();
  await gql(UPSERT, { name: 'nan', project: 'proj', config: '{"lr": {"value": NaN, "desc": null}}' });
  const response = await stream('nan', { files: {
    'wandb-history.jsonl': { offset: 0, content: ['{"_step": 0, "loss": 1.0}', '{"_step": 1, "loss": NaN, "acc": Infinity}', '{"_step": 2, "loss": 0.5, "acc": -Infinity}'] },
    'wandb-summary.json': { offset: 0, content: ['{"_step": 2, "loss": 0.5, "acc": -Infinity, "worst": NaN}'] },
  } });
  assert.equal(response.statusCode, 200, response.body);
  const { body } = await gql(`query { project(name: "proj", entityName: "admin") { run(name: "nan") {
    historyLineCount config summaryMetrics history(samples: 10) sampledHistory(specs: ["{\\"keys\\": [\\"_step\\", \\"loss\\"], \\"samples\\": 10}"]) } } }`);
  const run = body.data.project.run;
  assert.equal(run.historyLineCount, 3);
  assert.deepEqual(run.history, ['{"_step": 0, "loss": 1.0}', '{"_step": 1, "loss": NaN, "acc": Infinity}', '{"_step": 2, "loss": 0.5, "acc": -Infinity}'], 'rows as logged: Python json.loads reads nan/inf');
  assert.equal(run.summaryMetrics, '{"_step":2,"loss":0.5,"acc":-Infinity,"worst":NaN}');
  assert.equal(run.config, '{"lr":{"value":NaN,"desc":null}}');
  assert.deepEqual(run.sampledHistory, [[{ _step: 0, loss: 1 }, { _step: 1, loss: 'NaN' }, { _step: 2, loss: 0.5 }]], 'standard JSON for strict parsers');
  const native = (await app.inject({ method: 'GET', url: '/api/v1/runs/admin/proj/nan', headers: { authorization: authHeader() } })).json();
  assert.deepEqual({ acc: native.summary.acc, worst: native.summary.worst, lr: native.config.lr }, { acc: '-Infinity', worst: 'NaN', lr: 'NaN' });
  const series = (await app.inject({ method: 'GET', url: '/api/v1/runs/admin/proj/nan/history?keys=loss', headers: { authorization: authHeader() } })).json();
  assert.deepEqual(series.series.loss, { x: [0, 2], y: [1, 0.5], count: 2 }, 'a chart leaves out the points it cannot place');
});
