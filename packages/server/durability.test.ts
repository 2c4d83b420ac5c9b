// Nothing the server acknowledged is lost when it is killed with SIGKILL mid-stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeader, startServerProcess } from './testing/server-process.ts';

test('kill -9 while a client streams: acknowledged history survives; retries complete the run', { timeout: 60_000 }, async () => {
  let server = await startServerProcess();
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const upsert = await post('/graphql', { query: 'mutation { upsertBucket(input: {name: "k9", modelName: "durable"}) { bucket { id } } }' });
  assert.equal(upsert.status, 200);
  const stream = '/files/admin/durable/k9/file_stream';
  const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ _step: from + i, loss: 1 / (from + i + 1) }));
  let acknowledged = 0;
  for (let batch = 0; batch < 20; batch++) {
    const { status } = await post(stream, { files: { 'wandb-history.jsonl': { offset: acknowledged, content: lines(acknowledged, 25) } } });
    assert.equal(status, 200);
    acknowledged += 25;
  }
  // A batch in flight when the server dies: it may or may not have been stored.
  const inFlight = fetch(`${server.url}${stream}`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' },
    body: JSON.stringify({ files: { 'wandb-history.jsonl': { offset: acknowledged, content: lines(acknowledged, 25) } } }) }).catch(() => undefined);
  await server.stop('SIGKILL');
  await inFlight;

  server = await startServerProcess(server.dataDir);
  try {
    const resume = await post('/graphql', { query: 'query { model(name: "durable", entityName: "admin") { bucket(name: "k9") { historyLineCount } } }' });
    const count = resume.body.data.model.bucket.historyLineCount;
    assert.ok(count === acknowledged || count === acknowledged + 25, `history has ${count} lines, ${acknowledged} acknowledged`);
    // The client retries what it did not get an answer for, then finishes.
    assert.equal((await post(stream, { files: { 'wandb-history.jsonl': { offset: acknowledged, content: lines(acknowledged, 25) } } })).status, 200);
    assert.equal((await post(stream, { complete: true, exitcode: 0 })).status, 200);
    const after = await post('/graphql', { query: 'query { model(name: "durable", entityName: "admin") { bucket(name: "k9") { historyLineCount state historyTail } } }' });
    const bucket = after.body.data.model.bucket;
    assert.equal(bucket.historyLineCount, acknowledged + 25);
    assert.equal(bucket.state, 'finished');
    assert.deepEqual(JSON.parse(bucket.historyTail).map((l: string) => JSON.parse(l)._step), Array.from({ length: 10 }, (_, i) => acknowledged + 15 + i));
  } finally {
    await server.stop();
  }
});

test('a sweep survives kill -9 of the server: no assignment lost or handed out twice', { timeout: 60_000 }, async () => {
  let server = await startServerProcess();
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as any;
  };
  const created = await gql('mutation($c: String) { upsertSweep(input: {config: $c, projectName: "restart"}) { sweep { name } } }', { c: 'method: grid\nparameters: {a: {values: [1, 2, 3, 4]}}\n' });
  const sweep = created.data.upsertSweep.sweep.name;
  const agentId = (await gql('mutation($s: String!) { createAgent(input: {host: "h", projectName: "restart", sweep: $s}) { agent { id } } }', { s: sweep })).data.createAgent.agent.id;
  const beat = async () => JSON.parse((await gql('mutation($id: ID!) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: "{}"}) { commands } }', { id: agentId })).data.agentHeartbeat.commands);
  const finish = async (run: string) => {
    await gql('mutation($n: String) { upsertBucket(input: {name: $n, modelName: "restart"}) { bucket { id } } }', { n: run });
    const response = await fetch(`${server.url}/files/admin/restart/${run}/file_stream`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ complete: true, exitcode: 0 }) });
    assert.equal(response.status, 200);
  };
  const values: unknown[] = [];
  for (let i = 0; i < 2; i++) {
    const [run] = await beat();
    values.push(run.args.a.value);
    await finish(run.run_id);
  }
  await server.stop('SIGKILL');
  server = await startServerProcess(server.dataDir);
  try {
    for (let i = 0; i < 2; i++) {
      const [run] = await beat();
      values.push(run.args.a.value);
      await finish(run.run_id);
    }
    assert.deepEqual(values, [1, 2, 3, 4]);
    assert.deepEqual(await beat(), [{ type: 'exit' }]);
  } finally {
    await server.stop();
  }
});
