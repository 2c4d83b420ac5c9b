// file_stream acknowledges only what is read back: a `_step` no step read finds, an offset past the
// stored lines or beyond 2^53 are refused (naming the line), and nothing of the batch is written.
import assert from 'node:assert/strict';
import { eachStore, withPostgres } from '../testing/security-target.ts';

withPostgres();

const KEY = { entity: 'admin', project: 'p', name: 'r' };

eachStore('a non-numeric, fractional, negative or huge _step, and an offset of 1e20 or past the end, are 400s; the run is unchanged', async (t) => {
  await t.gql('mutation { upsertBucket(input: {name: "r", modelName: "p"}) { bucket { id } } }');
  const stream = (files: Record<string, unknown>) => t.send({ method: 'POST', url: '/files/admin/p/r/file_stream', payload: { files } });
  const ok = await stream({ 'wandb-history.jsonl': { offset: 0, content: ['{"_step": 0, "loss": 1}', '{"_step": 1, "loss": 0.5}'] } });
  assert.equal(ok.statusCode, 200);
  const before = await t.snapshot();
  const steps: Array<[string, string]> = [['"5"', '"5"'], ['null', 'null'], ['true', 'true'], ['1.5', '1.5'], ['-1', '-1'], ['1e20', '100000000000000000000'], ['NaN', 'NaN'], ['{"a": 1}', '{"a":1}']];
  for (const [step, shown] of steps) {
    const response = await stream({ 'wandb-history.jsonl': { offset: 2, content: ['{"_step": 2, "loss": 0.4}', `{"_step": ${step}, "loss": 0.3}`] }, 'wandb-summary.json': { offset: 0, content: ['{"loss": 0.3}'] } });
    assert.equal(response.statusCode, 400, step);
    assert.equal(response.json().errors[0].message,
      `files.wandb-history.jsonl: the line at offset 3 has _step ${shown}; it must be an integer from 0 to 9007199254740991, or the row could never be read back by step`);
  }
  for (const offset of [1e20, 2 ** 53, -1, 2.5, '2']) {
    const response = await stream({ 'wandb-history.jsonl': { offset, content: ['{"_step": 2}'] } });
    assert.equal(response.statusCode, 400, String(offset));
    assert.match(response.json().errors[0].message, /files\.wandb-history\.jsonl must be \{"offset": <integer from 0 to 9007199254740991>/);
  }
  for (const [name, offset] of [['wandb-history.jsonl', 3], ['wandb-events.jsonl', 1], ['output.log', 7]] as const) {
    const response = await stream({ [name]: { offset, content: [name === 'output.log' ? 'text' : '{"_step": 9}'] } });
    assert.equal(response.statusCode, 400, name);
    assert.equal(response.json().errors[0].message, `files.${name}: offset ${offset} is past the lines stored for this run; send lines in order from the stored end`);
  }
  assert.equal(await t.snapshot(), before, 'nothing of a refused batch was written');
  assert.equal((await t.store.getRun(KEY))?.historyLineCount, 2);
  // What is acknowledged is read back by step; a retried batch lands on the same lines.
  for (let i = 0; i < 2; i++) assert.equal((await stream({ 'wandb-history.jsonl': { offset: 2, content: ['{"_step": 2, "loss": 0.25}'] } })).statusCode, 200);
  assert.deepEqual((await t.store.readSteps(KEY, 'history', 0, 10)).map((line) => JSON.parse(line).loss), [1, 0.5, 0.25]);
});

eachStore('a refused line far into a large request (lines are written part by part while the rest are checked) leaves nothing of the request written; the run takes the next', async (t) => {
  await t.gql('mutation { upsertBucket(input: {name: "r", modelName: "p"}) { bucket { id } } }');
  const stream = (files: Record<string, unknown>) => t.send({ method: 'POST', url: '/files/admin/p/r/file_stream', payload: { files } });
  const rows = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => JSON.stringify({ _step: from + i, loss: 1 / (from + i + 1) }));
  assert.equal((await stream({ 'wandb-history.jsonl': { offset: 0, content: rows(0, 10) } })).statusCode, 200);
  const before = await t.snapshot();
  for (const [bad, message] of [['not json', /line must be a JSON object, got "not json"/], ['{"_step": -4}', /the line at offset 709 has _step -4/]] as const) {
    const content = rows(10, 1200);
    content[699] = bad;
    const response = await stream({ 'wandb-history.jsonl': { offset: 10, content }, 'wandb-summary.json': { offset: 0, content: ['{"loss": 0}'] } });
    assert.equal(response.statusCode, 400, bad);
    assert.match(response.json().errors[0].message, message);
  }
  const content = rows(10, 1200);
  content[1199] = '[1]';
  assert.equal((await stream({ 'wandb-history.jsonl': { offset: 10, content } })).statusCode, 400, 'the last line');
  assert.equal(await t.snapshot(), before, 'nothing of a refused request was written');
  assert.equal((await stream({ 'wandb-history.jsonl': { offset: 10, content: rows(10, 1200) }, 'wandb-summary.json': { offset: 0, content: ['{"loss": 0.5}'] } })).statusCode, 200);
  assert.equal((await t.store.getRun(KEY))?.historyLineCount, 1210);
  assert.deepEqual((await t.store.getRun(KEY))?.summary, { loss: 0.5 });
  assert.deepEqual((await t.store.readSteps(KEY, 'history', 0, 2000)).map((line) => JSON.parse(line)._step), Array.from({ length: 1210 }, (_, i) => i));
});

eachStore('a request as wandb-core sends it (history, console, system metrics and summary) is written whole or not at all', async (t) => {
  await t.gql('mutation { upsertBucket(input: {name: "r", modelName: "p"}) { bucket { id } } }');
  const stream = (files: Record<string, unknown>) => t.send({ method: 'POST', url: '/files/admin/p/r/file_stream', payload: { files } });
  const rows = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => JSON.stringify({ _step: from + i, loss: 1 / (from + i + 1) }));
  const request = (log: { offset: number; content: string[] }, events: string) => ({
    'output.log': log,
    'wandb-events.jsonl': { offset: 1, content: [events] },
    'wandb-history.jsonl': { offset: 10, content: rows(10, 1200) },
    'wandb-summary.json': { offset: 0, content: ['{"loss": 0.25}'] },
  });
  assert.equal((await stream({ 'wandb-history.jsonl': { offset: 0, content: rows(0, 10) }, 'wandb-events.jsonl': { offset: 0, content: ['{"_runtime": 1}'] }, 'output.log': { offset: 0, content: ['step 0\n'] } })).statusCode, 200);
  const before = await t.snapshot();
  const gap = await stream(request({ offset: 5, content: ['step 10\n'] }, '{"_runtime": 2}'));
  assert.equal(gap.statusCode, 400);
  assert.equal(gap.json().errors[0].message, 'files.output.log: offset 5 is past the lines stored for this run; send lines in order from the stored end');
  const bad = await stream(request({ offset: 1, content: ['step 10\n'] }, '{"_runtime": '));
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().errors[0].message, /files\.wandb-events\.jsonl: each line must be a JSON object/);
  assert.equal(await t.snapshot(), before, 'nothing of a refused request was written');
  assert.equal((await stream(request({ offset: 1, content: ['step 10\n', 'step 600\n'] }, '{"_runtime": 2}'))).statusCode, 200);
  const run = await t.store.getRun(KEY);
  assert.deepEqual([run?.historyLineCount, run?.eventsLineCount, run?.logLineCount, run?.summary], [1210, 2, 3, { loss: 0.25 }]);
  assert.deepEqual(await t.store.readLines(KEY, 'log', 0, 10), ['step 0', 'step 10', 'step 600']);
});
