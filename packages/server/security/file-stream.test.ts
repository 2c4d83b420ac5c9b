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
