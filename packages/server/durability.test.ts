// Nothing the server acknowledged is lost when it is killed with SIGKILL mid-stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeader, startServerProcess } from './testing/server-process.ts';
import { SweepClient, type RunCommand } from './testing/sweep-client.ts';

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
  let client = new SweepClient(server.url, 'restart');
  const sweep = await client.createSweep('method: grid\nparameters: {a: {values: [1, 2, 3, 4]}}\n');
  const agentId = await client.createAgent(sweep);
  const beat = () => client.heartbeat(agentId);
  const values: unknown[] = [];
  const runOne = async () => {
    const [run] = await beat();
    assert.equal(run.type, 'run');
    values.push((run as RunCommand).args.a.value);
    await client.finishRun((run as RunCommand).run_id);
  };
  for (let i = 0; i < 2; i++) await runOne();
  await server.stop('SIGKILL');
  server = await startServerProcess(server.dataDir);
  client = new SweepClient(server.url, 'restart');
  try {
    for (let i = 0; i < 2; i++) await runOne();
    assert.deepEqual(values, [1, 2, 3, 4]);
    assert.deepEqual(await beat(), [{ type: 'exit' }]);
  } finally {
    await server.stop();
  }
});
